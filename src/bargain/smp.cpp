// KTAB's Spatial Model of Politics, written from a reading of KTAB's code (lsyaseen/KTAB,
// examples/smp/libsrc/smp.cpp and smpbcn.cpp, KTAB/kmodel/libsrc/kmodel.cpp); docs/bargaining.md
// cites the places. Same model, different arithmetic: KTAB evaluates every third party's
// view of every challenge for every estimator (O(n^4) a turn, mostly for its logging
// tables); parley evaluates only the n^2 challenges the model uses, O(n) each, and no
// utility matrix per estimator is stored (r_hi is formed when needed).
#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>

#include "parley/bargain_smp.hpp"
#include "bargain/smp_detail.hpp"

namespace parley::bargain {

namespace {

constexpr double kMinCoalition = 1e-8;   // Model::coalitions
constexpr double kMinContest = 1e-10;    // probEduChlg: minCltn
constexpr double kMinSigGain = 1e-5;     // bestChallenge: minSigEDU
constexpr double kPositionTol = 1e-3;    // SMPModel::posTol, on [0, 1]
constexpr double kMinSigDelta = 1e-4;    // configExec

double clip1(double v) { return v > 1 ? 1 : (v < -1 ? -1 : v); }

}  // namespace

namespace smp_detail {

// Model::vote: the vote of weight w for an option worth ui over one worth uj.
double vote(SmpVotingRule vr, double w, double ui, double uj) {
  const double du = ui - uj;
  switch (vr) {
    case SmpVotingRule::binary: return w * clip1(du / 1e-8);
    case SmpVotingRule::prop_bin: return w * (0.8 * du + 0.2 * clip1(du / 1e-8));
    case SmpVotingRule::proportional: return w * du;
    case SmpVotingRule::prop_cbc: return w * (0.5 * du + 0.5 * du * du * du);
    case SmpVotingRule::cubic: return w * du * du * du;
    case SmpVotingRule::asym_prosp: return du < 0 ? w * du : (du > 0 ? 2.0 * w * du / 3.0 : 0.0);
  }
  return 0;
}

template <SmpVotingRule VR>
inline double vote_t(double w, double ui, double uj) {
  const double du = ui - uj;
  if constexpr (VR == SmpVotingRule::binary) return w * clip1(du / 1e-8);
  if constexpr (VR == SmpVotingRule::prop_bin) return w * (0.8 * du + 0.2 * clip1(du / 1e-8));
  if constexpr (VR == SmpVotingRule::proportional) return w * du;
  if constexpr (VR == SmpVotingRule::prop_cbc) return w * (0.5 * du + 0.5 * du * du * du);
  if constexpr (VR == SmpVotingRule::cubic) return w * du * du * du;
  if constexpr (VR == SmpVotingRule::asym_prosp) return du < 0 ? w * du : (du > 0 ? 2.0 * w * du / 3.0 : 0.0);
  return 0;
}

// SMPModel::bsUtil: utility at salience-weighted distance sd with risk attitude r.
double bs_util(double sd, double r) { return (1 - sd) * (1 + std::min(sd, 1.0) * r); }

// Model::estNRA: h's estimate of i's risk attitude.
double est_nra(SmpBigRAdjust ra, double rh, double ri) {
  switch (ra) {
    case SmpBigRAdjust::full: return ri;
    case SmpBigRAdjust::two_thirds: return (rh + 2.0 * ri) / 3.0;
    case SmpBigRAdjust::half: return (rh + ri) / 2;
    case SmpBigRAdjust::one_third: return (2.0 * rh + ri) / 3.0;
    case SmpBigRAdjust::none: return rh;
  }
  return rh;
}

// Model::vProb for one pair of coalition strengths.
std::pair<double, double> victory(SmpVictoryProb vpm, double s1, double s2) {
  double x1 = s1, x2 = s2;
  switch (vpm) {
    case SmpVictoryProb::linear: break;
    case SmpVictoryProb::square: x1 = s1 * s1; x2 = s2 * s2; break;
    case SmpVictoryProb::quartic: x1 = s1 * s1 * s1 * s1; x2 = s2 * s2 * s2 * s2; break;
    case SmpVictoryProb::octic: {
      const double q1 = s1 * s1 * s1 * s1, q2 = s2 * s2 * s2 * s2;
      x1 = q1 * q1;
      x2 = q2 * q2;
      break;
    }
    case SmpVictoryProb::binary: {
      // certain victory at a 10% advantage, linear in between
      const double thresh = 1.10, min_x = 1e-6;
      if (s1 >= thresh * s2) { x1 = 1.0; x2 = min_x; }
      else if (s2 >= thresh * s1) { x1 = min_x; x2 = 1.0; }
      else {
        const double p12 = (s1 / (s1 + s2) * (thresh + 1.0) - 1.0) / (thresh - 1.0);
        x1 = p12;
        x2 = 1 - p12;
      }
      break;
    }
  }
  return {x1 / (x1 + x2), x2 / (x1 + x2)};
}

// The probabilistic Condorcet election (Model::probCE2) from coalition strengths c
// (m x m, c(i, j) = strength for i over j). Writes P[i > j] into vp and returns p.
std::vector<double> pce(SmpPce model, SmpVictoryProb vpm, const std::vector<double>& c, std::size_t m,
                        std::vector<double>& vp) {
  vp.assign(m * m, 0.5);
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t j = 0; j < i; ++j) {
      const auto [pij, pji] = victory(vpm, c[i * m + j], c[j * m + i]);
      vp[i * m + j] = pij;
      vp[j * m + i] = pji;
    }
  std::vector<double> p(m, 1.0 / static_cast<double>(m)), q(m);
  switch (model) {
    case SmpPce::conditional: {  // condPCE: the chance that i beats every alternative
      double total = 0;
      for (std::size_t i = 0; i < m; ++i) {
        double pi = 1.0;
        for (std::size_t j = 0; j < m; ++j) pi *= vp[i * m + j];
        p[i] = pi;
        total += pi;
      }
      for (double& v : p) v /= total;
      break;
    }
    case SmpPce::markov_uniform: {  // markovUniformPCE, to 1e-6
      for (int iter = 0; iter < 1000; ++iter) {
        double change = 0;
        for (std::size_t i = 0; i < m; ++i) {
          double pi = 0;
          for (std::size_t j = 0; j < m; ++j) pi += vp[i * m + j] * (p[i] + p[j]);
          q[i] = pi / static_cast<double>(m);
          change = std::max(change, std::fabs(q[i] - p[i]));
        }
        for (std::size_t i = 0; i < m; ++i) p[i] = (p[i] + q[i]) / 2.0;
        if (!(change > 1e-6)) break;
      }
      break;
    }
    case SmpPce::markov_incentive: {  // markovIncentivePCE, to 1e-8
      std::vector<double> chlg(m * m), colsum(m, 0.0);
      for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < m; ++j) {
          double inc = c[i * m + j] * vp[i * m + j];
          if (i == j) inc += 1e-10;
          chlg[i * m + j] = inc;
          colsum[j] += inc;
        }
      for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < m; ++j) chlg[i * m + j] /= colsum[j];
      for (int iter = 0; iter < 1000; ++iter) {
        double change = 0;
        for (std::size_t i = 0; i < m; ++i) {
          double qi = 0;
          for (std::size_t j = 0; j < m; ++j)
            qi += vp[i * m + j] * (p[i] * chlg[j * m + i] + p[j] * chlg[i * m + j]);
          q[i] = qi;
          change = std::max(change, std::fabs(qi - p[i]));
        }
        for (std::size_t i = 0; i < m; ++i) p[i] = (p[i] + q[i]) / 2.0;
        if (!(change > 1e-8)) break;
      }
      break;
    }
  }
  return p;
}

// Model::coalitions with the vote inlined: the votes of all voters on one pair go to a
// buffer (a loop the compiler vectorises), then are summed in voter order, as KTAB adds them.
// ut is option-major: ut[option * voters + voter].
template <SmpVotingRule VR>
void coalitions_t(const std::vector<double>& w, const std::vector<double>& ut, std::size_t voters, std::size_t m,
                  std::vector<double>& c, std::vector<double>& buf) {
  buf.resize(voters);
  double* v = buf.data();
  const double* wk = w.data();
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t j = 0; j < i; ++j) {
      const double* ui = &ut[i * voters];
      const double* uj = &ut[j * voters];
      for (std::size_t k = 0; k < voters; ++k) v[k] = vote_t<VR>(wk[k], ui[k], uj[k]);
      double cij = kMinCoalition, cji = kMinCoalition;
      for (std::size_t k = 0; k < voters; ++k) {
        cij += std::max(v[k], 0.0);
        cji += std::max(-v[k], 0.0);
      }
      c[i * m + j] = cij;
      c[j * m + i] = cji;
    }
}

// Model::scalarPCE: voters of weight w[a] with utilities u[a * m + option].
std::vector<double> scalar_pce(const std::vector<double>& w, const std::vector<double>& u, std::size_t voters,
                               std::size_t m, SmpVotingRule vr, SmpVictoryProb vpm, SmpPce model,
                               std::vector<double>& c, std::vector<double>& vp) {
  c.assign(m * m, kMinCoalition);
  thread_local std::vector<double> ut, buf;
  ut.resize(voters * m);
  for (std::size_t k = 0; k < voters; ++k)
    for (std::size_t i = 0; i < m; ++i) ut[i * voters + k] = u[k * m + i];
  switch (vr) {
    case SmpVotingRule::binary: coalitions_t<SmpVotingRule::binary>(w, ut, voters, m, c, buf); break;
    case SmpVotingRule::prop_bin: coalitions_t<SmpVotingRule::prop_bin>(w, ut, voters, m, c, buf); break;
    case SmpVotingRule::proportional: coalitions_t<SmpVotingRule::proportional>(w, ut, voters, m, c, buf); break;
    case SmpVotingRule::prop_cbc: coalitions_t<SmpVotingRule::prop_cbc>(w, ut, voters, m, c, buf); break;
    case SmpVotingRule::cubic: coalitions_t<SmpVotingRule::cubic>(w, ut, voters, m, c, buf); break;
    case SmpVotingRule::asym_prosp: coalitions_t<SmpVotingRule::asym_prosp>(w, ut, voters, m, c, buf); break;
  }
  return pce(model, vpm, c, m, vp);
}

double big_r(SmpBigRRange rr, double p, double pmin, double pmax) {
  switch (rr) {
    case SmpBigRRange::min: return (p - pmin) / (pmax - pmin);
    case SmpBigRRange::mid: return (3 * p - (pmax + 2 * pmin)) / (2 * (pmax - pmin));
    case SmpBigRRange::max: return (2 * p - (pmax + pmin)) / (pmax - pmin);
  }
  return 0;
}

double third_party_vote(SmpCommit commit, SmpVotingRule vr, double wn, double pin, double uni, double unj,
                        double unn) {
  const double pjn = 1.0 - pin;
  double ik_def_j = 0, j_def_ik = 0, i_def_jk = 0, jk_def_i = 0;
  switch (commit) {
    case SmpCommit::full_commit:
      ik_def_j = uni + uni + uni; j_def_ik = unj + unj + unj; i_def_jk = uni + uni + uni; jk_def_i = unj + unj + unj;
      break;
    case SmpCommit::semi_commit:
      ik_def_j = uni + uni + unn; j_def_ik = unj + unj + unj; i_def_jk = uni + uni + uni; jk_def_i = unj + unj + unn;
      break;
    case SmpCommit::no_commit:
      ik_def_j = uni + uni + unn; j_def_ik = unj + unj + unn; i_def_jk = uni + uni + unn; jk_def_i = unj + unj + unn;
      break;
  }
  return vote(vr, wn, pin * ik_def_j + pjn * j_def_ik, pin * i_def_jk + pjn * jk_def_i);
}

std::pair<double, double> interpolate_dim(SmpInterp ivb, double ti, double si, double pi, double tj, double sj,
                                          double pj) {
  if (ivb == SmpInterp::s2pmax) {  // interpBrgnS2PMax: the probability advantage moves the loser
    const double di = pj > pi ? pj - pi : 0, dj = pi > pj ? pi - pj : 0;
    const double dik = di * sj * sj / (di * sj * sj + 1e-6 + (1 - di) * si * si);
    const double djk = dj * si * si / (dj * si * si + 1e-6 + (1 - dj) * sj * sj);
    return {ti + dik * (tj - ti), tj + djk * (ti - tj)};
  }
  // interpBrgnSnPm with (n, m) = (1, 1) or (2, 2); the 1e-6 keeps i and j apart when
  // neither weight is positive; rounded to 4 decimals as KTAB does
  auto round4 = [](double v) { return std::floor(0.5 + v * 10000.0) / 10000.0; };
  const bool two = ivb == SmpInterp::s2p2;
  const double wi = two ? si * si * pi * pi : si * pi;
  const double wj = two ? sj * sj * pj * pj : sj * pj;
  const double min_w = 1e-6;
  return {round4(((wi + min_w) * ti + wj * tj) / (wi + min_w + wj)),
          round4((wi * ti + (min_w + wj) * tj) / (wi + min_w + wj))};
}

}  // namespace smp_detail

namespace {

using namespace smp_detail;

struct Bargain {
  std::size_t init = 0, rcvr = 0;  // init == rcvr: the status quo
  std::vector<double> pos_init, pos_rcvr;
};

class Engine {
 public:
  Engine(const SmpScenario& sc, const SmpOptions& o) : sc_(sc), o_(o), n_(sc.actors), D_(sc.dims) {
    total_sal_.resize(n_);
    sal_sq_.resize(n_);
    for (std::size_t i = 0; i < n_; ++i) {
      double s = 0, s2 = 0;
      for (std::size_t k = 0; k < D_; ++k) {
        s += sc.salience[i * D_ + k];
        s2 += sc.salience[i * D_ + k] * sc.salience[i * D_ + k];
      }
      total_sal_[i] = s;
      sal_sq_[i] = s2;
    }
    identity_ = sc.accommodation.empty();
    rng_.seed(o.seed);
    w_.resize(n_);
    for (std::size_t i = 0; i < n_; ++i) w_[i] = total_sal_[i] * sc.capability[i];
    kernel_ = pick_kernel();
    votes_.resize(n_);
  }

  SmpResult run() {
    SmpResult res;
    SmpState s0;
    s0.position = sc_.position;
    s0.ideal = sc_.position;
    assess(s0);
    res.states.push_back(std::move(s0));
    double d01 = 0;
    for (int t = 1;; ++t) {
      SmpState next = step(res.states.back());
      assess(next);
      const double moved = distance(next, res.states.back());
      res.states.push_back(std::move(next));
      if (t == 1) d01 = moved + kMinSigDelta;
      if (t >= o_.max_turns) break;
      if (t >= o_.min_turns && moved / d01 < o_.min_delta_ratio) {
        res.stopped_early = true;
        break;
      }
    }
    const SmpState& last = res.states.back();
    res.forecast.assign(D_, 0.0);
    res.most_probable.assign(D_, 0.0);
    std::size_t best = 0;
    for (std::size_t u = 0; u < last.distinct.size(); ++u) {
      for (std::size_t k = 0; k < D_; ++k) res.forecast[k] += last.probability[u] * last.position[last.distinct[u] * D_ + k];
      if (last.probability[u] > last.probability[best]) best = u;
    }
    for (std::size_t k = 0; k < D_; ++k) res.most_probable[k] = last.position[last.distinct[best] * D_ + k];
    return res;
  }

 private:
  const SmpScenario& sc_;
  const SmpOptions& o_;
  std::size_t n_, D_;
  std::vector<double> total_sal_, sal_sq_, w_;  // S_i, sum of s_ik^2, S_i c_i
  using Kernel = std::pair<double, double> (Engine::*)(std::size_t, std::size_t, std::size_t, const double*,
                                                       const double*, const double*) const;
  Kernel kernel_ = nullptr;
  bool identity_ = true;
  std::mt19937_64 rng_;
  // Per state (the one being stepped from): d_(i, j) = distance from i's ideal to j's
  // position in i's saliences, its transpose, and the risk attitudes.
  std::vector<double> d_, dt_, dtc_, r_;
  std::vector<double> c_, vp_, u_;  // scratch for elections
  mutable std::vector<double> votes_;  // scratch: third-party votes of one challenge

  // SMPModel::bvDiff between row a of `from` (ideals or positions) and a point p.
  double diff(const std::vector<double>& from, std::size_t a, const double* p) const {
    double num = 0;
    for (std::size_t k = 0; k < D_; ++k) {
      const double ds = (from[a * D_ + k] - p[k]) * sc_.salience[a * D_ + k];
      num += ds * ds;
    }
    return std::sqrt(num / sal_sq_[a]);
  }

  double distance(const SmpState& a, const SmpState& b) const {  // SMPModel::stateDist
    double sum = 0;
    for (std::size_t i = 0; i < n_; ++i) {
      double sq = 0;
      for (std::size_t k = 0; k < D_; ++k) {
        const double dd = a.position[i * D_ + k] - b.position[i * D_ + k];
        sq += dd * dd;
      }
      sum += std::sqrt(sq);
    }
    return sum;
  }

  // Distances, risk attitudes (SMPState::setAllAUtil) and the PCE over distinct positions
  // (SMPState::pDist(-1)) of a state.
  void assess(SmpState& s) {
    const std::size_t n = n_;
    d_.resize(n * n);
    dt_.resize(n * n);
    dtc_.resize(n * n);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j) {
        const double v = diff(s.ideal, i, &s.position[j * D_]);
        d_[i * n + j] = v;
        dt_[j * n + i] = v;
        dtc_[j * n + i] = std::min(v, 1.0);
      }
    // Risk-neutral utilities 1 - d, an election over every actor's position with the
    // coalition voting rule and capabilities as weights, then R from those probabilities.
    u_.resize(n * n);
    for (std::size_t i = 0; i < n * n; ++i) u_[i] = 1 - d_[i];
    const auto p = scalar_pce(sc_.capability, u_, n, n, o_.voting, o_.victory, o_.pce, c_, vp_);
    double pmin = 1.0, pmax = 0.0;
    for (double v : p) {
      pmin = std::min(pmin, v);
      pmax = std::max(pmax, v);
    }
    r_.assign(n, 0.0);
    if (pmax > pmin) {  // KTAB divides by zero here; parley keeps everyone risk neutral
      for (std::size_t i = 0; i < n; ++i) {
        r_[i] = big_r(o_.big_r_range, p[i], pmin, pmax);
      }
    }
    s.risk = r_;
    // Distinct positions: the first actor of each group within the tolerance.
    s.distinct.clear();
    s.distinct_of.assign(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
      bool found = false;
      for (std::size_t u = 0; u < s.distinct.size(); ++u) {
        const std::size_t j = s.distinct[u];
        double sq = 0;
        for (std::size_t k = 0; k < D_; ++k) {
          const double dd = s.position[i * D_ + k] - s.position[j * D_ + k];
          sq += dd * dd;
        }
        if (std::sqrt(sq) < kPositionTol) {
          s.distinct_of[i] = u;
          found = true;
          break;
        }
      }
      if (!found) {
        s.distinct_of[i] = s.distinct.size();
        s.distinct.push_back(i);
      }
    }
    const std::size_t m = s.distinct.size();
    std::vector<double> uu(n * m);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t u = 0; u < m; ++u) uu[i * m + u] = bs_util(d_[i * n + s.distinct[u]], r_[i]);
    // pDist always votes proportionally (smp.cpp pDist: `vr = VotingRule::Proportional`).
    s.probability = scalar_pce(sc_.capability, uu, n, m, SmpVotingRule::proportional, o_.victory, o_.pce, c_, vp_);
  }

  // SMPState::probEduChlg: h's estimate of P[i > j] and of the expected gain to k of i
  // challenging j. rh[a] = h's estimate of a's risk attitude, um_i[a] = h's estimate of a's
  // utility for i's position, um_m[a] = of a's own, w[a] = S_a c_a (see prepare()).
  // Templated on the voting rule and the commitment rule so that the loop over third
  // parties, the model's whole cost, compiles without a switch inside.
  template <SmpVotingRule VR, bool Semi>
  std::pair<double, double> challenge_t(std::size_t k, std::size_t i, std::size_t j, const double* rh,
                                        const double* um_i, const double* um_m) const {
    const std::size_t n = n_;
    auto U = [&](std::size_t a, std::size_t b) { return bs_util(d_[a * n + b], rh[a]); };
    const double uii = U(i, i), uij = U(i, j), uji = U(j, i), ujj = U(j, j);
    const double uki = U(k, i), ukj = U(k, j);
    const double eu_sq = uki + ukj, eu_vict = 2 * uki, eu_lose = 2 * ukj;
    const double ci = vote_t<VR>(w_[i], uii, uij);
    const double cj = vote_t<VR>(w_[j], uji, ujj);
    double chij = kMinContest, chji = kMinContest;
    if (ci > 0) chij += ci;
    if (ci < 0) chji -= ci;
    if (cj > 0) chij += cj;
    if (cj < 0) chji -= cj;
    // A third party's vote compares siding with i against siding with j, each weighted by
    // its "little" 3-actor estimate (Actor::vProbLittle, thirdPartyVoteSU). Under
    // NoCommit and FullCommit the two sums KTAB compares are the same expression, so
    // every third-party vote is exactly 0 and the loop is skipped.
    if constexpr (Semi) {
      // Two passes: every third party's vote into a buffer (a loop without a carried
      // dependency, which the compiler vectorises), then the sums in actor order, as KTAB
      // adds them, so the result is the same to the last bit.
      const double base_i = chij, base_j = chji;
      const double* dj = &dt_[j * n];    // dj[m] = d(m, j)
      const double* djc = &dtc_[j * n];  // min(d(m, j), 1)
      double* votes = votes_.data();
      const double* w = w_.data();
      for (std::size_t m = 0; m < n; ++m) {
        // bs_util(dj[m], rh[m]) with min(d, 1) read from a table: no branch, same number
        const double umi = um_i[m], umj = (1 - dj[m]) * (1 + djc[m] * rh[m]), umm = um_m[m];
        const double vm = vote_t<VR>(w[m], umi, umj);
        const double cmi = base_i + std::max(vm, 0.0);
        const double cmj = base_j + std::max(-vm, 0.0);
        const double pin = cmi / (cmi + cmj), pjn = 1.0 - pin;
        const double u_ik_j = pin * (umi + umi + umm) + pjn * (umj + umj + umj);
        const double u_i_jk = pin * (umi + umi + umi) + pjn * (umj + umj + umm);
        votes[m] = vote_t<VR>(w[m], u_ik_j, u_i_jk);
      }
      votes[i] = votes[j] = 0.0;  // the principals are counted above
      for (std::size_t m = 0; m < n; ++m) {
        chij += std::max(votes[m], 0.0);
        chji += std::max(-votes[m], 0.0);
      }
    }
    const double phij = chij / (chij + chji), phji = chji / (chij + chji);
    const double eu_contest = phij * eu_vict + phji * eu_lose;
    const double sj = total_sal_[j];
    const double eu_chlg = (1 - sj) * eu_vict + sj * eu_contest;
    return {phij, eu_chlg - eu_sq};
  }

  template <SmpVotingRule VR>
  Kernel pick_commit() const {
    return o_.commit == SmpCommit::semi_commit ? &Engine::challenge_t<VR, true> : &Engine::challenge_t<VR, false>;
  }
  Kernel pick_kernel() const {
    switch (o_.voting) {
      case SmpVotingRule::binary: return pick_commit<SmpVotingRule::binary>();
      case SmpVotingRule::prop_bin: return pick_commit<SmpVotingRule::prop_bin>();
      case SmpVotingRule::proportional: return pick_commit<SmpVotingRule::proportional>();
      case SmpVotingRule::prop_cbc: return pick_commit<SmpVotingRule::prop_cbc>();
      case SmpVotingRule::cubic: return pick_commit<SmpVotingRule::cubic>();
      case SmpVotingRule::asym_prosp: return pick_commit<SmpVotingRule::asym_prosp>();
    }
    return pick_commit<SmpVotingRule::proportional>();
  }

  // h's view, for challenge_t: rh, um_i (for target column i), um_m.
  struct View {
    std::vector<double> rh, um_i, um_m;
  };
  void prepare(std::size_t h, std::size_t i, View& v) const {
    v.rh.resize(n_);
    v.um_i.resize(n_);
    v.um_m.resize(n_);
    for (std::size_t a = 0; a < n_; ++a) {
      v.rh[a] = est_nra(o_.big_r_adjust, r_[h], r_[a]);
      v.um_i[a] = bs_util(dt_[i * n_ + a], v.rh[a]);
      v.um_m[a] = bs_util(d_[a * n_ + a], v.rh[a]);
    }
  }
  std::pair<double, double> challenge(std::size_t h, std::size_t k, std::size_t i, std::size_t j, View& v) const {
    prepare(h, i, v);
    return (this->*kernel_)(k, i, j, v.rh.data(), v.um_i.data(), v.um_m.data());
  }

  // SMPActor::interpolateBrgn, dimension by dimension.
  Bargain interpolate(std::size_t i, std::size_t j, const std::vector<double>& x, double pi, double pj) const {
    Bargain b;
    b.init = i;
    b.rcvr = j;
    b.pos_init.resize(D_);
    b.pos_rcvr.resize(D_);
    for (std::size_t k = 0; k < D_; ++k) {
      const auto [bi, bj] = interpolate_dim(o_.interp, x[i * D_ + k], sc_.salience[i * D_ + k], pi, x[j * D_ + k],
                                            sc_.salience[j * D_ + k], pj);
      b.pos_init[k] = bi;
      b.pos_rcvr[k] = bj;
    }
    return b;
  }

  // SMPState::doBCN: challenges, bargain queues, one election per queue, new ideals.
  SmpState step(const SmpState& s) {
    const std::size_t n = n_;
    std::vector<Bargain> bargains;
    std::vector<std::vector<std::size_t>> queue(n);
    View vi, vj;
    for (std::size_t i = 0; i < n; ++i) {
      Bargain sq;
      sq.init = sq.rcvr = i;
      queue[i].push_back(bargains.size());
      bargains.push_back(std::move(sq));
      prepare(i, i, vi);  // i's own view of its challenges
      int best_j = -1;
      double best_p = 0, best_eu = -1.0;
      for (std::size_t j = 0; j < n; ++j) {
        if (j == i) continue;
        const auto [p, edu] = (this->*kernel_)(i, i, j, vi.rh.data(), vi.um_i.data(), vi.um_m.data());
        if (kMinSigGain < edu && best_eu < edu) {
          best_j = static_cast<int>(j);
          best_p = p;
          best_eu = edu;
        }
      }
      if (!(best_eu > 0)) continue;
      const auto j = static_cast<std::size_t>(best_j);
      Bargain own = interpolate(i, j, s.position, best_p, 1 - best_p);
      auto push_both = [&](Bargain b) {
        queue[i].push_back(bargains.size());
        queue[j].push_back(bargains.size());
        bargains.push_back(std::move(b));
      };
      if (o_.bargain == SmpBargain::init_only) {
        push_both(std::move(own));
        continue;
      }
      // KTAB takes j's "estimate of the probability that i defeats j" as the second value
      // of probEduChlg(j, i, i, j), which is the expected gain, not the probability
      // (smpbcn.cpp doBCN); kept as KTAB has it.
      const double pj = challenge(j, i, i, j, vj).second;
      Bargain theirs = interpolate(i, j, s.position, pj, 1 - pj);
      if (o_.bargain == SmpBargain::init_rcvr) {
        queue[i].push_back(bargains.size());
        queue[i].push_back(bargains.size() + 1);
        queue[j].push_back(bargains.size());
        queue[j].push_back(bargains.size() + 1);
        bargains.push_back(std::move(own));
        bargains.push_back(std::move(theirs));
        continue;
      }
      // PWCompInterp: weights c S; KTAB takes the initiator's capability for both.
      const double wi = sc_.capability[i] * total_sal_[i], wj = sc_.capability[i] * total_sal_[j];
      Bargain mix = own;
      for (std::size_t k = 0; k < D_; ++k) {
        mix.pos_init[k] = (wi * own.pos_init[k] + wj * theirs.pos_init[k]) / (wi + wj);
        mix.pos_rcvr[k] = (wi * own.pos_rcvr[k] + wj * theirs.pos_rcvr[k]) / (wi + wj);
      }
      push_both(std::move(mix));
    }

    // Each actor a values the state after bargain m by the mean of its own utilities of
    // every position (only the two in the bargain changed).
    std::vector<double> own_sum(n, 0.0), own_u(n * n);
    for (std::size_t a = 0; a < n; ++a) {
      double sum = 0;
      for (std::size_t p = 0; p < n; ++p) {
        own_u[a * n + p] = bs_util(d_[a * n + p], r_[a]);
        sum += own_u[a * n + p];
      }
      own_sum[a] = sum;
    }
    SmpState next;
    next.position = s.position;
    std::vector<double> u;
    const double inv_n = 1.0 / static_cast<double>(n);
    for (std::size_t k = 0; k < n; ++k) {
      const auto& qk = queue[k];
      const std::size_t nb = qk.size();
      std::size_t chosen = 0;
      if (nb > 1) {
        u.resize(n * nb);
        for (std::size_t a = 0; a < n; ++a) {
          for (std::size_t m = 0; m < nb; ++m) {
            const Bargain& b = bargains[qk[m]];
            double v = own_sum[a];
            if (b.init != b.rcvr) {
              // SMPActor::posUtil measures from a's position, not its ideal (the same
              // when ideals track positions, as with the default identity matrix)
              v += bs_util(diff(s.position, a, b.pos_init.data()), r_[a]) - own_u[a * n + b.init];
              v += bs_util(diff(s.position, a, b.pos_rcvr.data()), r_[a]) - own_u[a * n + b.rcvr];
            }
            u[a * nb + m] = v * inv_n;
          }
        }
        const auto p = scalar_pce(sc_.capability, u, n, nb, o_.voting, o_.victory, o_.pce, c_, vp_);
        if (o_.transitions == SmpTransitions::deterministic) {
          for (std::size_t m = 1; m < nb; ++m)
            if (p[m] > p[chosen]) chosen = m;
        } else {
          const double draw = std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
          double cum = 0;
          chosen = nb - 1;
          for (std::size_t m = 0; m < nb; ++m) {
            cum += p[m];
            if (draw < cum) {
              chosen = m;
              break;
            }
          }
        }
      }
      const Bargain& b = bargains[qk[chosen]];
      if (b.init != b.rcvr) {
        const auto& src = b.init == k ? b.pos_init : b.pos_rcvr;
        std::copy(src.begin(), src.end(), next.position.begin() + static_cast<std::ptrdiff_t>(k * D_));
      }
    }
    // SMPState::newIdeals: y_i <- sum_j A_ij x_j + (1 - sum_j A_ij) y_i.
    if (identity_) {
      next.ideal = next.position;
    } else {
      next.ideal.assign(n * D_, 0.0);
      for (std::size_t i = 0; i < n; ++i) {
        double si = 0;
        for (std::size_t j = 0; j < n; ++j) {
          const double a = sc_.accommodation[i * n + j];
          si += a;
          for (std::size_t k = 0; k < D_; ++k) next.ideal[i * D_ + k] += a * next.position[j * D_ + k];
        }
        const double lag = 1.0 - std::min(1.0, si);
        for (std::size_t k = 0; k < D_; ++k) next.ideal[i * D_ + k] += lag * s.ideal[i * D_ + k];
      }
    }
    return next;
  }
};

void check(const SmpScenario& sc) {
  const std::size_t n = sc.actors, D = sc.dims;
  if (n < 2) throw std::invalid_argument("SMP needs at least 2 actors");
  if (D < 1) throw std::invalid_argument("SMP needs at least one dimension");
  if (sc.capability.size() != n || sc.position.size() != n * D || sc.salience.size() != n * D)
    throw std::invalid_argument("SMP scenario: inconsistent sizes");
  if (!sc.accommodation.empty() && sc.accommodation.size() != n * n)
    throw std::invalid_argument("SMP scenario: the accommodation matrix must be actors x actors");
  for (std::size_t i = 0; i < n; ++i) {
    if (!(sc.capability[i] > 0)) throw std::invalid_argument("SMP: every capability must be positive");
    double s = 0;
    for (std::size_t k = 0; k < D; ++k) {
      const double x = sc.position[i * D + k], v = sc.salience[i * D + k];
      if (!(x >= 0 && x <= 1)) throw std::invalid_argument("SMP: positions must lie in [0, 1]");
      if (!(v >= 0)) throw std::invalid_argument("SMP: saliences must be non-negative");
      s += v;
    }
    if (!(s > 0) || s > 1 + 1e-12) throw std::invalid_argument("SMP: each actor's saliences must sum to (0, 1]");
  }
}

}  // namespace

SmpResult run_smp(const SmpScenario& scenario, const SmpOptions& options) {
  check(scenario);
  Engine e(scenario, options);
  return e.run();
}

}  // namespace parley::bargain
