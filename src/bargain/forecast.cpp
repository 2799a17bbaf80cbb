// Forecasts for a whole table: each model on each issue (or joint Nash), with round traces.
#include <algorithm>
#include <stdexcept>
#include <cmath>

#include "parley/bargain_table.hpp"

namespace parley::bargain {

namespace {

EumRound round_zero(const ActorTable& t, const Issue& issue) {
  EumRound r;
  std::vector<double> scratch(2 * issue.positions.size());
  r.median = median(t.capabilities, issue.positions, issue.saliences, scratch).position;
  r.mean = compromise(t.capabilities, issue.positions, issue.saliences).position;
  r.positions = issue.positions;
  return r;
}

double positions_span(const std::vector<double>& x) {
  if (x.empty()) return 1;
  const auto [mn, mx] = std::minmax_element(x.begin(), x.end());
  return *mx > *mn ? *mx - *mn : 1.0;
}

// Disagreement utilities: the status quo's utility when one is given, else the table's
// column, else 0 (the worst utility on the span for the most distant actors).
std::vector<double> disagreement_points(const ActorTable& t, const Issue& issue,
                                        const ForecastOptions& o, double span) {
  const std::size_t n = t.actors.size();
  std::vector<double> d(n, 0.0);
  if (o.status_quo) {
    for (std::size_t i = 0; i < n; ++i) {
      const double z = (*o.status_quo - issue.positions[i]) / span;
      d[i] = 1 - (o.loss == Loss::linear ? std::fabs(z) : z * z);
    }
  } else if (!t.disagreement.empty()) {
    d = t.disagreement;
  }
  return d;
}

IssueForecast one_issue(const ActorTable& t, const Issue& issue, const ForecastOptions& o) {
  IssueForecast f;
  f.name = issue.name;
  f.rounds.push_back(round_zero(t, issue));
  std::vector<double> scratch(2 * issue.positions.size());
  Outcome out;
  switch (o.model) {
    case Model::compromise:
      out = compromise(t.capabilities, issue.positions, issue.saliences);
      break;
    case Model::median:
      out = median(t.capabilities, issue.positions, issue.saliences, scratch);
      break;
    case Model::nash: {
      const double span = o.span.value_or(positions_span(issue.positions));
      const auto d = disagreement_points(t, issue, o, span);
      out = nash(t.capabilities, issue.positions, issue.saliences, d, span, o.loss);
      break;
    }
    case Model::eum: {
      EumOptions eo = o.eum;
      if (o.span) eo.scale_span = *o.span;
      EumResult r = run_eum(t.capabilities, issue.positions, issue.saliences, eo);
      if (!r.rounds.empty()) f.rounds = std::move(r.rounds);
      f.converged = r.converged;
      // Without any weight there is no median to report, whatever the rounds did.
      out = {r.forecast, compromise(t.capabilities, issue.positions, issue.saliences).status};
      break;
    }
    case Model::smp:  // SMP is multi-dimensional: run_smp (parley/bargain_smp.hpp), never issue by issue
      throw std::invalid_argument("the smp model forecasts every issue at once: use run_smp");
  }
  f.forecast = out.position;
  f.status = out.status;
  return f;
}

// Joint Nash: utilities over every issue at once, salience shares as issue weights.
Forecast joint_nash(const ActorTable& t, const ForecastOptions& o) {
  Forecast fc;
  fc.model = Model::nash;
  const std::size_t n = t.actors.size(), k = t.issues.size();
  std::vector<double> x(n * k), w(n * k), spans(k), y(k), d(n, 0.0);
  for (std::size_t c = 0; c < k; ++c) spans[c] = o.span.value_or(positions_span(t.issues[c].positions));
  for (std::size_t i = 0; i < n; ++i) {
    double total = 0;
    for (std::size_t c = 0; c < k; ++c) total += t.issues[c].saliences[i];
    for (std::size_t c = 0; c < k; ++c) {
      x[i * k + c] = t.issues[c].positions[i];
      w[i * k + c] = total > 0 ? t.issues[c].saliences[i] / total : 0.0;
    }
    if (o.status_quo) {
      double u = 1;
      for (std::size_t c = 0; c < k; ++c) u -= w[i * k + c] * std::fabs(*o.status_quo - x[i * k + c]) / spans[c];
      d[i] = u;
    } else if (!t.disagreement.empty()) {
      d[i] = t.disagreement[i];
    }
  }
  std::vector<double> scratch(nash_joint_scratch_size(n, k));
  fc.joint = nash_joint(t.capabilities, x, w, d, spans, y, scratch);
  for (std::size_t c = 0; c < k; ++c) {
    IssueForecast f;
    f.name = t.issues[c].name;
    f.rounds.push_back(round_zero(t, t.issues[c]));
    f.forecast = y[c];
    f.status = fc.joint.status;
    fc.issues.push_back(std::move(f));
  }
  return fc;
}

}  // namespace

Forecast forecast(const ActorTable& table, const ForecastOptions& options) {
  if (options.model == Model::nash && options.joint) return joint_nash(table, options);
  Forecast fc;
  fc.model = options.model;
  for (const Issue& issue : table.issues) fc.issues.push_back(one_issue(table, issue, options));
  return fc;
}

}  // namespace parley::bargain
