#pragma once
// Batches across machines with MPI (Open MPI). Rank 0 owns the batch directory: it finds the
// unfinished runs and broadcasts them; every rank runs its share (run i of the pending list
// goes to rank i mod K) on all its cores, in waves; the other ranks send each wave's finished
// run records to rank 0, which stores them. Rank 0 then assembles the same files as a
// single-process batch, byte for byte. Validation runs on every rank before any work, so a
// bad experiment fails the same way everywhere (the LAMMPS error->all lesson).

#include "sim/run/batch.hpp"

namespace murmur {

/// MPI_Init / MPI_Finalize for the process when an MPI launcher started it; rank and size of
/// MPI_COMM_WORLD (0 and 1 otherwise).
class MpiSession {
 public:
  MpiSession();
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  [[nodiscard]] int rank() const noexcept { return rank_; }
  [[nodiscard]] int size() const noexcept { return size_; }

 private:
  bool initialised_ = false;
  int rank_ = 0;
  int size_ = 1;
};

/// True when this binary was built with MPI support (MURMUR_ENABLE_MPI).
[[nodiscard]] bool mpi_available() noexcept;

/// The batch spread over all ranks of MPI_COMM_WORLD. Only rank 0's result holds file paths.
BatchResult run_batch_mpi(const ExperimentSpec& spec, const std::string& experiment_text,
                          const std::filesystem::path& directory, unsigned threads,
                          const ProgressCallback& on_progress,
                          const WarningCallback& on_warning = {},
                          const FinishedCallback& on_finished = {});

/// The runs of a batch directory already opened by rank 0 (`pending`: rank 0's list; every
/// rank's on return) spread over all ranks as run_batch_mpi does, rank 0 storing every record
/// in `directory`; without assembling the tables. `on_progress` (rank 0) gets the runs done.
/// Every rank must call it (collective); without MPI it runs them in this process.
void execute_pending_runs_mpi(const ExperimentSpec& spec, const BatchPlan& plan,
                              std::vector<PlannedRun>& pending,
                              const std::filesystem::path& directory, unsigned threads,
                              const std::function<void(std::size_t runs_done)>& on_progress);

/// Rank 0's values, bit for bit, on every rank (collective); nothing without MPI running.
void broadcast_from_rank0(std::vector<double>& values);

}  // namespace murmur
