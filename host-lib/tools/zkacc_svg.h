// SPDX-License-Identifier: Apache-2.0
//
// A small SVG writer for the plots of `zkacc simulate` and `zkacc sweep`: horizontal bar charts
// and line charts, stacked into one document. No dependencies.
#pragma once

#include <string>
#include <vector>

namespace zkacc::svg {

struct Bar {
  std::string label;
  double value = 0;
};

struct Series {
  std::string name;
  std::vector<double> x, y;
};

// One chart, as an SVG group of the given width; its height is returned through `height`.
std::string BarChart(const std::string& title, const std::string& unit,
                     const std::vector<Bar>& bars, double width, double* height);
std::string LineChart(const std::string& title, const std::string& x_label,
                      const std::string& y_label, const std::vector<Series>& series, double width,
                      double* height);
// Stacks charts (each with its height) vertically into a standalone SVG document.
std::string Document(const std::vector<std::pair<std::string, double>>& charts, double width);
// XML-escapes text.
std::string Escape(const std::string& s);

}  // namespace zkacc::svg
