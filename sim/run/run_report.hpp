#pragma once
// The one-page report of a run (issue 18, item 3): what was run, the headline metrics over time
// per brand with the interventions marked, adoptions and losses by cause as stacked areas, the
// generations, the delivery gap and a short summary computed from the data. One self-contained
// HTML file (sim/run/html_chart.hpp: inline SVG, no scripts, no network), made only from a run
// directory's metrics.csv and manifest.json, so `murmur run --report` and `murmur report DIR`
// write the same bytes.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "sim/io/run_files.hpp"

namespace murmur {

/// A brand's values over the recorded steps (NaN = undefined that week).
struct NamedSeries {
  std::string name;
  std::vector<double> values;
};

/// Factual sentences about shares over time: who led at the end (or tied), who overtook whom
/// for good and when, whose share rose and fell most from the first to the last week, and the
/// largest gain and loss between two recorded weeks. NaN values are skipped; `steps` are the
/// weeks of the values. At most `max_overtakes` overtakes are listed, the earliest first.
/// `why(brand, week)`, when given, returns a clause on why that brand (an index of `shares`)
/// had come so far by that week; it is added to each lead change and overtake it names.
using OvertakeReason = std::function<std::string(std::size_t brand, Step week)>;
[[nodiscard]] std::vector<std::string> share_summary(const std::vector<Step>& steps,
                                                     const std::vector<NamedSeries>& shares,
                                                     std::size_t max_overtakes = 4,
                                                     const OvertakeReason& why = {});

/// The causes of adoption and loss the model attributes (agents/attribution.hpp,
/// docs/metrics.md), in stacking order, and their labels for a legend.
struct CauseMetric {
  std::string metric;
  std::string label;
};
[[nodiscard]] const std::vector<CauseMetric>& adoption_causes();
[[nodiscard]] const std::vector<CauseMetric>& loss_causes();

/// "Delight's 3400 new customers came mostly through word of mouth (62.00%), most of them
/// Customer 4.0 (41.00% of those)", from the sums over the run of the new_by_* metrics; empty
/// when the table has no attribution or the brand no attributed adoption.
[[nodiscard]] std::string cause_sentence(const MetricsTable& table, const std::string& brand);

/// "mostly through word of mouth (62.00% of its new customers to then), most of them Customer
/// 4.0": the same reading of the new_by_* metrics summed over the weeks up to `up_to`; empty
/// without attribution or attributed adoptions.
[[nodiscard]] std::string cause_clause(const MetricsTable& table, const std::string& brand,
                                       Step up_to);

/// "Persona's word of mouth went furthest: its largest cascade reached 13 customers and its
/// longest chain of recruitments ran 5 deep.", from the cascade metrics at the last recorded
/// week (output.cascades, docs/model.md §5.9): the brand with the largest cascade (ties: the
/// deeper chain; still tied, all of them); a sentence saying no word of mouth recruited anyone
/// when no cascade grew past its root; empty when the run has no cascade metrics.
[[nodiscard]] std::string cascade_sentence(const MetricsTable& table);

/// "1", "2", "3–4", …, "129–256", "257+": the cascade size bins as the report labels them.
[[nodiscard]] std::string cascade_size_label(std::size_t bin);

/// The report page.
[[nodiscard]] std::string run_report_html(const RunDescription& run, const MetricsTable& table);

/// Reads RUN_DIR's metrics.csv and manifest.json and writes the report to `out` atomically
/// (temporary file, then rename). Throws InputError naming the file when one is missing or
/// malformed (before anything is written), OutputError when the report cannot be written.
void write_run_report(const std::filesystem::path& run_directory, const std::filesystem::path& out);

}  // namespace murmur
