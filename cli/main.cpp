// murmur: the command-line front end. Parses arguments with CLI11 and maps failures to exit
// codes (0 success, 2 bad input, 1 internal error).

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "cli/print.hpp"
#include "cli/summary.hpp"
#include "sim/core/error.hpp"
#include "sim/core/scenario_schema.hpp"
#include "sim/io/output.hpp"

namespace {

constexpr int kExitBadInput = 2;
constexpr int kExitInternal = 1;

/// Output that did not reach stdout (a full disk, a closed pipe, `> /dev/full`) is a failure,
/// checked here once for every command: exit 1 with a message, never 0.
int checked_stdout(int exit_code) {
  const bool flushed = std::fflush(stdout) == 0;
  const int error = errno;
  if (flushed && !std::ferror(stdout)) return exit_code;
  std::fprintf(stderr, "murmur: error: cannot write to standard output: %s\n",
               flushed ? "a write failed" : std::strerror(error));
  return exit_code == 0 ? kExitInternal : exit_code;
}

/// A seed as the scenario writes it: a whole number from 0 to 2^53 − 1 (kMaxSeed, so float
/// parsers read it exactly; issue 16.8). CLI11 alone would wrap "-5" to 18446744073709551611
/// (issue 22.12).
const CLI::Validator kSeedNumber(
    [](std::string& text) -> std::string {
      std::uint64_t seed = 0;
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seed);
      if (text.empty() || error != std::errc{} || end != text.data() + text.size() ||
          seed > murmur::kMaxSeed)
        return fmt::format("a seed is a whole number from 0 to {} (2^53 - 1; {}), not '{}'",
                           murmur::kMaxSeed, murmur::kSeedNote, text);
      return "";
    },
    "SEED");

/// A count of weeks, 1 or more, refused in plain words (CLI::PositiveNumber's message prints
/// the largest double in 309 digits).
const CLI::Validator kWeeks(
    [](std::string& text) -> std::string {
      std::uint32_t weeks = 0;
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), weeks);
      if (text.empty() || error != std::errc{} || end != text.data() + text.size() || weeks == 0)
        return fmt::format("a number of weeks is a whole number from 1 to 4294967295, not '{}'",
                           text);
      return "";
    },
    "WEEKS");

/// What the user probably meant when parsing failed (issue 16.11): the nearest command for a
/// word that is not one, the nearest option of the command for an option it does not have.
/// Empty when nothing is close.
std::string parse_error_hint(CLI::App& app, int argc, char** argv) {
  std::vector<CLI::App*> chosen = app.get_subcommands();
  if (chosen.empty()) {
    if (argc < 2 || argv[1][0] == '-') return "";
    std::vector<std::string> commands;
    for (const CLI::App* sub : app.get_subcommands({})) commands.push_back(sub->get_name());
    const std::string nearest = murmur::nearest_word(argv[1], commands);
    return nearest.empty()
               ? fmt::format("'{}' is not a murmur command (murmur --help lists them)", argv[1])
               : fmt::format("'{}' is not a murmur command; did you mean '{}'?", argv[1], nearest);
  }
  std::vector<std::string> options;
  for (const CLI::Option* option : chosen.front()->get_options())
    for (const std::string& name : option->get_lnames()) options.push_back("--" + name);
  for (int i = 2; i < argc; ++i) {
    const std::string word(argv[i], std::strcspn(argv[i], "="));
    if (word.rfind("--", 0) != 0 || std::ranges::find(options, word) != options.end()) continue;
    const std::string nearest = murmur::nearest_word(word, options);
    if (!nearest.empty())
      return fmt::format("'{}' is not an option of '{}'; did you mean '{}'?", word,
                         chosen.front()->get_name(), nearest);
  }
  return "";
}

/// --threads, the same on every command that runs the model (capped later by usable_threads).
void add_threads_option(CLI::App& command, unsigned& threads) {
  command.add_option("--threads", threads, "Worker threads (default: all cores)")
      ->check(CLI::Range(1u, 1024u));
}

int run_murmur(int argc, char** argv) {
  using namespace murmur;
  CLI::App app{
      "Murmur: a parallel agent-based market simulator.\n"
      "Customers 1.0 to 5.0, brands and their levers, word of mouth on a social graph."};
  app.set_version_flag("--version", std::string("murmur ") + MURMUR_VERSION);
  app.require_subcommand(1);

  cli::RunOptions run;
  auto* run_cmd =
      app.add_subcommand("run", "Run a scenario and write metrics.csv and manifest.json");
  run_cmd->footer(cli::run_summary_help());
  auto* scenario_arg = run_cmd->add_option("scenario", run.scenario_path, "Scenario YAML file");
  run_cmd->add_option("--seed", run.seed, "Random seed (overrides the scenario's)")
      ->check(kSeedNumber);
  run_cmd->add_option("--steps", run.steps, "Weeks to simulate (overrides the scenario's)")
      ->check(kWeeks);
  add_threads_option(*run_cmd, run.threads);
  run_cmd->add_option("--out", run.out_dir, "Run directory (default: results/<scenario>-<time>/)");
  run_cmd
      ->add_option("--set", run.overrides, "Override a scenario value: key.path=value (repeatable)")
      ->type_name("KEY=VALUE");
  run_cmd->add_flag("--quiet,-q", run.quiet, "Print only errors");
  run_cmd->add_flag("--attribution", run.attribution,
                    "Count each adoption and loss by its cause (new_by_*, lost_to_* metrics; "
                    "the same as --set output.attribution=true)");
  run_cmd->add_flag("--cascades", run.cascades,
                    "Follow who recruited whom by word of mouth (cascade_* and wom_recruits "
                    "metrics; the same as --set output.cascades=true)");
  run_cmd->add_flag("--report", run.report,
                    "Also write report.html, a one-page HTML report of the run, into the run "
                    "directory");
  run_cmd
      ->add_option(
          "--checkpoint-every", run.checkpoint_every,
          "Save a checkpoint every N weeks (checkpoint.murmur in the run directory; removed when "
          "the run completes)")
      ->check(kWeeks);
  auto* resume_opt =
      run_cmd->add_option("--resume", run.resume_dir,
                          "Continue the interrupted run in this directory from its checkpoint");
  resume_opt->excludes(scenario_arg)
      ->excludes("--seed")
      ->excludes("--steps")
      ->excludes("--set")
      ->excludes("--attribution")
      ->excludes("--cascades")
      ->excludes("--out");
  scenario_arg->excludes(resume_opt);
  run_cmd->callback([&] {
    if (run.scenario_path.empty() && run.resume_dir.empty())
      throw CLI::RequiredError("a scenario file (or --resume DIR)");
  });

  cli::BatchOptions batch;
  auto* batch_cmd = app.add_subcommand(
      "batch",
      "Run an experiment: parameter sweeps x replicates, with confidence intervals; resumable");
  batch_cmd->add_option("experiment", batch.experiment_path, "Experiment YAML file")->required();
  batch_cmd->add_option(
      "--out", batch.out_dir,
      "Batch directory (default: results/<experiment name>/; the same command resumes)");
  add_threads_option(*batch_cmd, batch.threads);
  batch_cmd->add_flag("--quiet,-q", batch.quiet, "Print only errors");

  cli::SensitivityOptions sensitivity;
  auto* sensitivity_cmd = app.add_subcommand(
      "sensitivity",
      "Which parameters drive an output: Morris elementary effects and Sobol indices with "
      "bootstrap 95% CIs; resumable, MPI-parallel like batch");
  sensitivity_cmd->add_option("file", sensitivity.file_path, "Sensitivity YAML file")->required();
  sensitivity_cmd->add_option(
      "--out", sensitivity.out_dir,
      "Output directory (default: results/<name>/; the same command resumes)");
  add_threads_option(*sensitivity_cmd, sensitivity.threads);
  sensitivity_cmd->add_flag("--quiet,-q", sensitivity.quiet, "Print only errors");

  cli::CompareOptions compare;
  auto* compare_cmd = app.add_subcommand(
      "compare",
      "Compare two scenarios, or one and its --set-b what-if, with common random numbers; 95% "
      "CIs and an HTML report");
  compare_cmd->footer(
      "Overrides apply in order: --set and --steps to both arms, then --set-a to A and --set-b "
      "to B.\nExample: murmur compare scenarios/default.yaml --set-b 'brands[0].ad_budget=20'");
  compare_cmd->add_option("a", compare.scenario_a, "Scenario A (the baseline)")->required();
  compare_cmd->add_option("b", compare.scenario_b,
                          "Scenario B (the option; default: A, changed by --set-b)");
  compare_cmd
      ->add_option("--set", compare.overrides,
                   "Override a scenario value in both arms: key.path=value (repeatable)")
      ->type_name("KEY=VALUE");
  compare_cmd
      ->add_option("--set-a", compare.overrides_a,
                   "Override a value in A only, after --set: key.path=value (repeatable)")
      ->type_name("KEY=VALUE");
  auto* set_b_opt = compare_cmd
                        ->add_option("--set-b", compare.overrides_b,
                                     "Override a value in B only, after --set: key.path=value "
                                     "(repeatable), e.g. --set-b brands[0].ad_budget=20")
                        ->type_name("KEY=VALUE");
  compare_cmd
      ->add_option("--steps", compare.steps, "Weeks to simulate in both arms (overrides theirs)")
      ->check(kWeeks);
  compare_cmd->add_option("--replicates,-n", compare.replicates, "Replicates per arm")
      ->check(CLI::Range(2u, 100000u));
  compare_cmd->add_option("--seed", compare.seed, "Master seed for the replicate seeds")
      ->check(kSeedNumber);
  add_threads_option(*compare_cmd, compare.threads);
  compare_cmd->add_option("--report", compare.report,
                          "HTML report path (default: results/compare-<a>-vs-<b>.html)");
  compare_cmd->callback([&] {
    if (compare.scenario_b.empty() && set_b_opt->count() == 0)
      throw CLI::RequiredError("scenario B (or --set-b, to make B from A)");
  });

  cli::RespondOptions respond;
  auto* respond_cmd = app.add_subcommand(
      "respond",
      "Measure a brand's levers: arc elasticities of sales and share with 95% CIs, short and "
      "long term, per generation; --curve for a response curve");
  respond_cmd->add_option("scenario", respond.scenario_path, "Scenario YAML file (a market)")
      ->required();
  respond_cmd->add_option("--brand", respond.brand, "The brand whose levers change")->required();
  respond_cmd
      ->add_option("--lever", respond.levers,
                   "Levers to measure, comma-separated (any numeric "
                   "brand key; default ad_budget,price)")
      ->delimiter(',');
  respond_cmd
      ->add_option("--changes", respond.changes_percent,
                   "Relative changes in percent, comma-separated (default -20,-10,10,20)")
      ->delimiter(',')
      ->check(CLI::Range(-99.0, 1000.0));
  respond_cmd->add_option("--replicates,-n", respond.replicates, "Replicates per arm")
      ->check(CLI::Range(2u, 100000u));
  respond_cmd->add_option("--seed", respond.seed, "Master seed for the replicate seeds")
      ->check(kSeedNumber);
  add_threads_option(*respond_cmd, respond.threads);
  respond_cmd
      ->add_option("--short-term", respond.short_term_weeks,
                   "Weeks after the change that count as the short term (default 13)")
      ->check(CLI::Range(1u, 1000000u));
  respond_cmd
      ->add_option("--set", respond.overrides,
                   "Override a scenario value in every arm: key.path=value (repeatable)")
      ->type_name("KEY=VALUE");
  respond_cmd->add_option("--curve", respond.curve_lever,
                          "Also write the response curve of this lever (curve.csv, curve.html)");
  respond_cmd
      ->add_option("--values", respond.curve_values,
                   "The curve's lever values, comma-separated, ascending (default 0 to 3 times "
                   "the current value in quarters)")
      ->delimiter(',');
  respond_cmd->add_option("--out", respond.out_dir,
                          "Directory for elasticities.csv and the curve (default: "
                          "results/respond-<scenario>-<brand>/)");

  cli::CalibrateOptions calibrate;
  auto* calibrate_cmd = app.add_subcommand(
      "calibrate",
      "Fit a scenario's parameters to an observed series (NLopt), with R², RMSE and profile "
      "intervals; resumable, MPI-parallel");
  calibrate_cmd->add_option("calibration", calibrate.calibration_path, "Calibration YAML file")
      ->required();
  calibrate_cmd->add_option("--out", calibrate.out_dir,
                            "Output directory (default: results/calibrate-<name>/; the same "
                            "command resumes)");
  add_threads_option(*calibrate_cmd, calibrate.threads);
  calibrate_cmd->add_flag("--quiet,-q", calibrate.quiet, "No progress lines");

  std::string report_dir, report_out;
  auto* report_cmd = app.add_subcommand(
      "report", "Write the one-page HTML report of a finished run directory (report.html)");
  report_cmd
      ->add_option("run_dir", report_dir, "Run directory (with metrics.csv and manifest.json)")
      ->required();
  report_cmd->add_option("--out", report_out, "Report path (default: RUN_DIR/report.html)");

  std::string validate_path;
  std::vector<std::string> validate_overrides;
  auto* validate_cmd = app.add_subcommand("validate", "Check a scenario without running it");
  validate_cmd->add_option("scenario", validate_path, "Scenario YAML file")->required();
  validate_cmd->add_option("--set", validate_overrides, "Override a scenario value: key.path=value")
      ->type_name("KEY=VALUE");

  std::string graph_path;
  std::uint32_t clustering_sample = 100000;
  auto* graph_cmd = app.add_subcommand(
      "graph",
      "Print statistics of a social graph: an edge-list file, or the graph a scenario builds");
  graph_cmd->add_option("input", graph_path, "Edge list (SNAP format) or scenario YAML")
      ->required();
  graph_cmd->add_option("--clustering-sample", clustering_sample,
                        "Customers sampled for the clustering coefficient (exact below this)");

  auto* schema_cmd =
      app.add_subcommand("schema", "Print every scenario key with its unit and default (Markdown)");
  bool experiment_schema = false;
  schema_cmd->add_flag("--experiment", experiment_schema,
                       "Print the experiment file's keys instead");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    const std::string hint = parse_error_hint(app, argc, argv);
    cli::print_error(hint.empty() ? CLI::FailureMessage::simple(&app, e)
                                  : fmt::format("murmur: error: {}\n", hint));
    return kExitBadInput;
  }

  cli::install_interrupt_handlers();
  try {
    // More threads than cores would be silently capped by oneTBB: say what is used (16.5).
    for (unsigned* threads : {&run.threads, &compare.threads, &batch.threads, &respond.threads,
                              &sensitivity.threads, &calibrate.threads})
      *threads = cli::usable_threads(*threads);
    if (*run_cmd) return cli::run_command(run);
    if (*compare_cmd) return cli::compare_command(compare);
    if (*batch_cmd) return cli::batch_command(batch);
    if (*sensitivity_cmd) return cli::sensitivity_command(sensitivity);
    if (*respond_cmd) return cli::respond_command(respond);
    if (*calibrate_cmd) return cli::calibrate_command(calibrate);
    if (*report_cmd) return cli::report_command(report_dir, report_out);
    if (*validate_cmd) return cli::validate_command(validate_path, validate_overrides);
    if (*graph_cmd) return cli::graph_command(graph_path, clustering_sample);
    if (*schema_cmd) return cli::schema_command(experiment_schema);
  } catch (const cli::Interrupted& e) {
    std::fflush(stdout);
    std::fprintf(stderr,
                 "murmur: %s; unfinished files removed (checkpoints and finished batch runs are "
                 "kept for resuming)\n",
                 e.what());
    cli::end_by_signal(e.signal_number());
  } catch (const InputError& e) {
    cli::print_error(fmt::format("{}\n", e.what()));
    return kExitBadInput;
  } catch (const OutputError& e) {
    cli::print_error(fmt::format("murmur: error: {}\n", e.what()));
    return kExitInternal;
  } catch (const std::exception& e) {
    cli::print_error(fmt::format("murmur: internal error: {}\n", e.what()));
    return kExitInternal;
  }
  return kExitInternal;
}

}  // namespace

int main(int argc, char** argv) { return checked_stdout(run_murmur(argc, argv)); }
