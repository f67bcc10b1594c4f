// SPDX-License-Identifier: Apache-2.0
//
// The zkML-model commands of the zkacc tool:
//   zkacc workload [MODEL...] [--style S] [--json] [--trace-out FILE]   op counts of the traces
//   zkacc simulate --workload M --arch A [--style S] [--json] [--svg FILE]   (ZKACC_BUILD_ARCH)
//   zkacc sweep --workload M --arch A --param P=v1,v2,... [--param Q=...] [--csv F] [--md F]
//               [--svg F]                                                  (ZKACC_BUILD_ARCH)
#pragma once

#include <CLI/CLI.hpp>
#include <memory>

namespace zkacc {

class ModelCommands {
 public:
  explicit ModelCommands(CLI::App* app);
  ~ModelCommands();
  bool Parsed() const;
  int Run();  // exit code: 0 ok, 2 error (messages on stderr)

  struct State;

 private:
  std::unique_ptr<State> s_;
};

}  // namespace zkacc
