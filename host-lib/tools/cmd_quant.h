// SPDX-License-Identifier: Apache-2.0
//
// The `zkacc matmul` and `zkacc lookup` subcommands (cmd_quant.cpp), registered by
// zkacc_main.cpp:
//
//   auto quant = zkacc::AddQuantCommands(app);        // before app.parse()
//   if (int rc = zkacc::RunQuantCommands(*quant); rc >= 0) return rc;   // after it
#pragma once

#include <CLI/CLI.hpp>
#include <memory>

namespace zkacc {

struct QuantCommands;
std::shared_ptr<QuantCommands> AddQuantCommands(CLI::App& app);
// The exit code of the quant subcommand that was parsed (0 ok, 1 check failed, 2 error), or -1
// if neither was.
int RunQuantCommands(const QuantCommands& commands);

}  // namespace zkacc
