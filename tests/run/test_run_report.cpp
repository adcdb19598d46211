// The run report (sim/run/run_report.hpp): its summary sentences on hand-built series, the
// stacked areas of adoptions by cause, the word-of-mouth cascades, the files it reads
// (tests/data/run_report/) and what it refuses.

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "agents/cascades.hpp"
#include "sim/core/error.hpp"
#include "sim/io/output.hpp"
#include "sim/io/run_files.hpp"
#include "sim/run/html_chart.hpp"
#include "sim/run/run_report.hpp"

namespace murmur {
namespace {

namespace fs = std::filesystem;
const fs::path kFixture = fs::path(MURMUR_TEST_DATA_DIR) / "run_report" / "attribution";
constexpr double kNA = std::numeric_limits<double>::quiet_NaN();

std::vector<Step> weeks(std::size_t n) {
  std::vector<Step> steps;
  for (Step s = 0; s < n; ++s) steps.push_back(s);
  return steps;
}

bool contains(const std::vector<std::string>& sentences, const std::string& sentence) {
  return std::find(sentences.begin(), sentences.end(), sentence) != sentences.end();
}

std::size_t count_of(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1))
    ++count;
  return count;
}

TEST(ShareSummary, SaysWhoTookTheLeadWhenAndWhoLedAtTheEnd) {
  const std::vector<NamedSeries> shares = {{"MassAd", {0.30, 0.28, 0.25, 0.22, 0.20}},
                                           {"Persona", {0.10, 0.15, 0.24, 0.26, 0.30}}};
  const auto s = share_summary(weeks(5), shares);
  EXPECT_EQ(s.front(), "Persona led at the end (week 4) with 30.00% of the market.");
  EXPECT_TRUE(contains(s, "Persona took the lead from MassAd in week 3 and kept it.")) << s[1];
  EXPECT_TRUE(contains(s, "Persona's share rose most: 10.00% → 30.00% (+20.00 points)."));
  EXPECT_TRUE(contains(s, "MassAd's share fell most: 30.00% → 20.00% (-10.00 points)."));
  EXPECT_TRUE(contains(s,
                       "The largest gain between two recorded weeks: Persona +9.00 points in "
                       "week 2 (15.00% → 24.00%)."));
  EXPECT_TRUE(contains(s,
                       "The largest loss between two recorded weeks: MassAd -3.00 points in "
                       "week 2 (28.00% → 25.00%)."));
}

TEST(ShareSummary, SaysWhyTheWinnerGotThereWhenItIsTold) {
  const std::vector<NamedSeries> shares = {{"MassAd", {0.30, 0.28, 0.25, 0.22, 0.20}},
                                           {"Persona", {0.10, 0.15, 0.24, 0.26, 0.30}},
                                           {"Corner", {0.05, 0.10, 0.20, 0.23, 0.24}}};
  std::vector<std::pair<std::size_t, Step>> asked;
  const OvertakeReason why = [&](std::size_t brand, Step week) {
    asked.emplace_back(brand, week);
    return "mostly through " + shares[brand].name + "'s offers";
  };
  const auto s = share_summary(weeks(5), shares, 4, why);
  EXPECT_TRUE(contains(s,
                       "Persona took the lead from MassAd in week 3, mostly through Persona's "
                       "offers, and kept it."));
  EXPECT_TRUE(contains(s,
                       "Corner overtook MassAd in week 3, mostly through Corner's offers, and "
                       "stayed ahead."));
  EXPECT_TRUE(std::find(asked.begin(), asked.end(), std::make_pair(std::size_t{1}, Step{3})) !=
              asked.end());
  // An empty reason leaves the sentence as it is.
  const auto plain = share_summary(weeks(5), shares, 4, [](std::size_t, Step) { return ""; });
  EXPECT_TRUE(contains(plain, "Persona took the lead from MassAd in week 3 and kept it."));
}

TEST(ShareSummary, AnOvertakeThatDidNotLastIsNotOneAndOnlyLastingOnesCount) {
  // B passes A in week 1, falls back in week 2, passes for good in week 4; C leads throughout.
  const std::vector<NamedSeries> shares = {{"A", {0.20, 0.18, 0.22, 0.21, 0.19, 0.18}},
                                           {"B", {0.10, 0.19, 0.15, 0.20, 0.25, 0.26}},
                                           {"C", {0.50, 0.50, 0.50, 0.50, 0.50, 0.50}}};
  const auto s = share_summary(weeks(6), shares);
  EXPECT_TRUE(contains(s, "C led from week 0 to the end."));
  EXPECT_TRUE(contains(s, "B overtook A in week 4 and stayed ahead."));
  EXPECT_FALSE(contains(s, "B overtook A in week 1 and stayed ahead."));
  EXPECT_FALSE(contains(s, "No brand overtook another for good."));
}

TEST(ShareSummary, ATieIsNeitherAnOvertakeNorALead) {
  // Level in weeks 1 and 2, then B ahead: an overtake in week 3 (A was ahead before the tie).
  const std::vector<NamedSeries> shares = {{"A", {0.3, 0.2, 0.2, 0.2}},
                                           {"B", {0.1, 0.2, 0.2, 0.3}}};
  auto s = share_summary(weeks(4), shares);
  EXPECT_TRUE(contains(s, "B took the lead from A in week 3 and kept it."));
  // Level at the end: they tie for the lead, and B, level with A, overtook no one for good.
  const std::vector<NamedSeries> tied = {{"A", {0.3, 0.25, 0.2}}, {"B", {0.1, 0.15, 0.2}}};
  s = share_summary(weeks(3), tied);
  EXPECT_EQ(s.front(), "A and B tied for the lead at the end (week 2) with 20.00% each.");
  EXPECT_TRUE(contains(s, "No brand overtook another for good."));
}

TEST(ShareSummary, OfASingleBrandSaysSoAndOfNoChangeSaysThat) {
  auto s = share_summary(weeks(3), {{"Baker", {0.5, 0.6, 0.55}}});
  EXPECT_EQ(s.front(), "Baker, the only brand, ended week 2 with 55.00% of the market.");
  EXPECT_TRUE(contains(s, "Baker's share rose: 50.00% → 55.00% (+5.00 points)."));
  for (const std::string& sentence : s) EXPECT_EQ(sentence.find("overt"), std::string::npos);
  s = share_summary(weeks(3), {{"Flat", {0.5, 0.5, 0.5}}});
  EXPECT_TRUE(contains(s, "No brand's share changed."));
}

TEST(ShareSummary, SkipsNAValuesAndSaysWhenThereIsNoValueAtAll) {
  // B enters in week 2 (NA before) and leaves in week 4 (NA): its first and last values count,
  // moves are measured only between two values, and the last week with values is week 4.
  const std::vector<NamedSeries> shares = {{"A", {0.4, 0.4, 0.35, 0.3, 0.3}},
                                           {"B", {kNA, kNA, 0.2, 0.45, kNA}}};
  const auto s = share_summary(weeks(5), shares);
  EXPECT_EQ(s.front(), "A led at the end (week 4) with 30.00% of the market.");
  EXPECT_TRUE(contains(s, "B's share rose most: 20.00% → 45.00% (+25.00 points)."));
  EXPECT_TRUE(contains(s, "B overtook A in week 3 and stayed ahead."));  // A never passed back
  EXPECT_EQ(share_summary(weeks(2), {{"A", {kNA, kNA}}}),
            (std::vector<std::string>{"No brand has a share in this run."}));
}

TEST(ShareSummary, RecordedWeeksFurtherApartAreNamedAsARange) {
  const auto s = share_summary({0, 5, 10}, {{"A", {0.1, 0.3, 0.35}}, {"B", {0.5, 0.4, 0.3}}});
  EXPECT_TRUE(contains(s,
                       "The largest gain between two recorded weeks: A +20.00 points from "
                       "week 0 to week 5 (10.00% → 30.00%)."));
}

TEST(StackedAreas, TopsAreRunningSumsInLayerOrderWithNAAndNegativesAsZero) {
  const std::vector<StackedLayer> layers = {{"advertising", {1.5, 2.0, kNA}, 0},
                                            {"word of mouth", {0.25, -1.0, 3.0}, 1},
                                            {"referral", {2.0, 0.5, 1.0}, 2}};
  const auto tops = stack_layers(layers);
  ASSERT_EQ(tops.size(), 3u);
  EXPECT_EQ(tops[0], (std::vector<double>{1.5, 2.0, 0.0}));
  EXPECT_EQ(tops[1], (std::vector<double>{1.75, 2.0, 3.0}));
  EXPECT_EQ(tops[2], (std::vector<double>{3.75, 2.5, 4.0}));
}

TEST(StackedAreas, DrawOnePolygonPerLayerBottomFirstInEachLayersColour) {
  StackedChart chart{"week", "new customers", {0, 1, 2}, {}, {{1.0, "campaign"}}};
  for (std::size_t k = 0; k < 10; ++k)
    chart.layers.push_back({fmt::format("cause {}", k), {1.0, 2.0, 1.0}, k});
  const std::string svg = svg_stacked_chart(chart);
  EXPECT_EQ(count_of(svg, "<polygon"), 10u);
  // Ten distinct colours, in the layers' order, both in the areas and in the legend.
  std::size_t at = 0;
  for (std::size_t k = 0; k < 10; ++k) {
    const std::string fill = fmt::format(R"(fill="{}")", chart_colour(k));
    const std::size_t found = svg.find(fill, at);
    ASSERT_NE(found, std::string::npos) << k;
    at = found;
    for (std::size_t j = 0; j < k; ++j) EXPECT_NE(chart_colour(j), chart_colour(k));
  }
  EXPECT_NE(svg.find("campaign"), std::string::npos);
  EXPECT_NE(svg.find("<p class=legend>"), std::string::npos);
}

TEST(StackedAreas, TheTopLayerEndsAtTheSumAndTheAxisStartsAtZero) {
  StackedChart chart{"week", "n", {0, 10}, {{"a", {4, 4}, 0}, {"b", {6, 6}, 1}}, {}};
  const std::string svg = svg_stacked_chart(chart);
  // y ticks 0..10 (round), the top layer's upper edge at 10 = the top tick's position.
  EXPECT_NE(svg.find(">0</text>"), std::string::npos);
  EXPECT_NE(svg.find(">10</text>"), std::string::npos);
}

TEST(RunFiles, ReadTheAttributionFixture) {
  const MetricsTable table = read_metrics_csv(kFixture / "metrics.csv");
  EXPECT_EQ(table.steps, (std::vector<Step>{0, 1, 2, 3, 4}));
  EXPECT_EQ(table.brands, (std::vector<std::string>{"Delight", "MassAd"}));
  EXPECT_EQ(table.generations, (std::vector<std::string>{"4.0", "2.0"}));
  const auto* nps = table.find("nps", "Delight");
  ASSERT_NE(nps, nullptr);
  EXPECT_TRUE(std::isnan((*nps)[0]));
  EXPECT_EQ((*nps)[2], 20.0);
  // The causes sum to new_customers every week, as attribution promises.
  for (const std::string& brand : table.brands)
    for (std::size_t i = 0; i < table.steps.size(); ++i) {
      double sum = 0.0;
      for (const CauseMetric& cause : adoption_causes())
        sum += table.find(cause.metric, brand)->at(i);
      EXPECT_DOUBLE_EQ(sum, table.find("new_customers", brand)->at(i)) << brand << " " << i;
    }
  const RunDescription run = read_run_manifest(kFixture / "manifest.json");
  EXPECT_EQ(run.scenario_name, "attribution_fixture");
  EXPECT_EQ(run.seed, 7u);
  EXPECT_EQ(run.overrides, (std::vector<std::string>{"steps=4", "brands[1].ad_budget=3"}));
  ASSERT_EQ(run.interventions.size(), 1u);
  EXPECT_EQ(run.interventions[0].week, 2u);
  EXPECT_EQ(run.platform, "Linux 6.1 x86_64; Test CPU; GNU 12.2.0");
}

TEST(RunReport, NamesTheCauseAndGenerationThatBroughtABrandsCustomersUpToAWeek) {
  // The fixture's Delight, week 1: 20 new customers, 10.25 through word of mouth, 8.2 of
  // those from Customer 4.0; by week 4 word of mouth brought 85.75 of 120.
  const MetricsTable table = read_metrics_csv(kFixture / "metrics.csv");
  EXPECT_EQ(cause_clause(table, "Delight", 1),
            "mostly through word of mouth (51.25% of its new customers to then), most of them "
            "Customer 4.0");
  EXPECT_EQ(cause_clause(table, "Delight", 0), "");  // nobody came in the initial state
  EXPECT_NE(cause_clause(table, "Delight", 4).find("word of mouth"), std::string::npos);
}

TEST(RunFiles, QuotedNamesReadBackAndBadLinesAreNamed) {
  const MetricsTable table = parse_metrics_csv(
      "step,brand,generation,metric,value\n0,\"A, \"\"B\"\"\",all,share,0.5\n1,\"A, "
      "\"\"B\"\"\",all,"
      "share,Inf\n",
      "m.csv");
  EXPECT_EQ(table.brands, (std::vector<std::string>{"A, \"B\""}));
  EXPECT_TRUE(std::isinf(table.find("share", "A, \"B\"")->at(1)));
  try {
    (void)parse_metrics_csv("step,brand,generation,metric,value\n0,A,all,share\n", "m.csv");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("m.csv:2"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)parse_metrics_csv("a,b\n", "m.csv"), InputError);
  EXPECT_THROW((void)parse_metrics_csv("", "m.csv"), InputError);
  EXPECT_THROW(
      (void)parse_metrics_csv("step,brand,generation,metric,value\n0,A,all,share,x\n", "m.csv"),
      InputError);
  EXPECT_THROW((void)parse_run_manifest("{\"scenario\": ", "manifest.json"), InputError);
  EXPECT_THROW((void)parse_run_manifest("{\"scenario\": {}}", "manifest.json"), InputError);
}

TEST(RunReport, DrawsAdoptionsByCauseWhenTheRunHasThem) {
  const MetricsTable table = read_metrics_csv(kFixture / "metrics.csv");
  const RunDescription run = read_run_manifest(kFixture / "manifest.json");
  const std::string html = run_report_html(run, table);
  EXPECT_EQ(html.find("without attribution"), std::string::npos);
  EXPECT_NE(html.find("<h3>Adoptions by cause</h3>"), std::string::npos);
  EXPECT_NE(html.find("<h3>Losses by cause</h3>"), std::string::npos);
  // 7 adoption and 4 loss layers for each of the two brands.
  EXPECT_EQ(count_of(html, "class=\"layer\""), 2u * (7 + 4));
  EXPECT_NE(html.find("<title>word of mouth</title>"), std::string::npos);
  EXPECT_NE(html.find("spring campaign"), std::string::npos);  // the intervention's marker
  EXPECT_NE(html.find("brands[1].ad_budget=3"), std::string::npos);
  // The lead change says what had brought the winner its customers by then (the whole run
  // here: it is the last week).
  EXPECT_NE(html.find("Delight took the lead from MassAd in week 4, mostly through word of "
                      "mouth (71.46% of its new customers to then), most of them Customer 4.0, "
                      "and kept it."),
            std::string::npos);
  EXPECT_EQ(cause_sentence(table, "Delight"),
            "Delight's 120 new customers came mostly through word of mouth (71.46%), most of "
            "them Customer 4.0 (80.00% of those).");
  EXPECT_EQ(html.find("<script"), std::string::npos);
}

TEST(RunReport, SaysSoWhenTheRunHasNoAttribution) {
  MetricsTable table = parse_metrics_csv(
      "step,brand,generation,metric,value\n0,A,all,share,0.5\n1,A,all,share,0.6\n", "m.csv");
  RunDescription run;
  run.scenario_name = "plain";
  const std::string html = run_report_html(run, table);
  EXPECT_NE(html.find("This run was made without attribution: rerun with --attribution"),
            std::string::npos);
  EXPECT_EQ(cause_sentence(table, "A"), "");
}

TEST(RunReport, HostileNamesReachTheHtmlOnlyEscaped) {
  const std::string hostile = "<script>alert(\"x\")</script>'";
  MetricsTable table = parse_metrics_csv(
      "step,brand,generation,metric,value\n0,\"" +
          std::string("<script>alert(\"\"x\"\")</script>'") +
          "\",all,share,0.5\n1,\"<script>alert(\"\"x\"\")</script>'\",all,share,0.6\n",
      "m.csv");
  ASSERT_EQ(table.brands.front(), hostile);
  RunDescription run;
  run.scenario_name = hostile;
  run.scenario_file = "\"><img src=x>.yaml";
  run.overrides = {"brands[0].name=<b>"};
  run.interventions = {{1, "<i>scandal</i>", "scandal"}};
  const std::string html = run_report_html(run, table);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_EQ(html.find("<i>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;"), std::string::npos);
}

TEST(RunReport, ARunDirectoryWithoutMetricsOrWithACorruptManifestWritesNothing) {
  const fs::path dir = fs::temp_directory_path() / "murmur_run_report_test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::copy_file(kFixture / "manifest.json", dir / "manifest.json");
  try {
    write_run_report(dir, dir / "report.html");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("metrics.csv"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(dir / "report.html"));
  fs::copy_file(kFixture / "metrics.csv", dir / "metrics.csv");
  write_file_atomically(dir / "manifest.json", "{\"murmur_version\": \"0.1");
  try {
    write_run_report(dir, dir / "report.html");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("manifest.json"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(dir / "report.html"));
  EXPECT_FALSE(fs::exists(dir / "report.html.tmp"));
  fs::copy_file(kFixture / "manifest.json", dir / "manifest.json",
                fs::copy_options::overwrite_existing);
  write_run_report(dir, dir / "report.html");
  EXPECT_EQ(read_file_text(dir / "report.html"),
            run_report_html(read_run_manifest(kFixture / "manifest.json"),
                            read_metrics_csv(kFixture / "metrics.csv")));
  fs::remove_all(dir);
}

// ---- word-of-mouth cascades (output.cascades) ----

/// One brand's cascade metrics at a week, as metrics.csv rows (generation "all").
struct CascadeRow {
  double cascades, viral, mean_size, largest, mean_depth, max_depth, top_1pct;
  std::vector<double> by_size;  ///< the first bins; the rest are 0
  double wom_recruits;
};

std::string cascade_csv(
    const std::vector<std::pair<std::string, std::vector<CascadeRow>>>& brands) {
  std::string csv = "step,brand,generation,metric,value\n";
  auto value = [](double v) { return std::isfinite(v) ? fmt::format("{}", v) : "NA"; };
  // Step by step, as metrics.csv is written.
  for (std::size_t step = 0; step < brands.front().second.size(); ++step)
    for (const auto& brand_weeks : brands) {
      // Named, not a structured binding: a lambda cannot capture one before C++20's P1091
      // (clang 14 refuses it).
      const std::string& brand = brand_weeks.first;
      const CascadeRow& r = brand_weeks.second.at(step);
      auto row = [&](const std::string& metric, double v) {
        csv += fmt::format("{},{},all,{},{}\n", step, brand, metric, value(v));
      };
      row("share", 0.1 * static_cast<double>(step + 1));
      row("wom_recruits", r.wom_recruits);
      row("cascades", r.cascades);
      row("cascades_viral", r.viral);
      row("cascade_mean_size", r.mean_size);
      row("cascade_largest", r.largest);
      row("cascade_mean_depth", r.mean_depth);
      row("cascade_max_depth", r.max_depth);
      row("recruited_by_top_1pct", r.top_1pct);
      for (std::size_t bin = 0; bin < kCascadeSizeBins; ++bin)
        row("cascades_size_" + cascade_size_bin_name(bin),
            bin < r.by_size.size() ? r.by_size[bin] : 0.0);
    }
  return csv;
}

// A: 10 cascades by week 2, two of them viral (sizes 2 and 3: 3 recruitments, 1 + 2 in weeks 1
// and 2); B: 4 cascades, none viral (its mean depth undefined).
MetricsTable cascade_table() {
  return parse_metrics_csv(cascade_csv({{"A",
                                         {{8, 0, 1.0, 1, kNA, 0, 0.0, {8}, 0},
                                          {9, 1, 10.0 / 9, 2, 1.0, 1, 0.1, {8, 1}, 1},
                                          {10, 2, 1.3, 3, 1.5, 2, 0.2, {8, 1, 1}, 2}}},
                                        {"B",
                                         {{4, 0, 1.0, 1, kNA, 0, 0.0, {4}, 0},
                                          {4, 0, 1.0, 1, kNA, 0, 0.0, {4}, 0},
                                          {4, 0, 1.0, 1, kNA, 0, 0.0, {4}, 0}}}}),
                           "cascades.csv");
}

TEST(CascadeSentence, NamesTheBrandWithTheLargestCascadeAndItsLongestChain) {
  EXPECT_EQ(cascade_sentence(cascade_table()),
            "A's word of mouth went furthest: its largest cascade reached 3 customers and its "
            "longest chain of recruitments ran 2 deep.");
}

TEST(CascadeSentence, BreaksATieBySizeWithTheDeeperChainAndNamesBrandsTiedOnBoth) {
  const CascadeRow wide{5, 1, 1.6, 4, 1, 1, 0.5, {4, 0, 1}, 3};  // a root recruiting 3
  const CascadeRow deep{5, 1, 1.6, 4, 3, 3, 0.5, {4, 0, 1}, 3};  // a chain of 3
  EXPECT_EQ(cascade_sentence(
                parse_metrics_csv(cascade_csv({{"Wide", {wide}}, {"Deep", {deep}}}), "m.csv")),
            "Deep's word of mouth went furthest: its largest cascade reached 4 customers and its "
            "longest chain of recruitments ran 3 deep.");
  EXPECT_EQ(cascade_sentence(parse_metrics_csv(
                cascade_csv({{"X", {deep}}, {"Wide", {wide}}, {"Y", {deep}}}), "m.csv")),
            "The word of mouth of X and Y went furthest: the largest cascade of each reached 4 "
            "customers and the longest chain of each ran 3 recruitments deep.");
}

TEST(CascadeSentence, SaysSoWhenNoWordOfMouthRecruitedAnyoneAndNothingWithoutCascades) {
  const CascadeRow lone{4, 0, 1.0, 1, kNA, 0, 0.0, {4}, 0};
  EXPECT_EQ(cascade_sentence(parse_metrics_csv(cascade_csv({{"A", {lone}}}), "m.csv")),
            "No brand's word of mouth recruited a customer: every cascade is a single "
            "acquisition.");
  EXPECT_EQ(cascade_sentence(read_metrics_csv(kFixture / "metrics.csv")), "");
}

TEST(CascadeSizeLabel, ReadsTheBinsAsRanges) {
  EXPECT_EQ(cascade_size_label(0), "1");
  EXPECT_EQ(cascade_size_label(1), "2");
  EXPECT_EQ(cascade_size_label(2), "3–4");
  EXPECT_EQ(cascade_size_label(8), "129–256");
  EXPECT_EQ(cascade_size_label(kCascadeSizeBins - 1), "257+");
}

TEST(RunReport, HasACascadeSectionWithTheTableSizesAndRecruitmentsWhenTheRunHasThem) {
  const MetricsTable table = cascade_table();
  RunDescription run;
  run.scenario_name = "cascades";
  const std::string html = run_report_html(run, table);
  const std::size_t section = html.find("<h2>Word-of-mouth cascades</h2>");
  ASSERT_NE(section, std::string::npos);
  EXPECT_NE(html.find("docs/model.md §5.9"), std::string::npos);
  // A's row at week 2: 10 cascades, 20% viral, mean size 1.3, largest 3, mean depth 1.5,
  // deepest 2, 20% by the top 1%, and 3 recruitments (Σ size − 1 = Σ wom_recruits).
  EXPECT_NE(html.find("A</td><td>10</td><td>20.00%</td><td>1.300</td><td>3</td><td>1.500</td>"
                      "<td>2</td><td>20.00%</td><td>3</td></tr>"),
            std::string::npos);
  // B recruited nobody: no viral cascade, so no mean depth.
  EXPECT_NE(html.find("B</td><td>4</td><td>0.00%</td><td>1.000</td><td>1</td><td>-</td>"),
            std::string::npos);
  // Sizes up to the largest bin reached (3–4), as shares of each brand's cascades on a log
  // axis: A has 80%, 10%, 10%; B 100% and nothing else, so 4 bars; no zero-length bar.
  EXPECT_NE(html.find(">size 3–4</text>"), std::string::npos);
  EXPECT_EQ(html.find(">size 5–8</text>"), std::string::npos);
  EXPECT_EQ(count_of(html.substr(section), "<rect "), 4u);
  EXPECT_NE(html.find("(%, log scale)</text>"), std::string::npos) << "the axis says it is log";
  EXPECT_NE(html.find(R"(text-anchor="middle">10</text>)"), std::string::npos);
  EXPECT_NE(html.find(R"(text-anchor="middle">100</text>)"), std::string::npos);
  EXPECT_NE(html.find("<h3>Recruitments by word of mouth a week"), std::string::npos);
  EXPECT_NE(html.find("<li>A&#39;s word of mouth went furthest"), std::string::npos);
}

TEST(RunReport, WithoutCascadeMetricsIsTheSameBytesAsBeforeCascades) {
  // expected_report.html is the fixture's report from the commit before the cascade section:
  // a run without output.cascades must get exactly that page (update it only on purpose).
  const std::string html = run_report_html(read_run_manifest(kFixture / "manifest.json"),
                                           read_metrics_csv(kFixture / "metrics.csv"));
  EXPECT_EQ(html.find("cascade"), std::string::npos);
  EXPECT_EQ(html, read_file_text(kFixture / "expected_report.html"));
}

TEST(BarChart, ALogAxisHasPowersOfTenBelowTheSmallestValueAndDrawsNoBarForZero) {
  EXPECT_EQ(log_ticks(0.013, 100.0), (std::vector<double>{0.01, 0.1, 1, 10, 100}));
  // A value at a power of ten gets a bar: the axis starts a decade below it.
  EXPECT_EQ(log_ticks(1.0, 1000.0), (std::vector<double>{0.1, 1, 10, 100, 1000}));
  EXPECT_EQ(log_ticks(5.0, 5.0), (std::vector<double>{1, 10}));
  EXPECT_EQ(log_ticks(kNA, kNA), (std::vector<double>{1, 10}));
  BarChart chart{"share (%, log scale)", {"a", "b", "c"}, {{"s", {50.0, 0.0, 0.5}, {}, {}, 0}}};
  chart.log_scale = true;
  const std::string svg = svg_bar_chart(chart);
  EXPECT_EQ(count_of(svg, "<rect "), 2u);  // 0 has no place on a log axis
  for (const char* tick : {">0.1</text>", ">1</text>", ">10</text>", ">100</text>"})
    EXPECT_NE(svg.find(tick), std::string::npos) << tick;
  // Decades are equally wide: 0.1 → 1 as wide as 10 → 100 (230 px of labels, 20 px margin).
  const double decade = (880.0 - 20.0 - 230.0) / 3.0;
  EXPECT_NE(svg.find(fmt::format(R"(width="{:.1f}")", decade * (std::log10(50.0) + 1.0))),
            std::string::npos);
}

}  // namespace
}  // namespace murmur
