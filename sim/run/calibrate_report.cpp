// The files of a calibration's output directory: the tables (tidy CSV) and fit.html.

#include <cmath>

#include <fmt/format.h>

#include "sim/core/number_format.hpp"
#include "sim/io/output.hpp"
#include "sim/run/calibrate.hpp"
#include "sim/run/html_chart.hpp"

namespace murmur {

namespace {

std::string number(double value) {
  if (std::isnan(value)) return "NA";
  return fmt::format("{}", value);
}

}  // namespace

std::string calibration_parameters_csv(const CalibrationResult& result) {
  std::string csv =
      fmt::format("parameter,key,estimate,profile_low,profile_high,level,low_end,high_end\n");
  for (const ParameterEstimate& e : result.estimates)
    csv += fmt::format("{},{},{},{},{},{},{},{}\n", csv_field(e.name), csv_field(e.key),
                       number(e.estimate), number(e.interval_low), number(e.interval_high),
                       number(result.profile_level), e.low_note, e.high_note);
  return csv;
}

std::string calibration_fit_csv(const CalibrationResult& result) {
  std::string csv = "period,metric,brand,observed,fitted,residual,weight\n";
  for (std::size_t i = 0; i < result.observations.size(); ++i) {
    const Observation& o = result.observations[i];
    csv += fmt::format("{},{},{},{},{},{},{}\n", o.period, csv_field(o.metric), csv_field(o.brand),
                       number(o.value), number(result.fitted[i]),
                       number(o.value - result.fitted[i]), number(result.weights[i]));
  }
  return csv;
}

std::string calibration_goodness_csv(const CalibrationResult& result) {
  std::string csv = "metric,brand,n,r_squared,rmse\n";
  for (const SeriesFit& fit : result.fit)
    csv += fmt::format("{},{},{},{},{}\n", csv_field(fit.metric), csv_field(fit.brand), fit.count,
                       number(fit.r_squared), number(fit.rmse));
  return csv;
}

std::string calibration_evaluations_csv(const CalibrationResult& result) {
  std::string csv = "evaluation,stage";
  for (const std::string& name : result.parameter_names) csv += "," + csv_field(name);
  csv += ",loss,simulation\n";
  for (const EvaluationRow& row : result.evaluations) {
    csv += fmt::format("{},{}", row.index, csv_field(row.stage));
    for (const double value : row.values) csv += "," + number(value);
    csv += fmt::format(",{},{}\n", number(row.loss), row.simulation);
  }
  return csv;
}

std::string calibration_html(const CalibrationSpec& spec, const CalibrationResult& result) {
  std::string body = fmt::format("<h1>Calibration: {}</h1>\n<p>{}</p>\n", html_escape(spec.name),
                                 html_escape(spec.description));
  body += fmt::format(
      "<p>Scenario {}, {} replicate(s) per evaluation on the same seeds (seed {}); {} "
      "evaluations, {} distinct simulations; loss (weighted sum of squares) {}.</p>\n",
      html_escape(spec.scenario_file), spec.replicates, spec.seed, result.evaluations.size(),
      result.simulations, format_value(result.best_loss, NumberScale::Quantity));
  body += fmt::format(
      "<table><tr><th>parameter</th><th>estimate</th><th>{:g}% profile interval</th></tr>\n",
      100 * result.profile_level);
  for (const ParameterEstimate& e : result.estimates)
    body += fmt::format("<tr><td>{}</td><td>{}</td><td>[{}, {}]</td></tr>\n", html_escape(e.name),
                        format_value(e.estimate, NumberScale::Quantity),
                        format_value(e.interval_low, NumberScale::Quantity),
                        format_value(e.interval_high, NumberScale::Quantity));
  body += "</table>\n";
  for (const SeriesFit& fit : result.fit) {
    Chart chart;
    chart.x_label = "period";
    chart.y_label = fit.metric + " (" + fit.brand + ")";
    chart.x_to_data = true;
    chart.x_whole = true;
    chart.y_from_zero = true;
    ChartLine observed{"observed", {}, {}, {}, {}, 0, false};
    ChartLine fitted{"fitted", {}, {}, {}, {}, 1, true};
    for (std::size_t i = 0; i < result.observations.size(); ++i) {
      const Observation& o = result.observations[i];
      if (o.metric != fit.metric || o.brand != fit.brand) continue;
      observed.x.push_back(static_cast<double>(o.period));
      observed.mean.push_back(o.value);
      fitted.x.push_back(static_cast<double>(o.period));
      fitted.mean.push_back(result.fitted[i]);
    }
    chart.lines = {observed, fitted};
    body += fmt::format("<h2>{} of {}: R² {:.4f}, RMSE {}</h2>\n", html_escape(fit.metric),
                        html_escape(fit.brand), fit.r_squared,
                        format_value(fit.rmse, NumberScale::Quantity));
    body += svg_chart(chart);
  }
  return html_page("Calibration: " + spec.name, body);
}

void write_calibration_outputs(const CalibrationSpec& spec, const CalibrationResult& result,
                               const std::filesystem::path& directory) {
  write_file_atomically(directory / "parameters.csv", calibration_parameters_csv(result));
  write_file_atomically(directory / "fit.csv", calibration_fit_csv(result));
  write_file_atomically(directory / "goodness_of_fit.csv", calibration_goodness_csv(result));
  write_file_atomically(directory / "evaluations.csv", calibration_evaluations_csv(result));
  write_file_atomically(directory / "fit.html", calibration_html(spec, result));
}

}  // namespace murmur
