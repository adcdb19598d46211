#include "sim/run/batch_mpi.hpp"

#include <chrono>
#include <cstdlib>
#include <functional>
#include <optional>
#include <stdexcept>

#ifdef MURMUR_WITH_MPI
#include <mpi.h>
#endif

#include "sim/core/parallel.hpp"
#include "sim/io/output.hpp"

namespace murmur {

namespace {

/// One process is the whole world: every pending run here, each record stored as it ends.
void execute_pending_runs_here(const ExperimentSpec& spec, const BatchPlan& plan,
                               const std::vector<PlannedRun>& pending,
                               const std::filesystem::path& directory, unsigned threads,
                               const std::function<void(std::size_t runs_done)>& on_progress) {
  std::size_t done = 0;
  execute_runs(spec, plan, pending, threads,
               [&](const PlannedRun& run, const std::string& encoded) {
                 store_run_record(directory, run.index, encoded);
                 if (on_progress) on_progress(++done);
               });
}

}  // namespace

#ifdef MURMUR_WITH_MPI

namespace {

constexpr int kRecordTag = 17;

void broadcast_runs(std::vector<PlannedRun>& runs, int rank) {
  unsigned long count = runs.size();
  MPI_Bcast(&count, 1, MPI_UNSIGNED_LONG, 0, MPI_COMM_WORLD);
  if (rank != 0) runs.resize(count);
  MPI_Bcast(runs.data(), static_cast<int>(count * sizeof(PlannedRun)), MPI_BYTE, 0, MPI_COMM_WORLD);
}

void send_record(std::uint32_t run_index, const std::string& encoded) {
  std::string message = std::to_string(run_index) + "\n" + encoded;
  MPI_Send(message.data(), static_cast<int>(message.size()), MPI_CHAR, 0, kRecordTag,
           MPI_COMM_WORLD);
}

/// Receives one record (blocking) and stores it; returns false if none is waiting and !block.
bool receive_record(const std::filesystem::path& directory, bool block) {
  MPI_Status status;
  int waiting = 1;
  if (block)
    MPI_Probe(MPI_ANY_SOURCE, kRecordTag, MPI_COMM_WORLD, &status);
  else
    MPI_Iprobe(MPI_ANY_SOURCE, kRecordTag, MPI_COMM_WORLD, &waiting, &status);
  if (!waiting) return false;
  int size = 0;
  MPI_Get_count(&status, MPI_CHAR, &size);
  std::string message(static_cast<std::size_t>(size), '\0');
  MPI_Recv(message.data(), size, MPI_CHAR, status.MPI_SOURCE, kRecordTag, MPI_COMM_WORLD,
           MPI_STATUS_IGNORE);
  const std::size_t newline = message.find('\n');
  store_run_record(directory, static_cast<std::uint32_t>(std::stoul(message.substr(0, newline))),
                   message.substr(newline + 1));
  return true;
}

}  // namespace

namespace {

/// Whether an MPI launcher (mpirun, srun) started this process: Open MPI and PMIx set these.
/// A plain `murmur batch` then skips MPI_Init, whose singleton mode starts a PMIx server and
/// creates shared-memory files: slow to start, and it fails under a file-size limit.
bool launched_by_mpi() {
  for (const char* variable : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE"})
    if (std::getenv(variable) != nullptr) return true;
  return false;
}

}  // namespace

MpiSession::MpiSession() : initialised_(launched_by_mpi()) {
  if (!initialised_) return;
  MPI_Init(nullptr, nullptr);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiSession::~MpiSession() {
  if (initialised_) MPI_Finalize();
}

bool mpi_available() noexcept { return true; }

BatchResult run_batch_mpi(const ExperimentSpec& spec, const std::string& experiment_text,
                          const std::filesystem::path& directory, unsigned threads,
                          const ProgressCallback& on_progress, const WarningCallback& on_warning,
                          const FinishedCallback& on_finished) {
  int rank = 0, ranks = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  const auto start = std::chrono::steady_clock::now();
  const BatchPlan plan = prepare_batch(spec, experiment_text);  // every rank: all fail alike

  std::optional<OutputDirectory> claim;  // rank 0 writes every file, so it holds the claim
  std::vector<PlannedRun> pending;
  if (rank == 0) {
    if (on_warning)
      for (const std::string& warning : plan.warnings) on_warning(warning);
    claim.emplace(directory);
    pending = open_batch_directory(spec, experiment_text, plan, directory, on_warning);
  }

  // Broadcasts rank 0's pending runs to every rank, then runs them.
  execute_pending_runs_mpi(spec, plan, pending, directory, threads, [&](std::size_t done) {
    BatchProgress progress{plan.runs.size(), plan.runs.size() - pending.size() + done,
                           plan.runs.size() - pending.size(), 0.0};
    progress.elapsed_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (rank == 0 && on_progress) on_progress(progress);
  });

  BatchResult result;
  if (rank == 0) result = finish_batch(spec, experiment_text, plan, directory, threads);
  result.runs_skipped = plan.runs.size() - pending.size();
  result.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (rank == 0 && on_finished) on_finished(plan, result);
  return result;
}

void execute_pending_runs_mpi(const ExperimentSpec& spec, const BatchPlan& plan,
                              std::vector<PlannedRun>& pending,
                              const std::filesystem::path& directory, unsigned threads,
                              const std::function<void(std::size_t runs_done)>& on_progress) {
  int initialised = 0;
  MPI_Initialized(&initialised);
  if (!initialised) {  // not started by an MPI launcher (MpiSession did not initialise)
    execute_pending_runs_here(spec, plan, pending, directory, threads, on_progress);
    return;
  }
  int rank = 0, ranks = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  broadcast_runs(pending, rank);

  std::vector<PlannedRun> mine;
  for (std::size_t i = static_cast<std::size_t>(rank); i < pending.size();
       i += static_cast<std::size_t>(ranks))
    mine.push_back(pending[i]);

  std::size_t done = 0;
  auto report = [&] {
    if (rank == 0 && on_progress) on_progress(done);
  };
  std::size_t received = 0;
  const std::size_t expected_from_others = pending.size() - mine.size();
  // Waves of a few runs per core: a killed rank loses at most one wave.
  const std::size_t wave =
      2 * std::max<std::size_t>(1, threads == 0 ? available_threads() : threads);
  for (std::size_t first = 0; first < mine.size(); first += wave) {
    const std::vector<PlannedRun> chunk(
        mine.begin() + static_cast<long>(first),
        mine.begin() + static_cast<long>(std::min(mine.size(), first + wave)));
    execute_runs(spec, plan, chunk, threads,
                 [&](const PlannedRun& run, const std::string& encoded) {
                   if (rank == 0) {
                     store_run_record(directory, run.index, encoded);
                     ++done;
                     report();
                   } else {
                     send_record(run.index, encoded);
                   }
                 });
    if (rank == 0)
      while (received < expected_from_others && receive_record(directory, false)) {
        ++received;
        ++done;
        report();
      }
  }
  if (rank == 0)
    for (; received < expected_from_others; ++received) {
      receive_record(directory, true);
      ++done;
      report();
    }
  MPI_Barrier(MPI_COMM_WORLD);
}

void broadcast_from_rank0(std::vector<double>& values) {
  int initialised = 0;
  MPI_Initialized(&initialised);
  if (!initialised) return;
  unsigned long count = values.size();
  MPI_Bcast(&count, 1, MPI_UNSIGNED_LONG, 0, MPI_COMM_WORLD);
  values.resize(count);
  MPI_Bcast(values.data(), static_cast<int>(count), MPI_DOUBLE, 0, MPI_COMM_WORLD);
}

#else  // built without MPI: a single process is the whole world

MpiSession::MpiSession() = default;
MpiSession::~MpiSession() = default;
bool mpi_available() noexcept { return false; }

BatchResult run_batch_mpi(const ExperimentSpec& spec, const std::string& experiment_text,
                          const std::filesystem::path& directory, unsigned threads,
                          const ProgressCallback& on_progress, const WarningCallback& on_warning,
                          const FinishedCallback& on_finished) {
  return run_batch(spec, experiment_text, directory, threads, on_progress, on_warning, on_finished);
}

void execute_pending_runs_mpi(const ExperimentSpec& spec, const BatchPlan& plan,
                              std::vector<PlannedRun>& pending,
                              const std::filesystem::path& directory, unsigned threads,
                              const std::function<void(std::size_t runs_done)>& on_progress) {
  execute_pending_runs_here(spec, plan, pending, directory, threads, on_progress);
}

void broadcast_from_rank0(std::vector<double>&) {}

#endif

}  // namespace murmur
