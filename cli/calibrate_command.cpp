// murmur calibrate FILE: fits parameters to an observed series (sim/run/calibrate.hpp), with
// a progress line per stage and the estimates, intervals and goodness of fit at the end.

#include <cmath>
#include <filesystem>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "cli/print.hpp"
#include "sim/core/terminal_text.hpp"
#include "sim/io/output.hpp"
#include "sim/run/batch_mpi.hpp"
#include "sim/run/calibrate.hpp"

namespace murmur::cli {

namespace {

std::string interval_end(double value, const std::string& note) {
  if (note == "steps") return fmt::format("beyond {:.6g}", value);
  return fmt::format("{:.6g}{}", value, note == "bound" ? " (bound)" : "");
}

std::string format_result(const CalibrationSpec& spec, const CalibrationResult& result) {
  std::string out = fmt::format("\n{:<28} {:>14}   {:g}% profile interval\n", "parameter",
                                "estimate", 100 * result.profile_level);
  for (const ParameterEstimate& e : result.estimates)
    out += fmt::format("{:<28} {:>14.6g}   {}\n", terminal_safe(e.name), e.estimate,
                       spec.uncertainty.profile
                           ? fmt::format("[{}, {}]", interval_end(e.interval_low, e.low_note),
                                         interval_end(e.interval_high, e.high_note))
                           : std::string("-"));
  for (const SeriesFit& fit : result.fit)
    out += fmt::format("{} of {}: R² {:.4f}, RMSE {:.6g} over {} observations\n",
                       terminal_safe(fit.metric), terminal_safe(fit.brand), fit.r_squared, fit.rmse,
                       fit.count);
  out += fmt::format(
      "{} evaluations, {} distinct simulations of {} replicate(s) ({} already stored); loss "
      "{:.6g}\n",
      result.evaluations.size(), result.simulations, spec.replicates, result.simulations_stored,
      result.best_loss);
  return out;
}

}  // namespace

int calibrate_command(const CalibrateOptions& options) {
  const CalibrationSpec spec = load_calibration(options.calibration_path);
  const std::filesystem::path directory =
      options.out_dir.empty()
          ? std::filesystem::path("results") / ("calibrate-" + path_safe_name(spec.name))
          : std::filesystem::path(options.out_dir);

  const MpiSession mpi;  // under mpirun each evaluation's replicates spread over the ranks
  const bool speaks = mpi.rank() == 0 && !options.quiet;
  CalibrationOptions run;
  run.directory = directory;
  run.threads = options.threads;
  run.rank = mpi.rank();
  std::string stage;
  run.on_evaluation = [&](const EvaluationRow& row) {
    if (speaks && (row.stage != stage || row.index % 25 == 0)) {
      stage = row.stage;
      print(fmt::format("evaluation {} ({}): loss {:.6g}\n", row.index, terminal_safe(row.stage),
                        row.loss));
    }
    throw_if_interrupted();  // every finished run is stored: the same command resumes
  };
  run.on_warning = [&](const std::string& warning) {
    if (mpi.rank() == 0) print_error(fmt::format("warning: {}\n", warning));
  };
  if (speaks && spec.uncertainty.profile)
    print(fmt::format("{}: search budget {} evaluations{}; profiles at most {} more\n",
                      terminal_safe(spec.name), spec.optimiser.search.max_evaluations,
                      spec.optimiser.polish.method == OptimiserMethod::None
                          ? std::string()
                          : fmt::format(" + polish {}", spec.optimiser.polish.max_evaluations),
                      profile_budget(spec)));
  const CalibrationResult result = run_calibration(spec, run);
  if (mpi.rank() == 0) {
    print(format_result(spec, result));
    print(fmt::format("results: {}\n", terminal_safe(directory.string())));
  }
  return 0;
}

}  // namespace murmur::cli
