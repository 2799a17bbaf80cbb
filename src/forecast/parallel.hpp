// The forecast module's one loop over threads (calibration and sensitivity): f(i) for i in
// [0, n), each index run exactly once, in any order and on any thread, so callers make f(i)
// depend on i alone (its own stream, its own slot of output) and the results do not depend on
// the number of threads. The first exception thrown by f is rethrown after every thread joins.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace parley::forecast_detail {

inline unsigned thread_count(unsigned requested) {
  return requested ? requested : std::max(1u, std::thread::hardware_concurrency());
}

template <class F>
void parallel_for(std::size_t n, unsigned threads, F f) {
  threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(std::min<std::size_t>(n, 1u << 16))));
  if (threads <= 1) {
    for (std::size_t i = 0; i < n; ++i) f(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::mutex error_mutex;
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t)
    pool.emplace_back([&] {
      for (std::size_t i = next++; i < n && !failed.load(); i = next++) {
        try {
          f(i);
        } catch (...) {
          std::lock_guard<std::mutex> lock(error_mutex);
          if (!error) error = std::current_exception();
          failed = true;
        }
      }
    });
  for (auto& th : pool) th.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace parley::forecast_detail
