// The Monte Carlo runner: worker threads simulate items, the calling thread receives them in
// order through a bounded window, so memory stays flat and results do not depend on threads.
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>

#include "parley/experiment.hpp"

namespace parley {

namespace {

using Clock = std::chrono::steady_clock;

// Items in flight at most per thread: enough to keep workers busy while the calling thread
// writes, few enough that memory does not depend on the number of runs.
constexpr std::uint64_t kWindowPerThread = 32;

RunRecord simulate_item(const ExperimentPlan& plan, std::uint64_t item) {
  const std::size_t variants = plan.variants.size();
  RunRecord rec;
  rec.item = item;
  rec.variant = static_cast<std::size_t>(item % variants);
  const Scenario& scenario = *plan.variants[rec.variant];
  RunOptions options;
  options.seed = plan.seed;
  options.run = item / variants;
  const bool keep = options.run < plan.trace_runs;
  Trace trace;
  if (keep) options.trace = &trace;
  if (plan.monthly) options.months = &rec.months;
  std::vector<double> observed;
  if (!scenario.observations.empty()) options.observed = &observed;
  rec.result = simulate_run(scenario, options);
  rec.result.observed = std::move(observed);
  if (keep) rec.trace = std::make_unique<Trace>(std::move(trace));
  return rec;
}

// The shared state between workers and the receiving thread.
class Window {
 public:
  Window(const ExperimentPlan& plan, unsigned threads, const std::atomic<bool>* stop)
      : plan_(plan), size_(kWindowPerThread * threads), slots_(size_), ready_(size_, 0),
        next_(plan.share_items_before(plan.first_item)), delivered_(next_),
        end_(plan.share_items_before(plan.items())), stop_(stop) {}

  void work() {
    for (;;) {
      std::uint64_t item = claim();
      if (item == end_) return;
      try {
        RunRecord rec = simulate_item(plan_, plan_.share_item(item));
        std::lock_guard lock(mutex_);
        slots_[item % size_] = std::move(rec);
        ready_[item % size_] = 1;
      } catch (...) {
        std::lock_guard lock(mutex_);
        if (!error_) error_ = std::current_exception();
        halted_ = true;
      }
      arrived_.notify_one();
    }
  }

  // Positions below are counted in this share's items (all items when there is one share).
  // Delivers items in order until the end, a stop or an error; returns the first undelivered.
  std::uint64_t receive(const ExperimentHooks& hooks) {
    auto last_tick = Clock::now();
    while (delivered_ < end_) {
      std::unique_lock lock(mutex_);
      arrived_.wait_for(lock, std::chrono::milliseconds(200), [&] { return ready_[delivered_ % size_] || halted(); });
      if (!ready_[delivered_ % size_]) {
        if (halted()) break;
      } else {
        RunRecord rec = std::move(slots_[delivered_ % size_]);
        ready_[delivered_ % size_] = 0;
        ++delivered_;
        lock.unlock();
        freed_.notify_all();
        hooks.sink(std::move(rec));
      }
      if (hooks.tick && Clock::now() - last_tick > std::chrono::milliseconds(200)) {
        hooks.tick(delivered_);
        last_tick = Clock::now();
      }
    }
    return delivered_;
  }

  // After the workers have stopped: deliver what finished in order, then report errors.
  std::uint64_t drain(const ExperimentHooks& hooks) {
    while (delivered_ < end_ && ready_[delivered_ % size_]) {
      RunRecord rec = std::move(slots_[delivered_ % size_]);
      ready_[delivered_ % size_] = 0;
      ++delivered_;
      if (!error_) hooks.sink(std::move(rec));
    }
    if (error_) std::rethrow_exception(error_);
    return delivered_;
  }

  void halt() {
    {
      std::lock_guard lock(mutex_);
      halted_ = true;
    }
    freed_.notify_all();
  }

 private:
  bool halted() const { return halted_ || (stop_ && stop_->load()); }

  // The next item to simulate, once the window has room for it; end_ when there is none.
  std::uint64_t claim() {
    std::unique_lock lock(mutex_);
    freed_.wait(lock, [&] { return halted() || next_ >= end_ || next_ < delivered_ + size_; });
    if (halted() || next_ >= end_) return end_;
    return next_++;
  }

  const ExperimentPlan& plan_;
  const std::uint64_t size_;
  std::vector<RunRecord> slots_;
  std::vector<char> ready_;
  std::uint64_t next_, delivered_;
  const std::uint64_t end_;
  const std::atomic<bool>* stop_;
  bool halted_ = false;
  std::exception_ptr error_;
  std::mutex mutex_;
  std::condition_variable arrived_, freed_;
};

}  // namespace

unsigned resolve_threads(unsigned requested) {
  if (requested > 0) return requested;
  unsigned cores = std::thread::hardware_concurrency();
  return cores > 0 ? cores : 1;
}

std::uint64_t run_experiment(const ExperimentPlan& plan, const ExperimentHooks& hooks) {
  if (plan.variants.empty() || plan.first_item >= plan.items() || plan.shares == 0 || plan.share >= plan.shares ||
      plan.block == 0)
    return plan.items();
  const unsigned threads = resolve_threads(plan.threads);
  Window window(plan, threads, hooks.stop);
  std::vector<std::thread> workers;
  try {
    for (unsigned t = 0; t < threads; ++t) workers.emplace_back([&window] { window.work(); });
  } catch (const std::system_error& e) {
    // The system would not start another thread: stop the ones that started (a joinable
    // std::thread left behind would call std::terminate) and say so.
    window.halt();
    for (auto& w : workers) w.join();
    throw std::runtime_error("cannot start thread " + std::to_string(workers.size() + 1) + " of " +
                             std::to_string(threads) + " (" + e.what() + "); give fewer --threads");
  }
  try {
    window.receive(hooks);
  } catch (...) {
    window.halt();
    for (auto& w : workers) w.join();
    throw;
  }
  window.halt();
  for (auto& w : workers) w.join();
  const std::uint64_t delivered = window.drain(hooks);
  return delivered == plan.share_items_before(plan.items()) ? plan.items() : plan.share_item(delivered);
}

std::uint64_t ExperimentPlan::share_items_before(std::uint64_t item) const {
  if (shares <= 1) return item;
  const std::uint64_t full = item / block;  // blocks wholly before `item`
  std::uint64_t n = full > share ? ((full - share - 1) / shares + 1) * block : 0;
  if (full % shares == share) n += item - full * block;
  return n;
}

std::uint64_t ExperimentPlan::share_item(std::uint64_t n) const {
  if (shares <= 1) return n;
  return ((n / block) * shares + share) * block + n % block;
}

}  // namespace parley
