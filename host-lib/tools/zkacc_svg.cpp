// SPDX-License-Identifier: Apache-2.0
#include "zkacc_svg.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace zkacc::svg {
namespace {

constexpr double kRow = 22;
constexpr double kLabelWidth = 170;
constexpr double kTitle = 30;
const char* const kColors[] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2",
                               "#59a14f", "#edc948", "#b07aa1", "#ff9da7"};

std::string Num(double v) {
  char b[64];
  if (v != 0 && (std::fabs(v) >= 1e5 || std::fabs(v) < 1e-3)) {
    std::snprintf(b, sizeof b, "%.3g", v);
  } else {
    std::snprintf(b, sizeof b, "%.4g", v);
  }
  return b;
}

std::string Text(double x, double y, const std::string& s, const char* anchor = "start",
                 int size = 12, const char* weight = "normal") {
  std::ostringstream o;
  o << "<text x=\"" << x << "\" y=\"" << y << "\" font-family=\"sans-serif\" font-size=\"" << size
    << "\" font-weight=\"" << weight << "\" text-anchor=\"" << anchor << "\">" << Escape(s)
    << "</text>\n";
  return o.str();
}

}  // namespace

std::string Escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '<':
        o += "&lt;";
        break;
      case '>':
        o += "&gt;";
        break;
      case '&':
        o += "&amp;";
        break;
      case '"':
        o += "&quot;";
        break;
      default:
        o += c;
    }
  }
  return o;
}

std::string BarChart(const std::string& title, const std::string& unit,
                     const std::vector<Bar>& bars, double width, double* height) {
  std::ostringstream o;
  double max = 0;
  for (const Bar& b : bars) max = std::max(max, b.value);
  if (max <= 0) max = 1;
  const double plot = width - kLabelWidth - 110;
  o << Text(10, 20, title, "start", 14, "bold");
  for (size_t i = 0; i < bars.size(); ++i) {
    const double y = kTitle + kRow * static_cast<double>(i);
    const double w = plot * std::max(0.0, bars[i].value) / max;
    o << Text(kLabelWidth - 6, y + 14, bars[i].label, "end");
    o << "<rect x=\"" << kLabelWidth << "\" y=\"" << y + 3 << "\" width=\"" << w << "\" height=\""
      << kRow - 6 << "\" fill=\"" << kColors[i % 8] << "\"/>\n";
    o << Text(kLabelWidth + w + 6, y + 14, Num(bars[i].value) + " " + unit);
  }
  *height = kTitle + kRow * static_cast<double>(bars.size()) + 10;
  return o.str();
}

std::string LineChart(const std::string& title, const std::string& x_label,
                      const std::string& y_label, const std::vector<Series>& series, double width,
                      double* height) {
  std::ostringstream o;
  const double left = 80, top = kTitle + 10, plot_w = width - left - 180, plot_h = 260;
  double x0 = 1e300, x1 = -1e300, y1 = 0;
  for (const Series& s : series) {
    for (double x : s.x) x0 = std::min(x0, x), x1 = std::max(x1, x);
    for (double y : s.y) y1 = std::max(y1, y);
  }
  if (!(x1 > x0)) x1 = x0 + 1;
  if (y1 <= 0) y1 = 1;
  auto px = [&](double x) { return left + plot_w * (x - x0) / (x1 - x0); };
  auto py = [&](double y) { return top + plot_h * (1 - y / y1); };
  o << Text(10, 20, title, "start", 14, "bold");
  o << "<rect x=\"" << left << "\" y=\"" << top << "\" width=\"" << plot_w << "\" height=\""
    << plot_h << "\" fill=\"none\" stroke=\"#888\"/>\n";
  for (int i = 0; i <= 4; ++i) {
    const double y = y1 * i / 4;
    o << Text(left - 6, py(y) + 4, Num(y), "end", 11);
    o << "<line x1=\"" << left << "\" x2=\"" << left + plot_w << "\" y1=\"" << py(y) << "\" y2=\""
      << py(y) << "\" stroke=\"#ddd\"/>\n";
  }
  std::vector<double> ticks;
  for (const Series& s : series) ticks.insert(ticks.end(), s.x.begin(), s.x.end());
  std::sort(ticks.begin(), ticks.end());
  ticks.erase(std::unique(ticks.begin(), ticks.end()), ticks.end());
  for (double x : ticks) o << Text(px(x), top + plot_h + 16, Num(x), "middle", 11);
  o << Text(left + plot_w / 2, top + plot_h + 34, x_label, "middle");
  o << "<text x=\"16\" y=\"" << top + plot_h / 2 << "\" font-family=\"sans-serif\" "
    << "font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 16 " << top + plot_h / 2
    << ")\">" << Escape(y_label) << "</text>\n";
  for (size_t i = 0; i < series.size(); ++i) {
    const Series& s = series[i];
    const char* c = kColors[i % 8];
    o << "<polyline fill=\"none\" stroke=\"" << c << "\" stroke-width=\"2\" points=\"";
    for (size_t j = 0; j < s.x.size(); ++j) o << px(s.x[j]) << "," << py(s.y[j]) << " ";
    o << "\"/>\n";
    for (size_t j = 0; j < s.x.size(); ++j) {
      o << "<circle cx=\"" << px(s.x[j]) << "\" cy=\"" << py(s.y[j]) << "\" r=\"3\" fill=\"" << c
        << "\"/>\n";
    }
    const double ly = top + 14 + 18 * static_cast<double>(i);
    o << "<rect x=\"" << left + plot_w + 12 << "\" y=\"" << ly - 9 << "\" width=\"12\" "
      << "height=\"10\" fill=\"" << c << "\"/>\n";
    o << Text(left + plot_w + 30, ly, s.name, "start", 11);
  }
  *height = top + plot_h + 50;
  return o.str();
}

std::string Document(const std::vector<std::pair<std::string, double>>& charts, double width) {
  double total = 0;
  for (const auto& c : charts) total += c.second;
  std::ostringstream o;
  o << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << total
    << "\" viewBox=\"0 0 " << width << " " << total << "\">\n"
    << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  double y = 0;
  for (const auto& c : charts) {
    o << "<g transform=\"translate(0," << y << ")\">\n" << c.first << "</g>\n";
    y += c.second;
  }
  o << "</svg>\n";
  return o.str();
}

}  // namespace zkacc::svg
