// SPDX-License-Identifier: Apache-2.0
//
// `zkacc demo` (cmd_demo.cpp): a small zkML proving workload through the public C++ API
// (api.h) on one device, every result checked against the "cpu" device. Registered by
// zkacc_main.cpp with one line before app.parse():
//
//   zkacc::AddDemoCommand(app);   // runs from the subcommand's callback and exits with its code
#pragma once

#include <CLI/CLI.hpp>

namespace zkacc {

void AddDemoCommand(CLI::App& app);

}  // namespace zkacc
