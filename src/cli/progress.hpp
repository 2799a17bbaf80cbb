// A one-line progress report on stderr (runs done, runs per second, time left), drawn only
// when stderr is a terminal, so logs and pipes stay clean.
#pragma once

#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>

namespace parley::cli {

class Progress {
 public:
  Progress(std::uint64_t first, std::uint64_t total, bool enabled)
      : first_(first), total_(total), enabled_(enabled && ::isatty(STDERR_FILENO)),
        start_(std::chrono::steady_clock::now()) {}

  void update(std::uint64_t done) {
    if (!enabled_) return;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const double rate = seconds > 0 ? static_cast<double>(done - first_) / seconds : 0.0;
    const double left = rate > 0 ? static_cast<double>(total_ - done) / rate : 0.0;
    std::fprintf(stderr, "\r  %llu / %llu runs (%.0f%%), %.0f runs/s, %.0f s left   ",
                 static_cast<unsigned long long>(done), static_cast<unsigned long long>(total_),
                 total_ ? 100.0 * static_cast<double>(done) / static_cast<double>(total_) : 100.0, rate, left);
    std::fflush(stderr);
    drawn_ = true;
  }

  // Clears the line so that what follows starts on a clean one.
  void finish() {
    if (!drawn_) return;
    std::fprintf(stderr, "\r%70s\r", "");
    std::fflush(stderr);
    drawn_ = false;
  }

 private:
  std::uint64_t first_, total_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace parley::cli
