// SPDX-License-Identifier: Apache-2.0
#include "zkacc/models/model.h"

#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <stdexcept>

namespace zkacc::models {
namespace {

using Json = nlohmann::json;

std::runtime_error Error(const std::string& where, const std::string& what) {
  return std::runtime_error(where + ": " + what);
}

uint64_t Product(const Json& shape) {
  uint64_t p = 1;
  for (const Json& d : shape) p *= d.get<uint64_t>();
  return p;
}

uint64_t GetU64(const Json& j, const char* key, const std::string& where) {
  if (!j.contains(key)) throw Error(where, std::string("missing field \"") + key + "\"");
  const Json& v = j.at(key);
  if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<int64_t>() >= 0)) {
    throw Error(where, std::string("field \"") + key + "\" must be a non-negative integer");
  }
  return v.get<uint64_t>();
}

std::string GetStr(const Json& j, const char* key) {
  if (!j.contains(key) || j.at(key).is_null()) return "";
  if (!j.at(key).is_string()) return "";
  return j.at(key).get<std::string>();
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot open");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Layer Elementwise(const std::string& op, uint64_t elements, uint64_t in_elements = 0,
                  const std::string& fn = "") {
  Layer l;
  l.op = op;
  l.fn = fn;
  l.elements = elements;
  l.in_elements = in_elements ? in_elements : elements;
  return l;
}

Layer MatMul(uint64_t rows, uint64_t in, uint64_t out, const std::string& weights,
             const std::string& activation = "") {
  Layer l;
  l.op = "matmul";
  l.weights = weights;
  l.activation = activation;
  l.rows = rows;
  l.in_features = in;
  l.out_features = out;
  l.elements = rows * out;
  l.in_elements = rows * in;
  return l;
}

// zkml's LayerNorm as the layer graph shows it: residual add, mean, squared difference, mean,
// add epsilon, rsqrt, three multiplies, subtract, add.
void AppendLayerNorm(std::vector<Layer>* l, uint64_t seq, uint64_t width) {
  const uint64_t e = seq * width;
  l->push_back(Elementwise("add", e));
  l->push_back(Elementwise("mean", seq, e));
  l->push_back(Elementwise("squareddifference", e));
  l->push_back(Elementwise("mean", seq, e));
  l->push_back(Elementwise("add", seq));
  l->push_back(Elementwise("nonlinear", seq, seq, "rsqrt"));
  for (int i = 0; i < 3; ++i) l->push_back(Elementwise("mul", e));
  l->push_back(Elementwise("sub", e));
  l->push_back(Elementwise("add", e));
}

}  // namespace

uint64_t Model::Macs() const {
  uint64_t s = 0;
  for (const Layer& l : layers) s += l.IsMatrixProduct() ? l.Macs() : 0;
  return s;
}

uint64_t Model::FixedWeightParams() const {
  uint64_t s = 0;
  for (const Layer& l : layers) {
    if (l.IsMatrixProduct() && l.weights == "fixed") s += l.in_features * l.out_features;
  }
  return s;
}

uint64_t Model::NonlinearElements() const {
  uint64_t s = 0;
  for (const Layer& l : layers) s += l.op == "nonlinear" ? l.elements : 0;
  return s;
}

Model ModelFromJson(const Json& j, const std::string& where) {
  if (!j.is_object()) throw Error(where, "a model must be a JSON object");
  if (!j.contains("layers") || !j.at("layers").is_array()) {
    throw Error(where, "missing array \"layers\"");
  }
  Model m;
  m.name = j.contains("name") && j.at("name").is_string() ? j.at("name").get<std::string>() : where;
  m.source = GetStr(j, "source");
  if (j.contains("quantization") && j.at("quantization").contains("scale_factor")) {
    m.scale_factor = GetU64(j.at("quantization"), "scale_factor", where + ": quantization");
  }
  if (j.contains("circuit_hint") && j.at("circuit_hint").is_object()) {
    const Json& h = j.at("circuit_hint");
    if (h.contains("k") && h.at("k").is_number()) m.halo2_k = h.at("k").get<unsigned>();
    if (h.contains("num_cols") && h.at("num_cols").is_number()) {
      m.halo2_columns = h.at("num_cols").get<unsigned>();
    }
  }
  size_t index = 0;
  for (const Json& lj : j.at("layers")) {
    const std::string at = where + ": layer " + std::to_string(index++);
    if (!lj.is_object()) throw Error(at, "a layer must be an object");
    Layer l;
    l.op = GetStr(lj, "op");
    if (l.op.empty()) throw Error(at, "missing string field \"op\"");
    l.fn = GetStr(lj, "fn");
    l.weights = GetStr(lj, "weights");
    l.activation = GetStr(lj, "activation");
    try {
      if (lj.contains("in_shapes") && lj.at("in_shapes").is_array() &&
          !lj.at("in_shapes").empty()) {
        l.in_elements = Product(lj.at("in_shapes").at(0));
      }
      if (l.op == "matmul") {
        l.rows = GetU64(lj, "rows", at);
        l.in_features = GetU64(lj, "in_features", at);
        l.out_features = GetU64(lj, "out_features", at);
        l.elements = l.rows * l.out_features;
      } else if (l.op == "conv2d") {
        // im2col: one row per output pixel, kh*kw*cin inputs per row, cout outputs.
        const Json& out = lj.at("out_shapes").at(0);
        const Json& kernel = lj.at("kernel");
        l.rows = Product(out) / GetU64(lj, "cout", at);
        l.in_features = Product(kernel) * GetU64(lj, "cin", at);
        l.out_features = GetU64(lj, "cout", at);
        l.elements = Product(out);
      } else {
        l.elements = lj.contains("elements")     ? GetU64(lj, "elements", at)
                     : lj.contains("out_shapes") ? Product(lj.at("out_shapes").at(0))
                                                 : 0;
      }
    } catch (const Json::exception& e) {
      throw Error(at, std::string("malformed shape fields (") + e.what() + ")");
    }
    if (l.IsMatrixProduct() && lj.contains("macs") && lj.at("macs").is_number()) {
      const uint64_t macs = lj.at("macs").get<uint64_t>();
      if (macs != l.Macs()) {
        throw Error(at, "\"macs\" " + std::to_string(macs) + " disagrees with the shapes (" +
                            std::to_string(l.Macs()) + ")");
      }
    }
    if (l.IsMatrixProduct() && l.weights.empty()) l.weights = "fixed";
    m.layers.push_back(l);
  }
  return m;
}

std::string WorkloadsDir() {
  if (const char* env = std::getenv("ZKACC_WORKLOADS")) return env;
  return ZKACC_WORKLOADS_DIR;
}

Model MnistMlp(uint64_t in, uint64_t hidden, uint64_t out) {
  Model m;
  m.name =
      "mnist_mlp_" + std::to_string(in) + "_" + std::to_string(hidden) + "_" + std::to_string(out);
  m.source = "generated (zkacc models/src/model.cpp): dense " + std::to_string(in) + "-" +
             std::to_string(hidden) + "-" + std::to_string(out) + ", ReLU, softmax-free logits";
  m.scale_factor = 512;  // as zkml's MNIST example (shared/workloads/zkml_mnist_cnn.json)
  m.layers.push_back(MatMul(1, in, hidden, "fixed", "relu"));
  m.layers.push_back(MatMul(1, hidden, out, "fixed"));
  return m;
}

Model Gpt2(unsigned blocks, uint64_t seq, uint64_t width, uint64_t heads, uint64_t vocab) {
  Model m;
  m.name =
      "gpt2_" + std::to_string(blocks) + "x" + std::to_string(width) + "_seq" + std::to_string(seq);
  m.source = "generated (zkacc models/src/model.cpp) in the layout of zkml's distilled GPT-2";
  m.scale_factor = 2048;  // as zkml's GPT-2 example
  const uint64_t head_dim = width / heads;
  const uint64_t attn = heads * seq * seq;
  const uint64_t mlp = seq * 4 * width;
  std::vector<Layer>& l = m.layers;
  for (unsigned b = 0; b < blocks; ++b) {
    AppendLayerNorm(&l, seq, width);
    l.push_back(MatMul(seq, width, 3 * width, "fixed"));
    for (uint64_t h = 0; h < heads; ++h) l.push_back(MatMul(seq, head_dim, seq, "activation"));
    l.push_back(Elementwise("mul", attn));  // 1/sqrt(d)
    l.push_back(Elementwise("mul", attn));  // causal mask
    l.push_back(Elementwise("maskneginf", attn));
    l.push_back(Elementwise("nonlinear", attn, attn, "softmax"));
    for (uint64_t h = 0; h < heads; ++h) l.push_back(MatMul(seq, seq, head_dim, "activation"));
    l.push_back(MatMul(seq, width, width, "fixed"));
    AppendLayerNorm(&l, seq, width);
    l.push_back(MatMul(seq, width, 4 * width, "fixed"));
    // GELU, tanh form: x^3, *c, +x, *sqrt(2/pi), tanh, +1, *x, *0.5.
    l.push_back(Elementwise("nonlinear", mlp, mlp, "pow"));
    l.push_back(Elementwise("mul", mlp));
    l.push_back(Elementwise("add", mlp));
    l.push_back(Elementwise("mul", mlp));
    l.push_back(Elementwise("nonlinear", mlp, mlp, "tanh"));
    l.push_back(Elementwise("add", mlp));
    l.push_back(Elementwise("mul", mlp));
    l.push_back(Elementwise("mul", mlp));
    l.push_back(MatMul(seq, 4 * width, width, "fixed"));
  }
  AppendLayerNorm(&l, seq, width);
  l.push_back(MatMul(seq, width, vocab, "fixed"));
  return m;
}

Model TwitterMaskNet() {
  Model m;
  m.name = "zkml_twitter_masknet";
  m.source = "embedded (zkacc models/src/model.cpp), as uiuc-kang-lab/zkml examples/twitter";
  m.scale_factor = 16384;
  m.halo2_k = 25;
  m.halo2_columns = 10;
  std::vector<Layer>& l = m.layers;
  for (int block = 0; block < 4; ++block) {
    l.push_back(MatMul(1, 2776, 1024, "fixed", "relu"));
    l.push_back(MatMul(1, 1024, 2776, "fixed"));
    l.push_back(Elementwise("mul", 2776));
    l.push_back(MatMul(1, 2776, 1024, "fixed"));
    // LayerNorm: mean, subtract, square, mean, sqrt, divide.
    l.push_back(Elementwise("reshape", 1024));
    l.push_back(Elementwise("mean", 1, 1024));
    l.push_back(Elementwise("sub", 1024));
    l.push_back(Elementwise("square", 1024));
    l.push_back(Elementwise("reshape", 1024));
    l.push_back(Elementwise("mean", 1, 1024));
    l.push_back(Elementwise("nonlinear", 1, 1, "sqrt"));
    l.push_back(Elementwise("divvar", 1024));
  }
  l.push_back(Elementwise("concatenation", 4096, 1024));
  l.push_back(MatMul(1, 4096, 2048, "fixed", "relu"));
  for (int head = 0; head < 10; ++head) {
    l.push_back(MatMul(1, 2048, 256, "fixed", "relu"));
    l.push_back(MatMul(1, 256, 128, "fixed", "relu"));
    l.push_back(MatMul(1, 128, 1, "fixed"));
  }
  l.push_back(Elementwise("concatenation", 10, 1));
  return m;
}

std::vector<std::string> ModelNames() {
  return {"twitter", "mnist-cnn", "mnist-mlp", "mnist-mlp-784", "distilgpt2", "gpt2-small"};
}

Model LoadModel(const std::string& name) {
  static const std::map<std::string, std::string> kFiles = {
      {"twitter", "zkml_twitter_masknet.json"},
      {"mnist-cnn", "zkml_mnist_cnn.json"},
      {"distilgpt2", "zkml_distilgpt2_seq64.json"}};
  if (name == "mnist-mlp") return MnistMlp(196, 25, 10);
  if (name == "mnist-mlp-784") return MnistMlp(784, 56, 10);
  // GPT-2 small: 12 blocks, width 768, 12 heads, vocabulary 50,257 (Radford et al. 2019); the
  // sequence is 64 like zkml's distilled GPT-2 so that the two compare.
  if (name == "gpt2-small") return Gpt2(12, 64, 768, 12, 50257);
  std::string path = name;
  auto it = kFiles.find(name);
  if (it != kFiles.end()) {
    path = WorkloadsDir() + "/" + it->second;
    if (name == "twitter" && !std::ifstream(path)) return TwitterMaskNet();
  } else if (name.find('/') == std::string::npos && name.find(".json") == std::string::npos) {
    std::string known;
    for (const std::string& n : ModelNames()) known += (known.empty() ? "" : ", ") + n;
    throw std::runtime_error("unknown workload \"" + name + "\" (known: " + known +
                             ", or a path to a .json file)");
  }
  Json j;
  try {
    j = Json::parse(ReadFile(path));
  } catch (const Json::parse_error& e) {
    throw std::runtime_error(path + ": malformed JSON: " + e.what());
  }
  return ModelFromJson(j, path);
}

}  // namespace zkacc::models
