// MPI for parley run: ranks simulate blocks of items; rank 0 receives them and delivers every
// item in the fixed order, so the database is the same for any number of processes.
#include "cli/mpi.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include <fmt/format.h>

#ifdef PARLEY_MPI
#include <mpi.h>
#endif

namespace parley::cli {

namespace {

// Items per block. Any value gives the same results; this one keeps messages near 300 kB
// for the flagship and blocks many enough to share the work evenly.
[[maybe_unused]] constexpr std::uint64_t kBlock = 32;  // unused without MPI
// Blocks a rank may have in flight to rank 0 before it waits: lets it run ahead of the writer.
[[maybe_unused]] constexpr std::size_t kMaxPending = 8;  // unused without MPI

// Every field of RunResult and RunMonths crosses between ranks below; a new field must too.
static_assert(sizeof(RunResult) == 352, "RunResult changed: send the new field in put_record and get_record");
static_assert(sizeof(RunMonths) == 152, "RunMonths changed: send the new field in put_record and get_record");
static_assert(std::is_trivially_copyable_v<TrackResult>, "TrackResult crosses as bytes");

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}
  template <class T> void put(const T& v) { out_.append(reinterpret_cast<const char*>(&v), sizeof v); }
  template <class T> void vec(const std::vector<T>& v) {
    put<std::uint64_t>(v.size());
    out_.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
  }

 private:
  std::string& out_;
};

class Reader {
 public:
  explicit Reader(const std::string& in) : p_(in.data()), end_(in.data() + in.size()) {}
  bool done() const { return p_ == end_; }
  template <class T> T get() {
    T v;
    take(&v, sizeof v);
    return v;
  }
  template <class T> void vec(std::vector<T>& v) {
    const auto n = get<std::uint64_t>();
    if (n > static_cast<std::uint64_t>(end_ - p_) / sizeof(T)) throw std::runtime_error("MPI: a truncated message");
    v.resize(n);
    take(v.data(), n * sizeof(T));
  }

 private:
  void take(void* to, std::size_t bytes) {
    if (static_cast<std::size_t>(end_ - p_) < bytes) throw std::runtime_error("MPI: a truncated message");
    std::memcpy(to, p_, bytes);
    p_ += bytes;
  }
  const char* p_;
  const char* end_;
};

[[maybe_unused]] void put_record(std::string& out, const RunRecord& r) {
  Writer w(out);
  w.put(r.item);
  w.put<std::uint64_t>(r.variant);
  const RunResult& x = r.result;
  w.put(x.run);
  w.put(static_cast<int>(x.outcome));
  for (int v : {x.victor, x.months_simulated, x.first_exploratory, x.first_formal, x.first_agreement,
                x.last_agreement, x.agreements, x.peace_month, x.collapses, x.derailments})
    w.put(v);
  w.vec(x.terms);
  w.put(x.battle_deaths);
  w.put(x.history_deaths);
  w.put(x.civilian_deaths);
  w.vec(x.deaths_by_year);
  w.vec(x.camp_deaths);
  w.vec(x.final_share);
  w.vec(x.final_control);
  w.vec(x.inputs);
  w.put(x.victory_by);
  for (int v : {x.cascades, x.first_cascade, x.cascade_regions, x.cascade_months, x.exit_deals, x.first_exit_deal,
                x.splinters, x.shocks, x.capitals_lost, x.history_draws})
    w.put(v);
  w.put(x.splinter_fighters);
  w.vec(x.tracks);
  w.vec(x.calendar_deaths);
  w.vec(x.observed);
  const RunMonths& m = r.months;
  w.put(m.months);
  w.vec(m.talks);
  w.vec(m.deaths);
  w.vec(m.share);
  w.vec(m.holder);
  w.vec(m.control);
  w.vec(m.closed);
}

[[maybe_unused]] RunRecord get_record(Reader& in) {
  RunRecord r;
  r.item = in.get<std::uint64_t>();
  r.variant = static_cast<std::size_t>(in.get<std::uint64_t>());
  RunResult& x = r.result;
  x.run = in.get<std::uint64_t>();
  x.outcome = static_cast<RunOutcome>(in.get<int>());
  for (int* v : {&x.victor, &x.months_simulated, &x.first_exploratory, &x.first_formal, &x.first_agreement,
                 &x.last_agreement, &x.agreements, &x.peace_month, &x.collapses, &x.derailments})
    *v = in.get<int>();
  in.vec(x.terms);
  x.battle_deaths = in.get<double>();
  x.history_deaths = in.get<double>();
  x.civilian_deaths = in.get<double>();
  in.vec(x.deaths_by_year);
  in.vec(x.camp_deaths);
  in.vec(x.final_share);
  in.vec(x.final_control);
  in.vec(x.inputs);
  x.victory_by = in.get<VictoryKind>();
  for (int* v : {&x.cascades, &x.first_cascade, &x.cascade_regions, &x.cascade_months, &x.exit_deals,
                 &x.first_exit_deal, &x.splinters, &x.shocks, &x.capitals_lost, &x.history_draws})
    *v = in.get<int>();
  x.splinter_fighters = in.get<double>();
  in.vec(x.tracks);
  in.vec(x.calendar_deaths);
  in.vec(x.observed);
  RunMonths& m = r.months;
  m.months = in.get<int>();
  in.vec(m.talks);
  in.vec(m.deaths);
  in.vec(m.share);
  in.vec(m.holder);
  in.vec(m.control);
  in.vec(m.closed);
  return r;
}

[[maybe_unused]] bool stopped(const std::atomic<bool>* stop) { return stop && stop->load(); }

// Open MPI's blocking calls spin a core while they wait; these waits sleep instead, so that a
// waiting rank leaves its core to the simulation, and they notice a stop.
[[maybe_unused]] void nap() { std::this_thread::sleep_for(std::chrono::microseconds(500)); }

#ifdef PARLEY_MPI
constexpr int kTagBlock = 1;

void check(int code, const char* what) {
  if (code == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int length = 0;
  MPI_Error_string(code, text, &length);
  throw std::runtime_error(fmt::format("MPI: {} failed: {}", what, std::string(text, static_cast<std::size_t>(length))));
}

bool launched_by_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(name)) return true;
  return false;
}
#endif

}  // namespace

Cluster& Cluster::join() {
  static Cluster cluster;
  return cluster;
}

Cluster::Cluster() {
#ifdef PARLEY_MPI
  if (!launched_by_mpi()) return;
  int provided = 0;
  // Only the main thread calls MPI; the worker threads simulate.
  if (MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) return;
  mpi_ = true;
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  MPI_Comm local;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &local);
  MPI_Comm_size(local, &local_size_);
  MPI_Comm_free(&local);
#endif
}

Cluster::~Cluster() {
#ifdef PARLEY_MPI
  if (mpi_) MPI_Finalize();
#endif
}

unsigned Cluster::default_threads() const {
  if (size_ <= 1) return 0;
  const unsigned cores = resolve_threads(0);
  const unsigned each = cores / static_cast<unsigned>(local_size_ > 0 ? local_size_ : 1);
  return each > 0 ? each : 1;
}

void Cluster::broadcast([[maybe_unused]] std::string& bytes) const {
#ifdef PARLEY_MPI
  if (size_ <= 1) return;
  auto length = static_cast<unsigned long long>(bytes.size());
  check(MPI_Bcast(&length, 1, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD), "MPI_Bcast");
  bytes.resize(static_cast<std::size_t>(length));
  check(MPI_Bcast(bytes.data(), static_cast<int>(length), MPI_BYTE, 0, MPI_COMM_WORLD), "MPI_Bcast");
#endif
}

void Cluster::abort(int status) const {
#ifdef PARLEY_MPI
  if (mpi_) MPI_Abort(MPI_COMM_WORLD, status);
#endif
  std::_Exit(status);
}

void Cluster::wait_for_end(int status) const {
  // Rank 0 saves what it has and ends the job; if it never does (it died too), give up.
  for (int i = 0; i < 120 * 1000; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::_Exit(status);
}

std::uint64_t Cluster::run(ExperimentPlan plan, const ExperimentHooks& hooks) const {
  if (size_ <= 1) return run_experiment(plan, hooks);
#ifndef PARLEY_MPI
  return run_experiment(plan, hooks);
#else
  plan.shares = static_cast<unsigned>(size_);
  plan.share = static_cast<unsigned>(rank_);
  plan.block = kBlock;
  const std::uint64_t items = plan.items();
  ExperimentHooks local;
  local.stop = hooks.stop;

  if (rank_ != 0) {
    // Send each finished block to rank 0, a few in flight.
    struct Pending {
      std::string data;
      MPI_Request request = MPI_REQUEST_NULL;
    };
    std::deque<Pending> pending;
    std::string block;
    auto wait_oldest = [&] {
      for (;;) {
        int done = 0;
        check(MPI_Test(&pending.front().request, &done, MPI_STATUS_IGNORE), "MPI_Test");
        if (done) break;
        if (stopped(hooks.stop)) return false;
        nap();
      }
      pending.pop_front();
      return true;
    };
    bool gave_up = false;
    local.sink = [&](RunRecord&& rec) {
      if (gave_up) return;
      put_record(block, rec);
      if ((rec.item + 1) % kBlock != 0 && rec.item + 1 != items) return;
      pending.emplace_back();
      pending.back().data = std::move(block);
      block.clear();
      const std::string& data = pending.back().data;
      check(MPI_Isend(data.data(), static_cast<int>(data.size()), MPI_BYTE, 0, kTagBlock, MPI_COMM_WORLD,
                      &pending.back().request),
            "MPI_Isend");
      while (pending.size() > kMaxPending)
        if (!wait_oldest()) {
          gave_up = true;
          return;
        }
    };
    const std::uint64_t end = run_experiment(plan, local);
    if (end < items || gave_up) return end;
    while (!pending.empty())
      if (!wait_oldest()) return items - 1;
    return items;
  }

  // Rank 0: its own items come through the sink in order; before each, the other ranks'
  // blocks that precede it are received and delivered, so the caller sees one ordered stream.
  std::uint64_t next = plan.first_item;
  bool halted = false;
  std::string data;
  auto deliver = [&](RunRecord&& rec) {
    if (rec.item != next)
      throw std::runtime_error(fmt::format("MPI: expected run item {}, received item {}", next, rec.item));
    ++next;
    hooks.sink(std::move(rec));
  };
  // Delivers the other ranks' items until `until` (an item of rank 0's, or the end).
  auto receive_until = [&](std::uint64_t until) {
    while (next < until) {
      const int owner = static_cast<int>((next / kBlock) % static_cast<std::uint64_t>(size_));
      if (owner == 0) throw std::runtime_error(fmt::format("MPI: rank 0 skipped its run item {}", next));
      auto last_tick = std::chrono::steady_clock::now();
      for (;;) {
        int ready = 0;
        MPI_Status status;
        check(MPI_Iprobe(owner, kTagBlock, MPI_COMM_WORLD, &ready, &status), "MPI_Iprobe");
        if (ready) {
          int count = 0;
          check(MPI_Get_count(&status, MPI_BYTE, &count), "MPI_Get_count");
          data.resize(static_cast<std::size_t>(count));
          check(MPI_Recv(data.data(), count, MPI_BYTE, owner, kTagBlock, MPI_COMM_WORLD, MPI_STATUS_IGNORE),
                "MPI_Recv");
          break;
        }
        if (stopped(hooks.stop)) return false;
        if (hooks.tick && std::chrono::steady_clock::now() - last_tick > std::chrono::milliseconds(200)) {
          hooks.tick(next);
          last_tick = std::chrono::steady_clock::now();
        }
        nap();
      }
      Reader in(data);
      while (!in.done()) deliver(get_record(in));
    }
    return true;
  };
  local.sink = [&](RunRecord&& rec) {
    if (halted) return;
    if (!receive_until(rec.item)) {
      halted = true;
      return;
    }
    deliver(std::move(rec));
  };
  local.tick = [&](std::uint64_t) {
    if (hooks.tick) hooks.tick(next);
  };
  run_experiment(plan, local);
  if (!halted && !stopped(hooks.stop)) receive_until(items);
  return next;
#endif
}

}  // namespace parley::cli
