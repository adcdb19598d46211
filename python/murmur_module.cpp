// murmur._murmur: Murmur's library for Python (pybind11). Every call goes to the functions
// the murmur command uses (sim/run, sim/io); nothing here simulates, parses or formats on its
// own. The Python side (python/murmur/__init__.py) turns the files batch writes into pandas
// DataFrames and documents the API; python/murmur/__init__.pyi has the type hints.
//
// Long calls (stepping, batch, compare) release the GIL, and stepping takes it back between
// weeks only to run Python's signal handlers, so Ctrl-C raises KeyboardInterrupt with the
// simulation whole at the last finished week.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "agents/market_model.hpp"
#include "sim/core/error.hpp"
#include "sim/core/parallel.hpp"
#include "sim/core/state_archive.hpp"  // StateFormatError
#include "sim/io/checkpoint.hpp"
#include "sim/io/experiment_loader.hpp"
#include "sim/io/output.hpp"
#include "sim/io/scenario_loader.hpp"
#include "sim/run/batch.hpp"
#include "sim/run/compare.hpp"
#include "sim/run/run.hpp"
#include "sim/run/world.hpp"

namespace py = pybind11;

namespace murmur::python {

namespace {

/// A loaded scenario and how it was loaded (compare and batch reload from the file).
struct LoadedScenario {
  Scenario scenario;
  std::filesystem::path file;
  std::vector<std::string> overrides;
  std::vector<std::string> warnings;  ///< "file:line:column: warning: …"
};

LoadedScenario load(const std::filesystem::path& file, const std::vector<std::string>& overrides) {
  CheckedScenario checked = load_checked_scenario(file, overrides);
  LoadedScenario loaded{std::move(checked.scenario), file, overrides, {}};
  for (const InputIssue& warning : checked.warnings)
    loaded.warnings.push_back(warning.format("warning"));
  return loaded;
}

/// Re-raises a Python exception (KeyboardInterrupt from a signal handler) set while the GIL
/// was briefly held again between weeks.
void check_python_signals() {
  py::gil_scoped_acquire with_gil;
  if (PyErr_CheckSignals() != 0) throw py::error_already_set();
}

/// Claims a simulation for one call. Stepping releases the GIL, so without the claim another
/// Python thread could read or step the same simulation in the middle of a week.
class Exclusive {
 public:
  explicit Exclusive(std::atomic<bool>& busy) : busy_(busy) {
    if (busy_.exchange(true))
      throw std::runtime_error(
          "this Simulation is busy in another thread (a Simulation takes one call at a time; "
          "fork() one for each thread)");
  }
  ~Exclusive() { busy_ = false; }
  Exclusive(const Exclusive&) = delete;
  Exclusive& operator=(const Exclusive&) = delete;

 private:
  std::atomic<bool>& busy_;
};

/// A world that steps, with the frames it recorded (what metrics.csv would hold so far).
class Simulation {
 public:
  Simulation(const LoadedScenario& loaded, std::optional<Seed> seed, unsigned threads)
      : scenario_(loaded.scenario), threads_(threads) {
    if (seed) scenario_.seed = *seed;
    check_run_fits_in_memory(scenario_);
    py::gil_scoped_release without_gil;
    world_ = run_with_threads(threads_, [&] { return build_world(scenario_); });
    frames_.push_back(world_.model->measure());
  }

  /// A fork (Model::clone); the original is claimed while it is copied.
  Simulation(const Simulation& other)
      : scenario_(other.scenario_), threads_(other.threads_), week_(other.week_.load()) {
    const Exclusive claim(other.busy_);
    world_ = {other.world_.graph, other.world_.model->clone()};
    frames_ = other.frames_;
  }

  /// Advances `weeks` weeks, recording frames as a run does.
  void step(Step weeks) {
    const Exclusive claim(busy_);
    py::gil_scoped_release without_gil;
    for (Step i = 0; i < weeks; ++i) {
      run_with_threads(threads_, [&] { advance_one_week(); });
      week_ = world_.model->current_step();
      check_python_signals();
    }
  }

  void run() { step(scenario_.steps > week() ? scenario_.steps - week() : 0); }

  /// Readable while another thread steps (the model's own counter is not).
  [[nodiscard]] Step week() const { return week_; }
  /// Claims the simulation for a call that reads or changes its state.
  [[nodiscard]] Exclusive claim() const { return Exclusive(busy_); }
  [[nodiscard]] const Scenario& scenario() const { return scenario_; }
  [[nodiscard]] const std::vector<MetricsFrame>& frames() const { return frames_; }
  /// The model (callers that read its state hold claim()).
  [[nodiscard]] const Model& model() const { return *world_.model; }

  void set_lever(std::uint16_t brand, const std::string& lever, double value) {
    const Exclusive claim(busy_);
    world_.model->set_lever(brand, lever, value);
  }

  void apply(const std::string& intervention_yaml) {
    const Exclusive claim(busy_);
    world_.model->apply_intervention(
        load_intervention(scenario_, intervention_yaml, "Simulation.apply"));
  }

  /// The same bytes a checkpoint file holds: the model's state and the frames so far.
  [[nodiscard]] py::bytes save() const {
    const Exclusive claim(busy_);
    const Checkpoint checkpoint =
        capture_checkpoint(scenario_, *world_.model, graph_fingerprint(*world_.graph),
                           {scenario_to_json(scenario_), "", {}}, frames_);
    return py::bytes(encode_checkpoint(checkpoint));
  }

  static std::unique_ptr<Simulation> restore(const LoadedScenario& loaded, std::string_view bytes,
                                             std::optional<Seed> seed, unsigned threads) {
    Checkpoint checkpoint = decode_checkpoint(bytes, "Simulation.restore");
    // The seed it was saved with (the graph may depend on it), unless told otherwise.
    if (!seed)
      seed = load_scenario_text(checkpoint.scenario_json, "Simulation.restore", {},
                                loaded.file.parent_path())
                 .seed;
    auto simulation = std::make_unique<Simulation>(loaded, seed, threads);
    py::gil_scoped_release without_gil;
    restore_checkpoint(checkpoint, graph_fingerprint(*simulation->world_.graph),
                       simulation->world_);
    simulation->frames_ = std::move(checkpoint.frames);
    simulation->week_ = simulation->world_.model->current_step();
    return simulation;
  }

  /// metrics.csv of the frames so far, written by the CLI's writer.
  void write_metrics_csv(const std::filesystem::path& path) const {
    const Exclusive claim(busy_);
    CsvMetricsWriter csv(path, world_.model->schema());
    for (const MetricsFrame& frame : frames_) csv.write(frame);
    csv.commit();
  }

 private:
  void advance_one_week() {
    Model& model = *world_.model;
    model.step();
    MetricsFrame frame = model.measure();
    if (is_recorded_step(model.current_step(), scenario_.steps, scenario_.output.every))
      frames_.push_back(std::move(frame));
  }

  Scenario scenario_;
  unsigned threads_;
  World world_;
  std::vector<MetricsFrame> frames_;
  std::atomic<Step> week_{0};
  mutable std::atomic<bool> busy_{false};
};

/// The tidy columns of metrics.csv as a dict of numpy arrays and lists (pandas.DataFrame's
/// input): step, brand, generation, metric, value.
py::dict metrics_columns(const Simulation& simulation) {
  const auto claim = simulation.claim();
  const MetricsSchema& schema = simulation.model().schema();
  auto label = [](const std::vector<std::string>& labels, std::uint16_t index) {
    return index == kAllLabel ? std::string("all") : labels.at(index);
  };
  std::size_t rows = 0;
  for (const MetricsFrame& frame : simulation.frames()) rows += frame.values.size();
  py::array_t<std::int64_t> steps(static_cast<py::ssize_t>(rows));
  py::array_t<double> values(static_cast<py::ssize_t>(rows));
  py::list brands(rows), generations(rows), metrics(rows);
  // One Python string per label, shared by every row that has it.
  std::vector<py::str> brand_names, generation_names, metric_names;
  for (std::size_t i = 0; i < schema.brand_labels.size(); ++i)
    brand_names.emplace_back(label(schema.brand_labels, static_cast<std::uint16_t>(i)));
  for (std::size_t i = 0; i < schema.generation_labels.size(); ++i)
    generation_names.emplace_back(label(schema.generation_labels, static_cast<std::uint16_t>(i)));
  for (const std::string& name : schema.metric_names) metric_names.emplace_back(name);
  const py::str all("all");
  auto step_out = steps.mutable_unchecked<1>();
  auto value_out = values.mutable_unchecked<1>();
  py::ssize_t row = 0;
  for (const MetricsFrame& frame : simulation.frames()) {
    for (const MetricValue& v : frame.values) {
      step_out(row) = frame.step;
      value_out(row) = v.value;
      brands[static_cast<std::size_t>(row)] = v.brand == kAllLabel ? all : brand_names.at(v.brand);
      generations[static_cast<std::size_t>(row)] =
          v.generation == kAllLabel ? all : generation_names.at(v.generation);
      metrics[static_cast<std::size_t>(row)] = metric_names.at(v.metric);
      ++row;
    }
  }
  py::dict columns;
  columns["step"] = steps;
  columns["brand"] = brands;
  columns["generation"] = generations;
  columns["metric"] = metrics;
  columns["value"] = values;
  return columns;
}

/// A read-only numpy view of one of the model's arrays; `owner` (the Simulation) is its base
/// and stays alive while the view does.
template <class T>
py::array read_only_view(const std::vector<T>& data, std::vector<py::ssize_t> shape,
                         py::handle owner) {
  std::vector<py::ssize_t> strides(shape.size(), static_cast<py::ssize_t>(sizeof(T)));
  if (shape.size() == 2) strides[0] = shape[1] * static_cast<py::ssize_t>(sizeof(T));
  py::array view(py::dtype::of<T>(), shape, strides, data.data(), owner);
  view.attr("setflags")(py::arg("write") = false);
  return view;
}

py::dict customer_arrays(py::object owner) {
  const Simulation& simulation = owner.cast<const Simulation&>();
  const auto claim = simulation.claim();
  const auto* market = dynamic_cast<const MarketModel*>(&simulation.model());
  if (market == nullptr)
    throw py::type_error("customers() needs the market model; this scenario's model has none");
  const Customers& c = market->customers();
  const auto n = static_cast<py::ssize_t>(c.count);
  py::dict arrays;
  arrays["generation"] = read_only_view(c.generation, {n}, owner);
  arrays["brand"] = read_only_view(c.brand, {n}, owner);
  arrays["satisfaction"] = read_only_view(c.satisfaction, {n}, owner);
  arrays["expectation"] = read_only_view(c.expectation, {n}, owner);
  arrays["tenure"] = read_only_view(c.tenure, {n}, owner);
  arrays["habit"] = read_only_view(c.habit, {n}, owner);
  arrays["cell"] = read_only_view(c.cell, {n}, owner);
  arrays["flags"] = read_only_view(c.flags, {n}, owner);
  arrays["aware"] = read_only_view(c.aware, {n}, owner);
  arrays["shares"] = read_only_view(c.shares, {n}, owner);
  arrays["attitude"] =
      read_only_view(c.attitude, {n, static_cast<py::ssize_t>(c.brand_count)}, owner);
  return arrays;
}

std::uint16_t brand_index(const Scenario& scenario, const py::object& brand) {
  if (py::isinstance<py::int_>(brand)) return brand.cast<std::uint16_t>();
  const auto name = brand.cast<std::string>();
  for (std::size_t i = 0; i < scenario.brands.size(); ++i)
    if (scenario.brands[i].name == name) return static_cast<std::uint16_t>(i);
  throw py::value_error("no brand '" + name + "' in scenario '" + scenario.name + "'");
}

py::dict issue_dict(const InputIssue& issue) {
  py::dict d;
  d["file"] = issue.file;
  d["line"] = issue.line;
  d["column"] = issue.column;
  d["key"] = issue.key_path;
  d["message"] = issue.message;
  d["suggestion"] = issue.suggestion;
  return d;
}

/// The batch's result files, which the Python side reads with pandas.
py::dict batch(const std::filesystem::path& experiment, std::optional<std::filesystem::path> out,
               unsigned threads) {
  const ExperimentSpec spec = load_experiment(experiment);
  const std::string text = read_file_text(experiment);
  const std::filesystem::path directory =
      out ? *out : std::filesystem::path("results") / path_safe_name(spec.name);
  BatchResult result;
  {
    py::gil_scoped_release without_gil;
    result = run_batch(spec, text, directory, threads,
                       [](const BatchProgress&) { check_python_signals(); });
  }
  py::dict files;
  files["directory"] = directory;
  files["runs_csv"] = result.runs_csv;
  files["summary_csv"] = result.summary_csv;
  files["manifest"] = result.manifest;
  return files;
}

ComparisonArm arm(const py::object& scenario, const std::vector<std::string>& overrides) {
  if (py::isinstance<LoadedScenario>(scenario)) {
    const auto& loaded = scenario.cast<const LoadedScenario&>();
    std::vector<std::string> all = loaded.overrides;
    all.insert(all.end(), overrides.begin(), overrides.end());
    return {loaded.file, all, {}};
  }
  return {scenario.cast<std::filesystem::path>(), overrides, {}};
}

void summary_columns(const SampleSummary& s, const std::string& prefix, py::dict& row) {
  row[(prefix + "mean").c_str()] = s.mean;
  row[(prefix + "sd").c_str()] = s.standard_deviation;
  row[(prefix + "ci95_low").c_str()] = s.ci95_low;
  row[(prefix + "ci95_high").c_str()] = s.ci95_high;
}

/// compare's final-week table: one row per brand and metric, A, B and the paired B − A.
py::dict compare(const py::object& a, const py::object& b, std::uint32_t replicates, Seed seed,
                 unsigned threads, const std::vector<std::string>& set_a,
                 const std::vector<std::string>& set_b) {
  ComparisonSpec spec{arm(a, set_a), arm(b.is_none() ? a : b, set_b)};
  spec.replicates = replicates;
  spec.master_seed = seed;
  spec.threads = threads;
  spec.after_each_run = check_python_signals;  // Ctrl-C between runs
  ComparisonResult result;
  {
    py::gil_scoped_release without_gil;
    result = compare_scenarios(spec);
  }
  py::list rows;
  for (const MetricComparison& c : result.comparisons) {
    py::dict row;
    row["brand"] = c.brand;
    row["metric"] = c.metric;
    row["n"] = c.difference.count;
    summary_columns(c.final_a, "a_", row);
    summary_columns(c.final_b, "b_", row);
    summary_columns(c.difference, "difference_", row);
    rows.append(row);
  }
  py::dict out;
  out["rows"] = rows;
  out["seeds"] = result.seeds;
  out["differences"] = describe_differences(result.differences);
  out["warnings"] = comparison_warnings(result);
  out["last_week_a"] = result.last_week_a;
  out["last_week_b"] = result.last_week_b;
  return out;
}

}  // namespace

}  // namespace murmur::python

PYBIND11_MODULE(_murmur, m) {
  using namespace murmur;
  using namespace murmur::python;
  m.doc() = "Murmur's simulation library (the compiled part of the murmur package).";

  static py::exception<InputError> scenario_error(m, "ScenarioError", PyExc_ValueError);
  scenario_error.attr("__doc__") =
      "A scenario, override, intervention, experiment or saved state that does not load. "
      "file, line, column and key locate the first problem (line and column 0: unknown); "
      "issues lists every one as dicts (file, line, column, key, message, suggestion).";
  py::register_exception_translator([](std::exception_ptr failure) {
    try {
      if (failure) std::rethrow_exception(failure);
    } catch (const InputError& e) {
      py::object error = py::reinterpret_borrow<py::object>(scenario_error.ptr())(e.what());
      py::list issues;
      for (const InputIssue& issue : e.issues()) issues.append(issue_dict(issue));
      error.attr("issues") = issues;
      const InputIssue first = e.issues().empty() ? InputIssue{} : e.issues().front();
      error.attr("file") = first.file;
      error.attr("line") = first.line;
      error.attr("column") = first.column;
      error.attr("key") = first.key_path;
      PyErr_SetObject(scenario_error.ptr(), error.ptr());
    } catch (const OutputError& e) {
      PyErr_SetString(PyExc_OSError, e.what());
    } catch (const StateFormatError& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    }
  });

  py::class_<LoadedScenario>(m, "Scenario", R"(A checked scenario, as murmur.load returns it.

Read-only: name, steps, seed, customers, brands (names, in index order), path, overrides
(the set= values as "key=value" strings) and warnings (what loading accepted but finds
likely a mistake, e.g. an intervention after the last week).)")
      .def_property_readonly("name", [](const LoadedScenario& s) { return s.scenario.name; })
      .def_property_readonly("steps", [](const LoadedScenario& s) { return s.scenario.steps; })
      .def_property_readonly("seed", [](const LoadedScenario& s) { return s.scenario.seed; })
      .def_property_readonly(
          "customers", [](const LoadedScenario& s) { return s.scenario.population.customers; })
      .def_property_readonly("brands",
                             [](const LoadedScenario& s) {
                               std::vector<std::string> names;
                               for (const BrandSpec& b : s.scenario.brands) names.push_back(b.name);
                               return names;
                             })
      .def_readonly("path", &LoadedScenario::file)
      .def_readonly("overrides", &LoadedScenario::overrides)
      .def_readonly("warnings", &LoadedScenario::warnings)
      .def(
          "to_json", [](const LoadedScenario& s) { return scenario_to_json(s.scenario); },
          "The fully resolved parameters as JSON (what a run's manifest.json records).")
      .def("__repr__", [](const LoadedScenario& s) {
        return "<murmur.Scenario '" + s.scenario.name + "' from " + s.file.string() + ">";
      });

  m.def("_load", &load, py::arg("path"), py::arg("overrides"),
        "load_checked_scenario with overrides as 'key=value' strings (murmur.load wraps it).");

  py::class_<Simulation>(m, "Simulation", R"(A market (or Bass model) that steps week by week.

Simulation(scenario, seed=None, threads=0): builds the scenario's graph and model at week 0
(seed: the scenario's seed unless given, as `murmur run --seed`; threads: worker threads, 0 =
all cores; results are the same bytes for any number). Frames are recorded as a run records
them (every output.every weeks and the scenario's last week), so metrics() after run() holds
exactly what metrics.csv holds.)")
      .def(py::init<const LoadedScenario&, std::optional<Seed>, unsigned>(), py::arg("scenario"),
           py::arg("seed") = py::none(), py::arg("threads") = 0)
      .def("step", &Simulation::step, py::arg("weeks") = 1,
           "Advances `weeks` weeks without the GIL. Ctrl-C raises KeyboardInterrupt between "
           "weeks, leaving the simulation at the last finished week.")
      .def(
          "run",
          [](py::object self) {
            self.cast<Simulation&>().run();
            return self;
          },
          "Steps to the scenario's last week (`steps`) and returns the simulation itself, so "
          "that sim.run().metrics() chains.")
      .def_property_readonly("week", &Simulation::week, "The week whose state the model holds.")
      .def_property_readonly(
          "steps", [](const Simulation& s) { return s.scenario().steps; },
          "The scenario's last week (where run() stops).")
      .def_property_readonly(
          "seed", [](const Simulation& s) { return s.scenario().seed; }, "The run's seed.")
      .def_property_readonly(
          "state_hash",
          [](const Simulation& s) {
            const auto claim = s.claim();
            return s.model().state_hash();
          },
          "The hash of the whole state (manifest.json's final_state_hash after run()).")
      .def(
          "set_lever",
          [](Simulation& s, const py::object& brand, const std::string& lever, double value) {
            s.set_lever(brand_index(s.scenario(), brand), lever, value);
          },
          py::arg("brand"), py::arg("lever"), py::arg("value"),
          "Sets a brand's lever (its name or index; e.g. 'ad_budget') from the next week on. "
          "ValueError for an unknown brand or lever.")
      .def(
          "apply",
          [](Simulation& s, const py::object& intervention) {
            const std::string text =
                py::isinstance<py::str>(intervention)
                    ? intervention.cast<std::string>()
                    : py::module_::import("json").attr("dumps")(intervention).cast<std::string>();
            s.apply(text);
          },
          py::arg("intervention"),
          "Applies an intervention now, written as a scenario's `interventions:` entry (a dict, "
          "or YAML text), e.g. {'kind': 'scandal', 'brand': 'MassAd', 'value': 2, 'weeks': 4}. "
          "It is checked as the loader checks a file's (ScenarioError); its trigger is ignored.")
      .def(
          "fork", [](const Simulation& s) { return std::make_unique<Simulation>(s); },
          "An independent copy of the whole state (same random streams, same graph): a what-if.")
      .def("save", &Simulation::save,
           "The state and the metrics so far as bytes (a checkpoint's format; "
           "Simulation.restore reads them).")
      .def_static(
          "restore",
          [](const LoadedScenario& loaded, const py::bytes& data, std::optional<Seed> seed,
             unsigned threads) {
            return Simulation::restore(loaded, std::string_view(data), seed, threads);
          },
          py::arg("scenario"), py::arg("data"), py::arg("seed") = py::none(),
          py::arg("threads") = 0,
          "The simulation save() saved, rebuilt on `scenario` (with the seed it was saved "
          "with); it continues bit for bit. ScenarioError when the bytes are damaged or were "
          "saved on another graph.")
      .def(
          "metrics",
          [](const Simulation& s) {
            return py::module_::import("pandas").attr("DataFrame")(metrics_columns(s));
          },
          "The recorded frames as a pandas DataFrame with metrics.csv's columns: step, brand, "
          "generation, metric, value ('all' for the totals).")
      .def("write_metrics_csv", &Simulation::write_metrics_csv, py::arg("path"),
           "Writes metrics.csv of the frames so far with the CLI's writer (the same bytes as "
           "`murmur run` for the same scenario and seed), atomically.")
      .def(
          "customers", [](py::object self) { return customer_arrays(self); },
          R"(The market's customer arrays as read-only numpy views (no copy), indexed by customer:
generation (uint8, index into the scenario's generations), brand (uint8, 255 = none),
satisfaction and expectation (float32, 0-10), tenure (uint16, weeks with the brand), habit
(uint16, Q0.16 fixed point: /65536), cell (uint32), flags (uint8, agents/customers.hpp),
aware and shares (uint64, bit b = brand b), attitude (int16, customers x brands, Q4.12:
/4096). The views show the live state: they change as the simulation steps (copy() to keep
one week's) and keep the simulation alive. TypeError for a model without customers (Bass).)");

  m.def("_batch", &batch, py::arg("experiment"), py::arg("out"), py::arg("threads"),
        "run_batch into `out`; returns the paths of its files (murmur.batch reads them).");
  m.def("_compare", &compare, py::arg("a"), py::arg("b"), py::arg("n"), py::arg("seed"),
        py::arg("threads"), py::arg("set_a"), py::arg("set_b"),
        "compare_scenarios; returns the final-week rows (murmur.compare makes the DataFrame).");

  // Users meet these as murmur.Scenario, murmur.Simulation and murmur.ScenarioError.
  for (const char* name : {"Scenario", "Simulation", "ScenarioError"})
    m.attr(name).attr("__module__") = "murmur";
}
