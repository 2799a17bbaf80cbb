// Hand-worked cases for the compromise, median and Nash kernels (arithmetic in the comments).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "parley/bargain.hpp"

namespace bg = parley::bargain;
using V = std::vector<double>;

namespace {
bg::Outcome median_of(const V& c, const V& x, const V& s) {
  V scratch(2 * x.size());
  return bg::median(c, x, s, scratch);
}
}  // namespace

TEST(BargainCompromise, TwoActors) {
  // w = c s = 2 * 0.5 = 1 at 0 and 1 * 1 = 1 at 90: mean (0 + 90) / 2 = 45.
  auto o = bg::compromise(V{2, 1}, V{0, 90}, V{0.5, 1});
  EXPECT_EQ(o.status, bg::Status::ok);
  EXPECT_DOUBLE_EQ(o.position, 45.0);
}

TEST(BargainCompromise, ThreeActors) {
  // w = 1, 2*0.5 = 1, 1*0.5 = 0.5 at 0, 30, 100: (0 + 30 + 50) / 2.5 = 32.
  EXPECT_DOUBLE_EQ(bg::compromise(V{1, 2, 1}, V{0, 30, 100}, V{1, 0.5, 0.5}).position, 32.0);
}

TEST(BargainCompromise, OneActorAllTogetherAndNoWeight) {
  EXPECT_DOUBLE_EQ(bg::compromise(V{5}, V{42}, V{0.3}).position, 42.0);
  EXPECT_DOUBLE_EQ(bg::compromise(V{1, 2, 3}, V{7, 7, 7}, V{0.1, 0.5, 1}).position, 7.0);
  EXPECT_EQ(bg::compromise(V{0, 1}, V{1, 2}, V{1, 0}).status, bg::Status::no_weight);
}

TEST(BargainMedian, TwoActors) {
  // w = 1 at 0 and 3 at 90; half of 4 is 2; cumulative 1 at 0, 4 at 90: the median is 90.
  EXPECT_DOUBLE_EQ(median_of(V{1, 3}, V{0, 90}, V{1, 1}).position, 90.0);
}

TEST(BargainMedian, TwoActorTieTakesTheLower) {
  // w = 1 and 1: the cumulative weight at 0 is exactly half, so every y in [0, 90] minimises
  // sum w |x - y|; the rule takes the lower end, 0. Order of input must not matter.
  EXPECT_DOUBLE_EQ(median_of(V{1, 1}, V{90, 0}, V{1, 1}).position, 0.0);
  EXPECT_DOUBLE_EQ(median_of(V{1, 1}, V{0, 90}, V{1, 1}).position, 0.0);
}

TEST(BargainMedian, ThreeActors) {
  // w = 1, 1, 0.5 at 0, 30, 100: half of 2.5 is 1.25; cumulative 1 at 0, 2 at 30: median 30.
  EXPECT_DOUBLE_EQ(median_of(V{1, 2, 1}, V{0, 30, 100}, V{1, 0.5, 0.5}).position, 30.0);
  // Tie with three: w = 2, 1, 1 at 10, 20, 40; half of 4 is 2, reached exactly at 10.
  EXPECT_DOUBLE_EQ(median_of(V{1, 1, 2}, V{40, 20, 10}, V{1, 1, 1}).position, 10.0);
}

TEST(BargainMedian, TieSurvivesRoundingInTheRunningSum) {
  // 0.1 + 0.2 is not exactly 0.3 in binary, yet {0.1, 0.2} against {0.3} is a tie: lower.
  EXPECT_DOUBLE_EQ(median_of(V{0.1, 0.2, 0.3}, V{1, 2, 3}, V{1, 1, 1}).position, 2.0);
}

TEST(BargainMedian, OneActorAllTogetherZeroWeights) {
  EXPECT_DOUBLE_EQ(median_of(V{3}, V{12}, V{1}).position, 12.0);
  EXPECT_DOUBLE_EQ(median_of(V{1, 5, 2}, V{4, 4, 4}, V{1, 1, 1}).position, 4.0);
  // A zero-weight actor below the median cannot be the median even at a tie point.
  EXPECT_DOUBLE_EQ(median_of(V{0, 1, 1}, V{-5, 0, 10}, V{1, 1, 1}).position, 0.0);
  EXPECT_EQ(median_of(V{0, 0}, V{1, 2}, V{1, 1}).status, bg::Status::no_weight);
}

TEST(BargainNash, TwoActorsClosedFormLinear) {
  // d = 0, span 100: maximise w1 log(1 - y/100) + w2 log(y/100) on (0, 100). Setting the
  // derivative -w1/(100 - y) + w2/y to 0 gives y = 100 w2 / (w1 + w2) = 100 * 3/4 = 75.
  auto o = bg::nash(V{1, 3}, V{0, 100}, V{1, 1}, V{0, 0}, 100.0);
  ASSERT_EQ(o.status, bg::Status::ok);
  EXPECT_NEAR(o.position, 75.0, 1e-9);
  // Salience enters the weight like capability: c = (1, 1), s = (0.2, 0.6) is 1 : 3 again.
  EXPECT_NEAR(bg::nash(V{1, 1}, V{0, 100}, V{0.2, 0.6}, V{0, 0}, 100.0).position, 75.0, 1e-9);
}

TEST(BargainNash, TwoActorsQuadraticSymmetric) {
  // Equal weights, u1 = 1 - t^2, u2 = 1 - (1 - t)^2 with t = y/100: symmetric, so t = 1/2.
  auto o = bg::nash(V{1, 1}, V{0, 100}, V{1, 1}, V{0, 0}, 100.0, bg::Loss::quadratic);
  EXPECT_NEAR(o.position, 50.0, 1e-9);
}

TEST(BargainNash, ThreeActorsKinkAndInterior) {
  // Equal weights at 0, 50, 100 (t = y/100): f = log(1-t) + log(1-|t-1/2|) + log t. At
  // t = 1/2 the right derivative is -2 - 1 + 2 = -1 < 0 and the left one -2 + 1 + 2 = 1 > 0:
  // the maximum is the kink, 50.
  EXPECT_NEAR(bg::nash(V{1, 1, 1}, V{0, 50, 100}, V{1, 1, 1}, V{0, 0, 0}, 100).position, 50.0, 1e-9);
  // Weights 1, 1, 2: for t > 1/2, f' = -1/(1-t) - 1/(1.5-t) + 2/t = 0, i.e. (times
  // t(1-t)(1.5-t)) 4t^2 - 7.5t + 3 = 0, so t = (7.5 - sqrt(8.25)) / 8 (the other root > 1).
  const double expected = 100 * (7.5 - std::sqrt(8.25)) / 8;  // 57.846...
  EXPECT_NEAR(bg::nash(V{1, 1, 2}, V{0, 50, 100}, V{1, 1, 1}, V{0, 0, 0}, 100).position, expected, 1e-9);
}

TEST(BargainNash, NoAgreementWhenNoPointBeatsDisagreementForAll) {
  // Status quo 20 on 0-100: d1 = 0.8, d2 = 0.2, and u1 + u2 = 1 everywhere between the two
  // actors, so any move helps one and hurts the other: no point is better for both.
  auto o = bg::nash(V{1, 1}, V{0, 100}, V{1, 1}, V{0.8, 0.2}, 100.0);
  EXPECT_EQ(o.status, bg::Status::no_agreement);
  // A disagreement utility of 1 can never be beaten.
  EXPECT_EQ(bg::nash(V{1, 1}, V{0, 100}, V{1, 1}, V{1.0, 0}, 100.0).status, bg::Status::no_agreement);
}

TEST(BargainNash, OneActorAndAllTogether) {
  EXPECT_NEAR(bg::nash(V{2}, V{33}, V{1}, V{0}, 100).position, 33.0, 1e-9);
  EXPECT_NEAR(bg::nash(V{1, 2}, V{60, 60}, V{1, 1}, V{0, 0}, 100).position, 60.0, 1e-9);
  EXPECT_EQ(bg::nash(V{0, 0}, V{1, 2}, V{1, 1}, V{0, 0}, 100).status, bg::Status::no_weight);
}

namespace {
bg::JointNashResult joint(const V& b, const V& x, const V& w, const V& d, const V& spans, V& y) {
  V scratch(bg::nash_joint_scratch_size(b.size(), spans.size()));
  y.assign(spans.size(), 0.0);
  return bg::nash_joint(b, x, w, d, spans, y, scratch);
}
}  // namespace

TEST(BargainJointNash, LogrollingTwoIssues) {
  // A at (0, 0) cares 0.8 / 0.2, B at (100, 100) cares 0.2 / 0.8. At (0, 100) both have
  // u = 1 - 0.2 = 0.8. Moving y1 up by e costs A 0.008e and gains B 0.002e, a net log-change
  // (-0.008 + 0.002)e / 0.8 < 0; moving y2 down is the mirror image; moving outward hurts
  // both. So (0, 100) is the unique maximum: each gets its more salient issue.
  V y;
  auto r = joint(V{1, 1}, V{0, 0, 100, 100}, V{0.8, 0.2, 0.2, 0.8}, V{0, 0}, V{100, 100}, y);
  ASSERT_EQ(r.status, bg::Status::ok);
  EXPECT_NEAR(y[0], 0.0, 1e-9);
  EXPECT_NEAR(y[1], 100.0, 1e-9);
  EXPECT_LE(r.max_slope, 1e-9);
}

TEST(BargainJointNash, PhaseOneFindsTheNarrowBargainingRange) {
  // Same actors with d = 0.75: the starting point (the weighted mean, (20, 80)) gives A
  // u = 1 - (16 + 16)/100 = 0.68 < 0.75, so phase one must find a feasible point; the answer
  // is still (0, 100) with u = 0.8 > 0.75.
  V y;
  auto r = joint(V{1, 1}, V{0, 0, 100, 100}, V{0.8, 0.2, 0.2, 0.8}, V{0.75, 0.75}, V{100, 100}, y);
  ASSERT_EQ(r.status, bg::Status::ok);
  EXPECT_NEAR(y[0], 0.0, 1e-9);
  EXPECT_NEAR(y[1], 100.0, 1e-9);
}

TEST(BargainJointNash, NoAgreementWhenTheRangeIsEmpty) {
  // On the box [0, 100]^2, u_A = 1 - (0.8 y1 + 0.2 y2)/100 and u_B = (0.2 y1 + 0.8 y2)/100,
  // so u_A + u_B = 1 + 0.006 (y2 - y1) <= 1.6; outside the box both lose. Both cannot exceed
  // 0.85 (a sum of 1.7).
  V y;
  auto r = joint(V{1, 1}, V{0, 0, 100, 100}, V{0.8, 0.2, 0.2, 0.8}, V{0.85, 0.85}, V{100, 100}, y);
  EXPECT_EQ(r.status, bg::Status::no_agreement);
}

TEST(BargainJointNash, ReducesToTheOneIssueClosedForm) {
  // Nobody cares about issue 2 (weights 1, 0), so issue 1 is the two-actor case above:
  // y1 = 100 * 3 / (1 + 3) = 75, spans 100.
  V y;
  auto r = joint(V{1, 3}, V{0, 50, 100, 50}, V{1, 0, 1, 0}, V{0, 0}, V{100, 100}, y);
  ASSERT_EQ(r.status, bg::Status::ok);
  EXPECT_NEAR(y[0], 75.0, 1e-9);
}

TEST(BargainJointNash, InteriorOnBothIssues) {
  // Two issues, each with its own pair of actors who care only about it (weights 1 : 3 on
  // issue 1, 1 : 1 on issue 2), so the problem separates into two closed forms:
  // y1 = 100 * 3/4 = 75 and y2 = 100 * 1/2 = 50.
  V y;
  V x{0, 0, 100, 0, 0, 0, 0, 100};
  V w{1, 0, 1, 0, 0, 1, 0, 1};
  auto r = joint(V{1, 3, 1, 1}, x, w, V{0, 0, 0, 0}, V{100, 100}, y);
  ASSERT_EQ(r.status, bg::Status::ok);
  EXPECT_NEAR(y[0], 75.0, 1e-9);
  EXPECT_NEAR(y[1], 50.0, 1e-9);
}

namespace {
// The joint objective written out independently of the solver: sum b log(u - d), or -inf.
double joint_objective(const V& b, const V& x, const V& w, const V& d, const V& spans, const V& y) {
  const std::size_t k = spans.size();
  double f = 0;
  for (std::size_t i = 0; i < b.size(); ++i) {
    double u = 1;
    for (std::size_t c = 0; c < k; ++c) u -= w[i * k + c] * std::fabs(y[c] - x[i * k + c]) / spans[c];
    if (u - d[i] <= 0) return -INFINITY;
    f += b[i] * std::log(u - d[i]);
  }
  return f;
}
}  // namespace

TEST(BargainJointNash, NoSmallMoveImprovesTheAnswerOnRandomTables) {
  // A property, not a reference value: on pseudo-random tables (fixed LCG) the answer beats
  // every nearby point along the axes and the diagonals, where a coordinate method that
  // stalled at a kink would fail; and with one issue it agrees with the 1-D solver.
  std::uint64_t state = 12345;
  auto uniform = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<double>(state >> 11) / 9007199254740992.0;
  };
  for (int trial = 0; trial < 40; ++trial) {
    const std::size_t n = 2 + trial % 9, k = 1 + trial % 3;
    V b(n), x(n * k), w(n * k), d(n, 0.0), spans(k, 100.0), y;
    for (std::size_t i = 0; i < n; ++i) {
      b[i] = 0.1 + uniform();
      double total = 0;
      for (std::size_t c = 0; c < k; ++c) {
        x[i * k + c] = 100 * uniform();
        w[i * k + c] = 0.05 + uniform();
        total += w[i * k + c];
      }
      for (std::size_t c = 0; c < k; ++c) w[i * k + c] /= total;
      d[i] = 0.3 * uniform();
    }
    auto r = joint(b, x, w, d, spans, y);
    ASSERT_EQ(r.status, bg::Status::ok) << "trial " << trial;
    const double best = joint_objective(b, x, w, d, spans, y);
    for (double step : {1e-3, 1e-6}) {
      for (std::size_t c = 0; c < k; ++c) {
        for (double sign : {-1.0, 1.0}) {
          V z = y;
          z[c] += sign * step;
          EXPECT_LE(joint_objective(b, x, w, d, spans, z), best + 1e-12) << "trial " << trial;
          if (k > 1) {
            z[(c + 1) % k] += step;  // a diagonal move
            EXPECT_LE(joint_objective(b, x, w, d, spans, z), best + 1e-12) << "trial " << trial;
          }
        }
      }
    }
    if (k == 1) {
      V ones(n, 1.0);
      auto o = bg::nash(b, x, ones, d, 100.0);
      EXPECT_NEAR(o.position, y[0], 1e-9) << "trial " << trial;
    }
  }
}
