// SPDX-License-Identifier: Apache-2.0
//
// Minimal fork-join helper used by the CPU backend: runs `tasks` independent tasks on up to
// `threads` std::threads (the calling thread is one of them), handing out task indices from an
// atomic counter so uneven tasks balance themselves.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace zkacc {

// 0 or negative means "all hardware threads".
inline int ResolveThreads(int threads) {
  if (threads > 0) return threads;
  const unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : static_cast<int>(hw);
}

template <class Fn>
void ParallelFor(size_t tasks, int threads, Fn&& fn) {
  const size_t workers = std::min<size_t>(tasks, static_cast<size_t>(ResolveThreads(threads)));
  if (workers <= 1) {
    for (size_t t = 0; t < tasks; ++t) fn(t);
    return;
  }
  std::atomic<size_t> next{0};
  std::exception_ptr error;
  std::mutex error_mu;
  auto body = [&]() {
    try {
      for (size_t t = next.fetch_add(1); t < tasks; t = next.fetch_add(1)) fn(t);
    } catch (...) {
      std::lock_guard<std::mutex> lock(error_mu);
      if (!error) error = std::current_exception();
      next.store(tasks);
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(workers - 1);
  for (size_t w = 1; w < workers; ++w) pool.emplace_back(body);
  body();
  for (auto& th : pool) th.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace zkacc
