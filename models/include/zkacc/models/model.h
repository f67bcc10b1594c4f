// SPDX-License-Identifier: Apache-2.0
//
// zkML model descriptions: the layer graph of a quantized network, as the prover sees it (shapes
// only, no weights). Imported from the zkml layer-graph files (shared/workloads/*.json, decoded
// from uiuc-kang-lab/zkml's examples) or generated from public shapes (MNIST MLPs, GPT-2).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace zkacc::models {

// One layer. Matrix products (matmul, and conv2d as im2col) are `rows` x `in_features` times
// `in_features` x `out_features`; element-wise layers have `elements` outputs.
struct Layer {
  std::string op;          // matmul, conv2d, mul, add, sub, square, mean, nonlinear, reshape, ...
  std::string fn;          // nonlinear: sqrt, rsqrt, softmax, tanh, pow, ...
  std::string weights;     // matmul/conv2d: "fixed" (model weights) or "activation" (witness)
  std::string activation;  // fused activation of a matmul/conv2d: "relu", "relu6" or ""
  uint64_t rows = 0;
  uint64_t in_features = 0;
  uint64_t out_features = 0;
  uint64_t elements = 0;     // output elements
  uint64_t in_elements = 0;  // elements of the first input (mean: what is summed)

  bool IsMatrixProduct() const { return op == "matmul" || op == "conv2d"; }
  uint64_t Macs() const { return rows * in_features * out_features; }
  uint64_t OutElements() const { return IsMatrixProduct() ? rows * out_features : elements; }
};

struct Model {
  std::string name;
  std::string source;          // where the description comes from
  uint64_t scale_factor = 0;   // fixed-point scale (2^s)
  unsigned halo2_k = 0;        // zkml's halo2 circuit size, 0 if unknown
  unsigned halo2_columns = 0;  // zkml's advice columns, 0 if unknown
  std::vector<Layer> layers;

  uint64_t Macs() const;
  uint64_t FixedWeightParams() const;  // in_features * out_features over fixed-weight products
  uint64_t NonlinearElements() const;  // elements of `nonlinear` layers
};

// Parses a layer-graph file in the shared/workloads format; `where` names the input in errors.
// Throws std::runtime_error naming the layer and the missing or malformed field.
Model ModelFromJson(const nlohmann::json& j, const std::string& where);

// A short name (twitter, mnist-cnn, mnist-mlp, mnist-mlp-784, distilgpt2, gpt2-small) or a path
// to a JSON file. Imported models are read from `workloads_dir` (see WorkloadsDir()).
Model LoadModel(const std::string& name_or_path);
std::vector<std::string> ModelNames();

// $ZKACC_WORKLOADS if set, else the build's ZKACC_WORKLOADS_DIR (shared/workloads).
std::string WorkloadsDir();

// Generated models (public shapes; see models/README.md for the choices).
Model MnistMlp(uint64_t in, uint64_t hidden, uint64_t out);
// zkml's Twitter MaskNet, layer for layer as shared/workloads/zkml_twitter_masknet.json has it
// (4 mask blocks 2776->1024->2776, multiply, ->1024, LayerNorm; concatenation; 4096->2048;
// 10 heads 2048->256->128->1), with zkml's k = 25, 10 columns and scale 2^14: the embedded
// default when the shared file is not there (a test checks that the two lower identically).
Model TwitterMaskNet();
// GPT-2 with `blocks` transformer blocks, sequence `seq`, width `width`, `heads` heads and a
// vocabulary of `vocab`, laid out like zkml's distilled GPT-2 (LayerNorm as mean /
// squared difference / rsqrt, attention per head, tanh-approximated GELU, LM head).
Model Gpt2(unsigned blocks, uint64_t seq, uint64_t width, uint64_t heads, uint64_t vocab);

}  // namespace zkacc::models
