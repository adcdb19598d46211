// libFuzzer target: any bytes as a batch directory's plan.json, checked the way a resumed batch
// checks it, against tests/data/experiment_small.yaml. Every input must either be accepted
// (only that experiment's own plan) or throw InputError naming plan.json: no crash, hang,
// leak or other exception. An empty input instead checks that a plan written for the
// experiment is accepted when the batch resumes.

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "sim/core/error.hpp"
#include "sim/io/batch_files.hpp"
#include "sim/io/experiment_loader.hpp"
#include "sim/io/output.hpp"
#include "sim/run/batch.hpp"

namespace {

namespace fs = std::filesystem;

/// The experiment the plans are checked against, planned once.
struct Experiment {
  fs::path file = fs::path(MURMUR_TEST_DATA_DIR) / "experiment_small.yaml";
  murmur::ExperimentSpec spec = murmur::load_experiment(file);
  std::string text = murmur::read_file_text(file);
  murmur::BatchPlan plan = murmur::prepare_batch(spec, text);
};

/// A batch directory of this process's own, removed at exit.
struct ScratchDirectory {
  fs::path path = fs::temp_directory_path() / ("murmur_fuzz_plan_" + std::to_string(::getpid()));
  ScratchDirectory() { fs::create_directories(path); }
  ~ScratchDirectory() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

void check_plan(const Experiment& experiment, const fs::path& directory) {
  murmur::write_or_check_batch_plan(directory, experiment.spec, experiment.text,
                                    experiment.plan.points, experiment.plan.runs.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Experiment experiment;
  static const ScratchDirectory scratch;
  const fs::path plan = scratch.path / "plan.json";
  if (size == 0) {
    fs::remove(plan);
    check_plan(experiment, scratch.path);  // writes it
    check_plan(experiment, scratch.path);  // must accept it
    return 0;
  }
  std::ofstream(plan, std::ios::binary)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  try {
    check_plan(experiment, scratch.path);
  } catch (const murmur::InputError& error) {
    if (error.issues().empty() || error.issues().front().file != plan.string()) std::abort();
  }
  return 0;
}
