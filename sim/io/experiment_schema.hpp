#pragma once
// The experiment schema: every YAML key of an experiment file, described once, like the
// scenario schema of sim/core/scenario_schema.hpp (and with its Field, Range and visitor
// kinds). The loader walks it to read and check the file, experiment_schema_markdown() to
// write the reference in scenarios/experiments/README.md.
//
// Beyond the scenario kinds, a visitor provides: overrides (`set`: key path -> any value),
// value_lists (`grid`: key path -> list of values), value_maps (`points`: list of
// key path -> value maps), ranges (`latin_hypercube.ranges`: key path -> [low, high]) and
// values (a list of scalars). Values of swept keys are not checked here: each point is
// checked by loading the base scenario with it (prepare_batch), with the scenario's checks.

#include <array>
#include <span>

#include "sim/core/scenario_schema.hpp"
#include "sim/io/experiment.hpp"

namespace murmur {

inline constexpr std::array<EnumName<GenerationDetail>, 2> kGenerationDetailNames{
    {{GenerationDetail::Totals, "all"}, {GenerationDetail::Each, "each"}}};
constexpr std::span<const EnumName<GenerationDetail>> enum_names(GenerationDetail) {
  return kGenerationDetailNames;
}

inline constexpr double kMaxReplicates = 1'000'000;  // far beyond a day on a cluster

/// A range given as a map; `[low, high]` is the short form of the first two keys.
template <class V>
void describe(ParameterRange& s, V& v) {
  v.number(Field{"low", "", kAnyNumber, "smallest value sampled"}, s.low);
  v.number(Field{"high", "", kAnyNumber, "largest value sampled; above low"}, s.high);
  v.flag(Field{"integer", "", {}, "round samples to whole numbers"}, s.integer);
}

template <class V>
void describe(LatinHypercubeSpec& s, V& v) {
  v.integer(Field{"samples", "points", Range{2.0, kInf}, "points of the design"}, s.samples);
  v.ranges(
      Field{
          "ranges", "", {}, "per varied key path: [low, high] or {low, high, integer} (required)"},
      s.ranges);
}

template <class V>
void describe(KeepSpec& s, V& v) {
  v.values(Field{"metrics",
                 "",
                 {},
                 "metric names to keep (default: every metric); a name the model does not report "
                 "is an error"},
           s.metrics);
  v.values(Field{"steps", "week", kNonNegative,
                 "weeks to keep (default: the last week); a week after the scenario's `steps` is "
                 "an error"},
           s.steps);
  v.integer(Field{"every", "weeks", kAtLeastOne,
                  "keep every n-th week and the last (instead of `steps`)"},
            s.every);
  v.choice(Field{"generations", "", {}, "all: totals only; each: every generation too"},
           s.generations);
}

template <class V>
void describe(ExperimentSpec& s, V& v) {
  v.text(Field{"name",
               "",
               {},
               "batch name; default output directory results/<name>/; at most 64 "
               "printable characters, not starting with = + - @"},
         s.name);
  v.text(Field{"description", "", {}, "free text"}, s.description);
  v.text(Field{"scenario", "file", {}, "the base scenario file, relative to the experiment file"},
         s.scenario_file, Presence::Required);
  v.integer(Field{"master_seed", "", kSeedRange,
                  "every run's seed derives from it and the replicate number", kSeedNote},
            s.master_seed);
  v.integer(Field{"replicates", "runs", Range{1.0, kMaxReplicates}, "runs per point"},
            s.replicates);
  v.overrides(Field{"set",
                    "",
                    {},
                    "fixed overrides for every run: key.path: value (any scenario key; maps "
                    "allowed)"},
              s.fixed_overrides);
  v.value_lists(
      Field{
          "grid", "", {}, "key.path: [values] per varied key; the Cartesian product of the lists"},
      s.grid);
  v.value_maps(Field{"points", "", {}, "instead of grid: a list of {key.path: value, ...}"},
               s.points);
  v.section(Field{"latin_hypercube",
                  "",
                  {},
                  "instead of grid: samples stratified over ranges (McKay et al. 1979)"},
            s.latin_hypercube);
  v.section(Field{"keep", "", {}, "which metrics of which weeks runs.csv keeps"}, s.keep);
}

}  // namespace murmur
