// The processes of an MPI job (`mpirun -n N parley run ...`): rank 0 writes, every rank simulates.
// Without mpirun, or in a build without Open MPI, it is a job of one process and nothing changes.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "parley/experiment.hpp"

namespace parley::cli {

class Cluster {
 public:
  // Joins the MPI job when parley was started by an MPI launcher (its environment says so);
  // otherwise, and in a build without MPI, a job of one process. Call once, from main's thread.
  static Cluster& join();
  ~Cluster();
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  // Threads for each process when --threads is 0: this host's cores over its processes.
  unsigned default_threads() const;

  // Rank 0's `bytes` to every rank.
  void broadcast(std::string& bytes) const;

  // Runs `plan` spread over the ranks in blocks (ExperimentPlan::shares): on rank 0, `sink`
  // receives every item from plan.first_item on, in item order, exactly as run_experiment's
  // sink would in one process; `tick` gets the count delivered so far. On the other ranks the
  // sink is not called: their runs go to rank 0. Returns the first item not delivered (on
  // rank 0; plan.items() elsewhere when its share was sent). A stop (the signal flag) ends it
  // early on any rank.
  std::uint64_t run(ExperimentPlan plan, const ExperimentHooks& hooks) const;

  // Ends the job at once (every rank) with `status`, after rank 0 saved what it could.
  [[noreturn]] void abort(int status) const;
  // Waits until rank 0 ends the job (a rank whose runs stopped early). Never returns normally.
  [[noreturn]] void wait_for_end(int status) const;

 private:
  Cluster();
  int rank_ = 0;
  int size_ = 1;
  int local_size_ = 1;
  bool mpi_ = false;
};

}  // namespace parley::cli
