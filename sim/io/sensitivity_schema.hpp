#pragma once
// The sensitivity file's schema: every key, described once (like experiment_schema.hpp, whose
// visitor kinds it uses). The loader walks it; sensitivity_schema_markdown() documents it.

#include "sim/io/experiment_schema.hpp"
#include "sim/io/sensitivity_file.hpp"

namespace murmur {

inline constexpr std::size_t kMaxSensitivityOutputs = 50;

template <class V>
void describe(SensitivityOutput& s, V& v) {
  v.text(Field{"name", "", {}, "the output's name in tables and charts (required)"}, s.name,
         Presence::Required);
  v.text(Field{"metric", "", {}, "a metric the model reports, as in runs.csv (required)"}, s.metric,
         Presence::Required);
  v.text(Field{"brand", "", {}, "a brand of the scenario, or all (default) for the market"},
         s.brand);
  v.text(Field{"generation", "", {}, "a generation of the scenario, or all (default)"},
         s.generation);
  v.optional_integer(
      Field{"step", "week", kNonNegative, "the week read (default: the scenario's last)"}, s.step);
  v.optional_integer(Field{"mean_from", "week", kNonNegative,
                           "the output is the mean over weeks mean_from..step (default: the "
                           "value at step alone)"},
                     s.mean_from);
}

template <class V>
void describe(MorrisSettings& s, V& v) {
  v.integer(Field{"trajectories", "", Range{2.0, kInf}, "r: trajectories of k + 1 points each"},
            s.trajectories);
  v.integer(Field{"levels", "", Range{2.0, 1000.0},
                  "p: grid levels per parameter, even; each move is p / (2(p - 1)) of the range"},
            s.levels);
}

template <class V>
void describe(SobolSettings& s, V& v) {
  v.integer(Field{"samples", "", Range{2.0, kInf},
                  "N: rows of the matrices A and B (a power of 2 suits the Sobol sequence); "
                  "N (k + 2) points"},
            s.samples);
}

template <class V>
void describe(SensitivitySpec& s, V& v) {
  v.text(Field{"name",
               "",
               {},
               "study name; default output directory results/<name>/; at most 64 printable "
               "characters, not starting with = + - @"},
         s.name);
  v.text(Field{"description", "", {}, "free text"}, s.description);
  v.text(Field{"scenario", "file", {}, "the base scenario file, relative to this file"},
         s.scenario_file, Presence::Required);
  v.integer(Field{"master_seed", "", kSeedRange,
                  "replicate seeds and the designs' random numbers derive from it", kSeedNote},
            s.master_seed);
  v.integer(Field{"replicates", "runs", Range{1.0, kMaxReplicates},
                  "runs per point, on the same seeds at every point (common random numbers); "
                  "the output is their mean"},
            s.replicates);
  v.overrides(Field{"set", "", {}, "fixed overrides for every run: key.path: value"},
              s.fixed_overrides);
  v.ranges(Field{"parameters",
                 "",
                 {},
                 "per varied key path: [low, high] or {low, high, integer} (required)"},
           s.parameters);
  v.list(Field{"outputs", "", {}, "the scalar outputs to explain (required)"}, s.outputs,
         kMaxSensitivityOutputs);
  v.section(Field{"morris", "", {}, "Morris elementary effects (Morris 1991)"}, s.morris);
  v.section(Field{"sobol", "", {}, "Sobol indices by Saltelli sampling (Saltelli et al. 2010)"},
            s.sobol);
  v.integer(Field{"bootstrap", "resamples", Range{100.0, 100000.0},
                  "resamples of every bootstrap 95% interval"},
            s.bootstrap);
}

}  // namespace murmur
