// parley calibrate and parley run --posterior (issue 14 item 4). The scenario is
// scenarios/two-party with engagement_rate uniform on [1, 10] and a synthetic history: the
// mean battle deaths of 2020 and 2021 over 400 runs at engagement_rate 4
// (tests/data/calibrate/observations.csv says how they were made). Calibration must find
// the rate again: the truth inside the posterior's 90% interval, which must be far narrower
// than the prior's (8.1 wide).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "parley/posterior.hpp"
#include "parley/results_reader.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using parley::test::run_parley;

const std::string kScenario = std::string(PARLEY_TEST_DATA) + "/calibrate/scenario.yaml";

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

fs::path scratch(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("parley_calibrate_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::remove_all(dir / name);
  return dir / name;
}

// The weighted q-quantile of the first input over the particles.
double weighted_quantile(const parley::Posterior& p, double level) {
  std::vector<std::pair<double, double>> xs;
  for (const auto& x : p.particles) xs.emplace_back(x.theta[0], x.weight);
  std::sort(xs.begin(), xs.end());
  double total = 0;
  for (const auto& [v, w] : xs) total += w;
  double acc = 0;
  for (const auto& [v, w] : xs)
    if ((acc += w) >= level * total) return v;
  return xs.back().first;
}

TEST(Calibrate, RecoversTheEngagementRateOfASyntheticHistory) {
  const fs::path out = scratch("post.db");
  auto r = run_parley("calibrate " + q(kScenario) + " --out " + q(out) + " --particles 300 --generations 6 --seed 5 -q");
  ASSERT_EQ(r.status, 0) << r.err;
  const parley::Posterior p = parley::read_posterior(out.string());
  ASSERT_EQ(p.inputs, std::vector<std::string>{"parameters.engagement_rate"});
  ASSERT_EQ(p.particles.size(), 300u);
  EXPECT_EQ(p.origin, "2022-01");
  const double lo = weighted_quantile(p, 0.05), hi = weighted_quantile(p, 0.95);
  EXPECT_LT(lo, 4.0);
  EXPECT_GT(hi, 4.0);
  EXPECT_LT(hi - lo, 1.5) << "the prior's 90% interval is 8.1 wide";
  ASSERT_FALSE(p.generations.empty());
  EXPECT_GT(p.generations.back().ess, 100);
  // The predictive check covers every row: the two used, and the 2023 row kept for scoring.
  ASSERT_EQ(p.checks.size(), 3u);
  EXPECT_TRUE(p.checks[0].used);
  EXPECT_FALSE(p.checks[2].used);
  EXPECT_LT(p.checks[0].p05, 1580);
  EXPECT_GT(p.checks[0].p95, 1580);
  EXPECT_LT(p.checks[0].p95 - p.checks[0].p05, p.checks[0].prior_p95 - p.checks[0].prior_p05);
  EXPECT_NE(r.out.find("parameters.engagement_rate"), std::string::npos) << r.out;
}

TEST(Calibrate, TheSameForAnyThreadCount) {
  const fs::path one = scratch("one.db"), two = scratch("two.db");
  ASSERT_EQ(run_parley("calibrate " + q(kScenario) + " --out " + q(one) + " --particles 100 --generations 3 -j 1 -q").status, 0);
  ASSERT_EQ(run_parley("calibrate " + q(kScenario) + " --out " + q(two) + " --particles 100 --generations 3 -j 2 -q").status, 0);
  const auto a = parley::read_posterior(one.string()), b = parley::read_posterior(two.string());
  ASSERT_EQ(a.particles.size(), b.particles.size());
  for (std::size_t n = 0; n < a.particles.size(); ++n) {
    EXPECT_EQ(a.particles[n].theta, b.particles[n].theta);
    EXPECT_EQ(a.particles[n].weight, b.particles[n].weight);
  }
}

TEST(Calibrate, RefusesWhatItCannotUse) {
  const fs::path dir = scratch("refuse");
  fs::create_directories(dir);
  // A row reaching the origin without `use: score`.
  fs::copy_file(kScenario, dir / "scenario.yaml", fs::copy_options::overwrite_existing);
  std::ofstream(dir / "observations.csv") << "quantity,period,value\nbattle_deaths,2020,1580\nbattle_deaths,2022,900\n";
  auto later = run_parley("calibrate " + q(dir / "scenario.yaml") + " --out " + q(dir / "p.db") + " -q");
  EXPECT_EQ(later.status, 2);
  EXPECT_NE(later.err.find("observations.csv:3:1: error: observation 'battle_deaths' for 2022-01..2022-12 reaches "
                           "the origin 2022-01 or later"),
            std::string::npos)
      << later.err;
  EXPECT_FALSE(fs::exists(dir / "p.db"));
  // No origin.
  auto none = run_parley("calibrate " + q(std::string(PARLEY_SOURCE_DIR) + "/scenarios/two-party/scenario.yaml") +
                         " --out " + q(dir / "p.db") + " -q");
  EXPECT_EQ(none.status, 2);
  EXPECT_NE(none.err.find("meta.origin is not set"), std::string::npos) << none.err;
  // An existing output is never overwritten.
  std::ofstream(dir / "exists.db") << "x";
  auto exists = run_parley("calibrate " + q(kScenario) + " --out " + q(dir / "exists.db") + " --particles 20 -q");
  EXPECT_EQ(exists.status, 1);
  EXPECT_NE(exists.err.find("exists already"), std::string::npos) << exists.err;
  EXPECT_EQ(parley::test::slurp(dir / "exists.db"), "x");
  // A file that is not a posterior.
  auto bad = run_parley("run " + q(kScenario) + " --runs 2 -q --posterior " + q(dir / "exists.db"));
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("exists.db"), std::string::npos) << bad.err;
}

TEST(Calibrate, RunDrawsEachRunsValuesFromThePosterior) {
  const fs::path post = scratch("draw.db"), results = scratch("draw-results.db");
  ASSERT_EQ(run_parley("calibrate " + q(kScenario) + " --out " + q(post) + " --particles 200 --generations 5 -q").status, 0);
  auto r = run_parley("run " + q(kScenario) + " --runs 200 --all-variants -q --posterior " + q(post) + " --out " + q(results));
  ASSERT_EQ(r.status, 0) << r.err;
  const parley::Posterior p = parley::read_posterior(post.string());
  std::set<double> particles;
  for (const auto& x : p.particles) particles.insert(x.theta[0]);
  const parley::ResultsReader reader(results.string());
  const auto base = reader.run_inputs("base"), ceasefire = reader.run_inputs("ceasefire");
  ASSERT_EQ(base.size(), 200u);
  ASSERT_EQ(ceasefire.size(), 200u);
  double lo = 1e9, hi = -1e9;
  for (std::size_t n = 0; n < base.size(); ++n) {
    EXPECT_TRUE(particles.count(base[n].value)) << "run " << n << " drew " << base[n].value << ", not a particle";
    EXPECT_EQ(base[n].value, ceasefire[n].value) << "variants stay paired";
    lo = std::min(lo, base[n].value);
    hi = std::max(hi, base[n].value);
  }
  EXPECT_GT(lo, 3.0);
  EXPECT_LT(hi, 5.0);
  EXPECT_LT(lo, hi) << "runs draw different particles";
}

// The particles and generations of two posteriors, equal to the last bit.
void expect_same_posterior(const parley::Posterior& a, const parley::Posterior& b) {
  ASSERT_EQ(a.particles.size(), b.particles.size());
  for (std::size_t n = 0; n < a.particles.size(); ++n) {
    EXPECT_EQ(a.particles[n].theta, b.particles[n].theta) << "particle " << n;
    EXPECT_EQ(a.particles[n].weight, b.particles[n].weight) << "particle " << n;
  }
  ASSERT_EQ(a.generations.size(), b.generations.size());
  for (std::size_t g = 1; g < a.generations.size(); ++g) {
    EXPECT_EQ(a.generations[g].tolerance, b.generations[g].tolerance) << "generation " << g;
    EXPECT_EQ(a.generations[g].simulations, b.generations[g].simulations) << "generation " << g;
  }
}

TEST(Calibrate, ResumingGoesOnAsIfItHadNotStopped) {
  const fs::path three = scratch("three.db"), five = scratch("five.db");
  const std::string common = " --particles 100 --seed 9 --checks 10 -q";
  ASSERT_EQ(run_parley("calibrate " + q(kScenario) + " --out " + q(three) + " --generations 3" + common).status, 0);
  EXPECT_EQ(parley::read_posterior(three.string()).generations.size(), 3u);
  // Going further from the three generations, on one thread, against five at once on two.
  auto more = run_parley("calibrate " + q(kScenario) + " --out " + q(three) + " --generations 5 -j 1 --resume" + common);
  ASSERT_EQ(more.status, 0) << more.err;
  ASSERT_EQ(run_parley("calibrate " + q(kScenario) + " --out " + q(five) + " --generations 5 -j 2" + common).status, 0);
  const auto a = parley::read_posterior(three.string()), b = parley::read_posterior(five.string());
  expect_same_posterior(a, b);
  EXPECT_EQ(a.simulations, b.simulations);
  EXPECT_EQ(a.stopped, "the last generation was reached");
  EXPECT_EQ(a.checks.size(), 3u) << "the predictive check is made again at the end";
}

TEST(Calibrate, ResumeRefusesWhatItCannotContinue) {
  const fs::path post = scratch("settings.db");
  ASSERT_EQ(run_parley("calibrate " + q(kScenario) + " --out " + q(post) + " --particles 50 --generations 2 -q").status, 0);
  const std::string before = parley::test::slurp(post);
  auto particles = run_parley("calibrate " + q(kScenario) + " --out " + q(post) + " --particles 60 --generations 3 --resume -q");
  EXPECT_EQ(particles.status, 2);
  EXPECT_NE(particles.err.find("cannot be continued: it was made with the settings 'particles=50"), std::string::npos)
      << particles.err;
  auto seed = run_parley("calibrate " + q(kScenario) + " --out " + q(post) + " --particles 50 --seed 2 --resume -q");
  EXPECT_EQ(seed.status, 2);
  EXPECT_NE(seed.err.find("it was made with --seed 1, not 2"), std::string::npos) << seed.err;
  EXPECT_EQ(parley::test::slurp(post), before) << "a refused resume leaves the file alone";
  auto missing = run_parley("calibrate " + q(kScenario) + " --out " + q(scratch("none.db")) + " --resume -q");
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("there is no calibration to continue"), std::string::npos) << missing.err;
}

// A calibration killed outright (SIGKILL: no handler runs) keeps its last whole generation,
// which `run --posterior` refuses and `--resume` completes into the uninterrupted posterior.
TEST(Calibrate, AKilledCalibrationLosesAtMostTheGenerationUnderWay) {
  const fs::path post = scratch("killed.db"), whole = scratch("whole.db");
  const std::string common = " --particles 1000 --generations 7 --seed 3 --checks 10 -j 1 -q";
  const std::string binary = std::string("'") + PARLEY_BINARY + "'";
  // Started in the background; killed as soon as the first generation is on disk.
  const fs::path script = scratch("kill.sh");
  std::ofstream(script) << binary << " calibrate " << q(kScenario) << " --out " << q(post) << common
                        << " >/dev/null 2>&1 &\npid=$!\nfor i in $(seq 1 3000); do [ -e " << q(post)
                        << " ] && break; sleep 0.01; done\nkill -9 $pid\nwait $pid\necho $?\n";
  int status = 0;
  const std::string killed = parley::test::capture("bash " + q(script), &status);
  ASSERT_EQ(killed.substr(0, 3), "137") << "the calibration was not killed (it ended first?): " << killed;
  ASSERT_TRUE(fs::exists(post));
  const parley::Posterior partial = parley::read_posterior(post.string());
  EXPECT_EQ(partial.stopped, parley::kPosteriorInProgress);
  EXPECT_LT(partial.generations.size(), 7u);
  EXPECT_EQ(partial.particles.size(), 1000u);
  auto refused = run_parley("run " + q(kScenario) + " --runs 2 -q --posterior " + q(post));
  EXPECT_EQ(refused.status, 2);
  EXPECT_NE(refused.err.find("has not finished"), std::string::npos) << refused.err;
  auto resumed = run_parley("calibrate " + q(kScenario) + " --out " + q(post) + common + " --resume");
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  ASSERT_EQ(run_parley("calibrate " + q(kScenario) + " --out " + q(whole) + common).status, 0);
  expect_same_posterior(parley::read_posterior(post.string()), parley::read_posterior(whole.string()));
}

}  // namespace
