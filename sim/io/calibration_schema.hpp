#pragma once
// The calibration schema: every YAML key of a calibration file, described once, with the
// scenario schema's Field, Range and visitor kinds (sim/core/scenario_schema.hpp) plus the
// experiment's `overrides` for `set`. calibration_loader.cpp walks it to read and check a
// file; docs/calibration.md explains each key.

#include <array>
#include <span>

#include "sim/core/scenario_schema.hpp"
#include "sim/io/calibration.hpp"

namespace murmur {

inline constexpr std::array<EnumName<Aggregate>, 3> kAggregateNames{
    {{Aggregate::Sum, "sum"}, {Aggregate::Mean, "mean"}, {Aggregate::Last, "last"}}};
constexpr std::span<const EnumName<Aggregate>> enum_names(Aggregate) { return kAggregateNames; }

inline constexpr std::array<EnumName<LossWeights>, 3> kLossWeightNames{
    {{LossWeights::None, "none"},
     {LossWeights::Column, "column"},
     {LossWeights::PerSeries, "per_series"}}};
constexpr std::span<const EnumName<LossWeights>> enum_names(LossWeights) {
  return kLossWeightNames;
}

inline constexpr std::array<EnumName<OptimiserMethod>, 6> kOptimiserMethodNames{
    {{OptimiserMethod::None, "none"},
     {OptimiserMethod::NelderMead, "nelder_mead"},
     {OptimiserMethod::Subplex, "subplex"},
     {OptimiserMethod::Bobyqa, "bobyqa"},
     {OptimiserMethod::Crs2, "crs2"},
     {OptimiserMethod::Isres, "isres"}}};
constexpr std::span<const EnumName<OptimiserMethod>> enum_names(OptimiserMethod) {
  return kOptimiserMethodNames;
}

inline constexpr std::size_t kMaxCalibrationParameters = 20;
inline constexpr double kMaxCalibrationReplicates = 10'000;
inline constexpr double kMaxOptimiserEvaluations = 100'000;

template <class V>
void describe(CalibrationParameter& s, V& v) {
  v.text(Field{"key", "", {}, "the scenario key to fit, as --set names it (none for a scale)"},
         s.key);
  v.text(Field{"name", "", {}, "its label in the outputs; default the key (required for a scale)"},
         s.name);
  v.number(Field{"low", "", kAnyNumber, "the smallest value tried"}, s.low);
  v.number(Field{"high", "", kAnyNumber, "the largest value tried; above low"}, s.high);
  v.optional_number(Field{"start", "", kAnyNumber, "where the search starts; default the middle"},
                    s.start);
  v.flag(Field{"scale", "", {}, "a factor of the simulated series, not a scenario key"}, s.scale);
}

template <class V>
void describe(ObservedSpec& s, V& v) {
  v.text(Field{"file", "file", {}, "the observed CSV, relative to the calibration file"}, s.file,
         Presence::Required);
  v.integer(Field{"period_weeks", "weeks", kAtLeastOne, "model weeks per period of the CSV"},
            s.period_weeks);
  v.integer(Field{"first_period", "", kAnyNumber, "the CSV period that starts at first_week"},
            s.first_period);
  v.integer(Field{"first_week", "week", kAtLeastOne, "the first model week of first_period"},
            s.first_week);
  v.choice(Field{"aggregate", "", {}, "sum, mean or last of the period's weeks"}, s.aggregate);
  v.flag(Field{"per_customer", "", {}, "divide simulated values by population.customers"},
         s.per_customer);
  v.text(Field{"scale", "", {}, "the scale parameter that multiplies the simulated values"},
         s.scale);
}

template <class V>
void describe(LossSpec& s, V& v) {
  v.choice(Field{"weights", "", {}, "none, column (the CSV's weight) or per_series"}, s.weights);
}

template <class V>
void describe(OptimiserStage& s, V& v) {
  v.choice(Field{"method", "", {}, "nelder_mead, subplex, bobyqa (local); crs2, isres (global)"},
           s.method);
  v.integer(Field{"max_evaluations", "evaluations", Range{1.0, kMaxOptimiserEvaluations},
                  "the stage's evaluation budget"},
            s.max_evaluations);
  v.number(Field{"tolerance", "", Range{0.0, 1.0, true},
                 "stop when a step changes every parameter by less (relative to its range)"},
           s.tolerance);
}

template <class V>
void describe(OptimiserSpec& s, V& v) {
  describe(s.search, v);
  v.section(Field{"polish", "", {}, "a local stage from the search's best (method: none = off)"},
            s.polish);
}

template <class V>
void describe(UncertaintySpec& s, V& v) {
  v.flag(Field{"profile", "", {}, "profile-likelihood intervals (false = none)"}, s.profile);
  v.number(Field{"level", "", Range{0.0, 1.0, true, true}, "the intervals' coverage"}, s.level);
  v.number(Field{"first_step", "", Range{0.0, 1.0, true},
                 "the first step out from the optimum, as a fraction of the range"},
           s.first_step);
  v.integer(Field{"max_steps", "steps", Range{1.0, 20.0}, "doubling steps per side"}, s.max_steps);
  v.integer(Field{"bisections", "", Range{0.0, 20.0}, "bisections of each crossing"}, s.bisections);
  v.integer(Field{"max_evaluations", "evaluations", Range{1.0, kMaxOptimiserEvaluations},
                  "budget of each profile point's re-fit of the other parameters"},
            s.max_evaluations);
}

template <class V>
void describe(CalibrationSpec& s, V& v) {
  v.text(Field{"name", "", {}, "default output directory results/calibrate-<name>/"}, s.name);
  v.text(Field{"description", "", {}, "free text"}, s.description);
  v.text(Field{"scenario", "file", {}, "the base scenario file, relative to this file"},
         s.scenario_file, Presence::Required);
  v.overrides(Field{"set", "", {}, "fixed overrides: key.path: value (any scenario key)"},
              s.fixed_overrides);
  v.list(Field{"parameters", "", {}, "the parameters to fit (required)"}, s.parameters,
         kMaxCalibrationParameters);
  v.section(Field{"observed", "", {}, "the observed series and how weeks make its periods"},
            s.observed);
  v.section(Field{"loss", "", {}, "the weights of the sum of squares"}, s.loss);
  v.integer(Field{"replicates", "runs", Range{1.0, kMaxCalibrationReplicates},
                  "runs per evaluation, averaged, on the same seeds every evaluation"},
            s.replicates);
  v.integer(Field{"seed", "", kSeedRange, "the replicates' seeds and the global methods' seed",
                  kSeedNote},
            s.seed);
  v.section(Field{"optimiser", "", {}, "the search and its optional polish"}, s.optimiser);
  v.section(Field{"uncertainty", "", {}, "the profile-likelihood intervals"}, s.uncertainty);
}

}  // namespace murmur
