// The expected-utility model: win probabilities, utilities, risk exponents, offers and moves.
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "parley/bargain.hpp"
#include "parley/bargain_eum.hpp"

namespace parley::bargain {

namespace {

// Everything one run needs, allocated once; indices are actor ids.
struct State {
  std::size_t n = 0;
  const EumOptions* opt = nullptr;
  std::vector<double> c, s, w, x, r;
  double range = 1;  // R
  double mu = 0;     // where an unchallenged actor is expected to move (A9)
  std::vector<double> p;  // n x n: p[i*n+j] = chance that i prevails over j
  std::vector<double> e;  // n x n: e[i*n+j] = E^i(U_ij) with r_i and the target's salience
  // Positions sorted, with prefix sums of weight and weight x position, for the
  // O(1)-per-pair win probabilities of the literal and net-vote rules.
  std::vector<std::size_t> order;
  std::vector<double> xs, pw, pwx;
  // Velev's rule: dist[k*n+a] = (|x_k - x_a| / R)^{r_k}, and its prefix sums over voters in
  // sorted order, column by column: cum[a*(n+1)+t].
  std::vector<double> dist, cum;
  std::vector<std::uint32_t> near;  // near[k*n+t]: the actor t-th closest to k (velev)
  // Per round, r-independent: logs of the utility bases and of the velev distances, so the
  // second pass needs one exp per term instead of a pow (the model's main cost).
  std::vector<double> log_lo, log_hi, log_dist;
  // Per pass: U_s and U_f of every ordered pair in its first actor's exponent; U_sq by actor.
  std::vector<double> us, uf, usq;
  std::vector<double> median_scratch;
  std::vector<double> next_x;

  double d(std::size_t a, std::size_t b) const { return std::fabs(x[a] - x[b]) / range; }
};

double weighted_median(State& st) {
  return median(st.c, st.x, st.s, st.median_scratch).position;
}

double weighted_mean(const State& st) { return compromise(st.c, st.x, st.s).position; }

void sort_positions(State& st) {
  const std::size_t n = st.n;
  for (std::size_t i = 0; i < n; ++i) st.order[i] = i;
  std::stable_sort(st.order.begin(), st.order.end(),
                   [&](std::size_t a, std::size_t b) { return st.x[a] < st.x[b]; });
  st.pw[0] = st.pwx[0] = 0;
  for (std::size_t t = 0; t < n; ++t) {
    const std::size_t k = st.order[t];
    st.xs[t] = st.x[k];
    st.pw[t + 1] = st.pw[t] + st.w[k];
    st.pwx[t + 1] = st.pwx[t] + st.w[k] * st.x[k];
  }
}

// Counts of sorted voters that bound the two camps of a pair lo < hi: voters at or below
// lo, below the midpoint, at or below the midpoint, and below hi.
struct PairCounts {
  std::size_t at_most_lo, below_mid, at_most_mid, below_hi;
};

// Calls f(low actor, high actor, counts) for every pair at distinct positions. Walking the
// pairs in sorted order moves the midpoint monotonically, so the counts come from pointers
// that only advance: O(n^2) for all pairs, with no binary search.
template <typename F>
void for_each_pair(const State& st, F&& f) {
  const std::size_t n = st.n;
  const auto& xs = st.xs;
  std::size_t run_end = 0;
  for (std::size_t a = 0; a < n; ++a) {
    while (run_end < n && xs[run_end] <= xs[a]) ++run_end;
    std::size_t below_mid = run_end, at_most_mid = run_end, run_start = run_end;
    for (std::size_t b = run_end; b < n; ++b) {
      if (xs[b] != xs[b - 1]) run_start = b;
      const double mid = 0.5 * (xs[a] + xs[b]);
      while (below_mid < n && xs[below_mid] < mid) ++below_mid;
      while (at_most_mid < n && xs[at_most_mid] <= mid) ++at_most_mid;
      f(st.order[a], st.order[b], PairCounts{run_end, below_mid, at_most_mid, run_start});
    }
  }
}

// Sum of w_k |g_k| over the voters who prefer lo's position to hi's (lo < hi), where
// g_k = |x_k - x_hi| - |x_k - x_lo|: D for voters at or below lo, x_lo + x_hi - 2 x_k
// between lo and the midpoint.
double support_low(const State& st, double lo, double hi, const PairCounts& c) {
  const std::size_t a = c.at_most_lo, b = c.below_mid;
  double sum = (hi - lo) * st.pw[a];
  if (b > a) sum += (lo + hi) * (st.pw[b] - st.pw[a]) - 2 * (st.pwx[b] - st.pwx[a]);
  return sum;
}
// The mirror image: voters who prefer hi's position.
double support_high(const State& st, double lo, double hi, const PairCounts& c) {
  const std::size_t a = c.at_most_mid, b = c.below_hi;
  double sum = (hi - lo) * (st.pw[st.n] - st.pw[b]);
  if (b > a) sum += 2 * (st.pwx[b] - st.pwx[a]) - (lo + hi) * (st.pw[b] - st.pw[a]);
  return sum;
}

// Literal and net-vote rules (A6): the votes are linear, so r plays no part.
void probabilities_linear(State& st) {
  sort_positions(st);
  std::fill(st.p.begin(), st.p.end(), 0.0);  // same position: P = 0, as in every source
  const bool net = st.opt->a6 == WinProbability::net_vote;
  for_each_pair(st, [&](std::size_t i, std::size_t j, const PairCounts& c) {
    const double lo = st.x[i], hi = st.x[j];
    const double ni = std::max(0.0, support_low(st, lo, hi, c));
    const double nj = std::max(0.0, support_high(st, lo, hi, c));
    const double den = ni + nj;
    double pi = 0.5, pj = 0.5;  // nobody with weight cares: a coin flip
    if (den > 0 && net) {
      pi = std::max(0.0, ni - nj) / den;
      pj = std::max(0.0, nj - ni) / den;
    } else if (den > 0) {
      pi = ni / den;
      pj = nj / den;
    }
    st.p[i * st.n + j] = pi;
    st.p[j * st.n + i] = pj;
  });
}

// For each voter k, the actors in order of distance from k, by merging outwards from k's
// place in the sorted positions (O(n) per voter). The order holds for any r_k > 0, so it
// is computed once per round and serves both passes.
void order_by_distance(State& st) {
  const std::size_t n = st.n;
  for (std::size_t t = 0; t < n; ++t) {
    std::uint32_t* out = &st.near[st.order[t] * n];
    std::size_t m = 0, lo = t, hi = t + 1;  // lo: next candidate below (exclusive), hi: above
    const double xk = st.xs[t];
    out[m++] = static_cast<std::uint32_t>(st.order[t]);
    while (lo > 0 || hi < n) {
      const bool take_low = hi >= n || (lo > 0 && xk - st.xs[lo - 1] <= st.xs[hi] - xk);
      const std::size_t pick = take_low ? --lo : hi++;
      out[m++] = static_cast<std::uint32_t>(st.order[pick]);
    }
  }
}

// Velev's rule (A6): risk-adjusted votes; the denominator sums every voter's absolute vote
// over every ordered pair of actors, so it is one number for the whole pass. For voter k
// that sum is 2 sum_t dist_(t) (2t - n + 1) over its distances in increasing order.
void probabilities_velev(State& st, bool first_pass) {
  const std::size_t n = st.n;
  if (first_pass) {
    sort_positions(st);
    order_by_distance(st);
  }
  double den = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const double rk = st.r[k];
    for (std::size_t a = 0; a < n; ++a) {
      const double base = std::fabs(st.x[k] - st.x[a]) / st.range;
      st.dist[k * n + a] = rk == 1.0 ? base : std::exp(rk * st.log_dist[k * n + a]);
    }
    double spread = 0;
    const std::uint32_t* nk = &st.near[k * n];
    for (std::size_t t = 0; t < n; ++t)
      spread += st.dist[k * n + nk[t]] * (2.0 * static_cast<double>(t) - static_cast<double>(n) + 1.0);
    den += st.w[k] * 2 * spread;
  }
  for (std::size_t a = 0; a < n; ++a) {
    double* col = &st.cum[a * (n + 1)];
    col[0] = 0;
    for (std::size_t t = 0; t < n; ++t) {
      const std::size_t k = st.order[t];
      col[t + 1] = col[t] + st.w[k] * st.dist[k * n + a];
    }
  }
  // Low actor i's supporters lie below the midpoint, high actor j's above it.
  std::fill(st.p.begin(), st.p.end(), 0.0);
  if (!(den > 0)) return;
  for_each_pair(st, [&](std::size_t i, std::size_t j, const PairCounts& c) {
    const double* ci = &st.cum[i * (n + 1)];
    const double* cj = &st.cum[j * (n + 1)];
    const double ni = cj[c.below_mid] - ci[c.below_mid];
    const double nj = (ci[n] - ci[c.at_most_mid]) - (cj[n] - cj[c.at_most_mid]);
    st.p[i * n + j] = std::max(0.0, ni) / den;
    st.p[j * n + i] = std::max(0.0, nj) / den;
  });
}

void compute_probabilities(State& st, bool first_pass) {
  if (st.opt->a6 == WinProbability::velev) probabilities_velev(st, first_pass);
  else if (first_pass) probabilities_linear(st);  // linear votes do not depend on r
}

// The r-independent logarithms of the round; log(0) = -inf makes exp(r * log) exactly 0.
void prepare_logs(State& st) {
  const std::size_t n = st.n;
  const bool velev = st.opt->a6 == WinProbability::velev;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = i; j < n; ++j) {
      const double dist = st.d(i, j);
      const double lo = std::log(std::max(0.0, 0.5 - 0.5 * dist)), hi = std::log(0.5 + 0.5 * dist);
      st.log_lo[i * n + j] = st.log_lo[j * n + i] = lo;
      st.log_hi[i * n + j] = st.log_hi[j * n + i] = hi;
      if (velev) st.log_dist[i * n + j] = st.log_dist[j * n + i] = std::log(dist);
    }
  }
}

double risk_power(double base, double r) { return r == 1.0 ? base : std::pow(std::max(0.0, base), r); }

// E^a(U_ab) evaluated with exponent r and resistance probability s_resist [S eqs 5-7].
double expected_utility(const State& st, std::size_t a, std::size_t b, double r, double s_resist) {
  const double dist = st.d(a, b);
  const double us = 2 - 4 * risk_power(0.5 - 0.5 * dist, r);
  const double uf = 2 - 4 * risk_power(0.5 + 0.5 * dist, r);
  const double usq = 2 - 4 * risk_power(0.5, r);
  const double prob = st.p[a * st.n + b];
  const double challenge = s_resist * (prob * us + (1 - prob) * uf) + (1 - s_resist) * us;
  const double q = st.opt->q;
  if (q == 1.0) return challenge - q * usq;
  // Unchallenged, b is expected to move to mu; T says whether that helps a [S figs 1-4].
  const double to_mu = std::fabs(st.x[a] - st.mu);
  const double spread = 0.25 * (to_mu + std::fabs(st.x[a] - st.x[b])) / st.range;
  const double ub = 2 - 4 * risk_power(0.5 - spread, r);
  const double uw = 2 - 4 * risk_power(0.5 + spread, r);
  const double t = to_mu < std::fabs(st.x[a] - st.x[b]) ? 1.0 : 0.0;
  return challenge - (q * usq + (1 - q) * (t * ub + (1 - t) * uw));
}

// E from its parts [S eq 6 minus eq 7 with Q = 1].
double challenge_eu(double us, double uf, double usq, double prob, double s_resist) {
  return s_resist * (prob * us + (1 - prob) * uf) + (1 - s_resist) * us - usq;
}

// Fills U_s, U_f (each pair in its first actor's r), U_sq and E for every ordered pair.
// r = 1 keeps the bases as they are, so the first pass involves no exp at all.
void compute_utilities(State& st) {
  const std::size_t n = st.n;
  const bool q_one = st.opt->q == 1.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double ri = st.r[i];
    st.usq[i] = 2 - 4 * risk_power(0.5, ri);
    for (std::size_t j = 0; j < n; ++j) {
      const std::size_t ij = i * n + j;
      if (ri == 1.0) {
        const double dist = st.d(i, j);
        st.us[ij] = 2 - 4 * (0.5 - 0.5 * dist);
        st.uf[ij] = 2 - 4 * (0.5 + 0.5 * dist);
      } else {
        st.us[ij] = 2 - 4 * std::exp(ri * st.log_lo[ij]);
        st.uf[ij] = 2 - 4 * std::exp(ri * st.log_hi[ij]);
      }
      if (i == j) st.e[ij] = 0.0;
      else if (q_one) st.e[ij] = challenge_eu(st.us[ij], st.uf[ij], st.usq[i], st.p[ij], st.s[j]);
      else st.e[ij] = expected_utility(st, i, j, ri, st.s[j]);
    }
  }
}

// Win probability of a over b with one actor moved to a hypothetical position, by direct
// sums (used only by the positions-based risk rule, A11, where the prefix sums are stale).
double probability_direct(const State& st, const std::vector<double>& xs, std::size_t a,
                          std::size_t b) {
  if (xs[a] == xs[b]) return 0;
  double na = 0, nb = 0;
  for (std::size_t k = 0; k < st.n; ++k) {
    const double g = std::fabs(xs[k] - xs[b]) - std::fabs(xs[k] - xs[a]);
    if (g > 0) na += st.w[k] * g;
    else nb -= st.w[k] * g;
  }
  const double den = na + nb;
  if (!(den > 0)) return 0.5;
  if (st.opt->a6 == WinProbability::net_vote) return std::max(0.0, na - nb) / den;
  return na / den;
}

// First-pass security S_i = sum_{j != i} E(U_ji), all r = 1 [S eq 34]. A2 picks whose
// exponent evaluates E(U_ji); both are 1 here, which is why A2 cannot change results.
void security_across_actors(const State& st, std::vector<double>& security) {
  const std::size_t n = st.n;
  for (std::size_t i = 0; i < n; ++i) {
    double sum = 0;
    for (std::size_t j = 0; j < n; ++j)
      if (j != i) sum += st.e[j * n + i];
    security[i] = sum;
  }
}

// r_i = (1 - R_i/3) / (1 + R_i/3), R_i = (2 S_i - max - min) / (max - min) [S eqs 32-34];
// when every S is equal the rule is undefined and r = 1 (not 0, a bug in the C# code).
double exponent_from_security(double si, double smax, double smin) {
  if (!(smax > smin)) return 1.0;
  const double rr = (2 * si - smax - smin) / (smax - smin);
  return (1 - rr / 3.0) / (1 + rr / 3.0);
}

void risk_across_actors(State& st) {
  std::vector<double> security(st.n);
  security_across_actors(st, security);
  const auto [mn, mx] = std::minmax_element(security.begin(), security.end());
  const double smin = *mn, smax = *mx;
  for (std::size_t i = 0; i < st.n; ++i) st.r[i] = exponent_from_security(security[i], smax, smin);
}

// A11 alternative: compare actor i's security at its position with its security at 11
// evenly spaced positions across the current range, as if it alone had moved there.
void risk_across_positions(State& st) {
  const std::size_t n = st.n;
  const auto [mn, mx] = std::minmax_element(st.x.begin(), st.x.end());
  const double lo = *mn, hi = *mx;
  std::vector<double> xs = st.x, r(n, 1.0);
  auto security_at = [&](std::size_t i, double y) {
    xs[i] = y;
    double sum = 0;
    for (std::size_t j = 0; j < n; ++j) {
      if (j == i) continue;
      const double dist = std::fabs(xs[j] - y) / st.range;
      const double prob = probability_direct(st, xs, j, i);
      const double us = 2 * dist, uf = -2 * dist;  // r = 1: U_s = 2d, U_f = -2d, U_sq = 0
      sum += st.s[i] * (prob * us + (1 - prob) * uf) + (1 - st.s[i]) * us;
      if (st.opt->q != 1.0) {  // r = 1: U_b = 4 spread, U_w = -4 spread
        const double to_mu = std::fabs(xs[j] - st.mu);
        const double spread = 0.25 * (to_mu + std::fabs(xs[j] - y)) / st.range;
        const double t = to_mu < std::fabs(xs[j] - y) ? 1.0 : 0.0;
        sum -= (1 - st.opt->q) * (t * 4 * spread - (1 - t) * 4 * spread);
      }
    }
    xs[i] = st.x[i];
    return sum;
  };
  for (std::size_t i = 0; i < n; ++i) {
    const double here = security_at(i, st.x[i]);
    double smin = here, smax = here;
    for (int g = 0; g <= 10; ++g) {
      const double v = security_at(i, lo + (hi - lo) * g / 10.0);
      smin = std::min(smin, v);
      smax = std::max(smax, v);
    }
    r[i] = std::clamp(exponent_from_security(here, smax, smin), 0.5, 2.0);
  }
  st.r = r;
}

enum class OfferKind { conflict = 0, compromise = 1, capitulation = 2 };

struct Offer {
  bool valid = false;
  OfferKind kind = OfferKind::conflict;
  std::size_t proposer = 0;
  double position = 0;
  double e_mover = 0;     // E^m(U_mp): the mover's EU of challenging the proposer
  double e_proposer = 0;  // E^p(U_pm): the proposer's EU of challenging the mover
};

// The offer proposer p makes to mover m, read from the mover's chart [S fig 6].
Offer classify(const State& st, std::size_t m, std::size_t p) {
  const EumOptions& o = *st.opt;
  const std::size_t n = st.n;
  Offer f;
  f.proposer = p;
  const double em = st.e[m * n + p];
  double ep = st.e[p * n + m];
  if (o.a7 == Perspective::mover || o.a1 == ResistSalience::printed) {
    const double s = o.a1 == ResistSalience::target ? st.s[m] : st.s[p];
    // |x_p - x_m| = |x_m - x_p|, so in the mover's exponent U_s and U_f are the mover's own.
    const std::size_t pair = o.a7 == Perspective::own ? p * n + m : m * n + p;
    const std::size_t owner = o.a7 == Perspective::own ? p : m;
    if (o.q == 1.0) ep = challenge_eu(st.us[pair], st.uf[pair], st.usq[owner], st.p[p * n + m], s);
    else ep = expected_utility(st, p, m, st.r[owner], s);
  }
  f.e_mover = em;
  f.e_proposer = ep;
  const double xm = st.x[m], xp = st.x[p];
  const bool proposer_sign_ok = o.a3 == CompromiseSign::figure ? ep > 0 : ep < 0;
  if (ep > em && em > 0) {
    if (o.a4 == ConflictMove::none) return f;
    const double pm = st.p[m * n + p];
    f.position = o.a4 == ConflictMove::full ? xp : pm * xm + (1 - pm) * xp;
    f.kind = OfferKind::conflict;
  } else if (em < 0 && proposer_sign_ok && ep > std::fabs(em)) {
    f.kind = OfferKind::compromise;
    if (o.a5 == CompromisePosition::literal) {
      f.position = xm + (xp - xm) * std::fabs(em / ep);
    } else {
      f.position = (std::fabs(em) * xm + std::fabs(ep) * xp) / (std::fabs(em) + std::fabs(ep));
    }
  } else if (o.capitulation && em < 0 && ep > 0 && std::fabs(em) > ep) {
    f.kind = OfferKind::capitulation;
    f.position = xp;
  } else {
    return f;
  }
  f.valid = true;
  return f;
}

// Velev's key for compromises: the EU-weighted average of the two positions.
double velev_compromise_key(const State& st, std::size_t m, const Offer& f) {
  const double am = std::fabs(f.e_mover), ap = std::fabs(f.e_proposer);
  return (am * st.x[m] + ap * st.x[f.proposer]) / (am + ap);
}

// True when offer a should be preferred to the current best b under rule A10.
bool better_offer(const State& st, std::size_t m, const Offer& a, const Offer& b) {
  if (!b.valid) return true;
  const double move_a = std::fabs(st.x[m] - a.position), move_b = std::fabs(st.x[m] - b.position);
  switch (st.opt->a10) {
    case OfferSelection::scholz:
      if (a.kind != b.kind) return a.kind < b.kind;
      if (move_a != move_b) return move_a < move_b;
      return a.e_proposer > b.e_proposer;
    case OfferSelection::velev:
      if (a.kind != b.kind) return a.kind < b.kind;
      if (a.kind == OfferKind::compromise)
        return velev_compromise_key(st, m, a) < velev_compromise_key(st, m, b);
      return move_a < move_b;
    case OfferSelection::enforceable:
      if (a.e_proposer != b.e_proposer) return a.e_proposer > b.e_proposer;
      return move_a < move_b;
  }
  return false;
}

// Every actor picks its best offer against the same round-start positions; all then move
// together, so the result does not depend on the order of the actors.
void move_actors(State& st) {
  const std::size_t n = st.n;
  for (std::size_t m = 0; m < n; ++m) {
    Offer best;
    for (std::size_t p = 0; p < n; ++p) {
      if (p == m || st.x[p] == st.x[m]) continue;
      const Offer f = classify(st, m, p);
      if (f.valid && better_offer(st, m, f, best)) best = f;
    }
    st.next_x[m] = best.valid ? best.position : st.x[m];
  }
  st.x.swap(st.next_x);
}

double position_range(const std::vector<double>& x) {
  const auto [mn, mx] = std::minmax_element(x.begin(), x.end());
  return *mx - *mn;
}

void set_range(State& st, double initial_range) {
  double r = initial_range;
  if (st.opt->a8 == RangeRule::current) r = position_range(st.x);
  if (st.opt->a8 == RangeRule::scale) r = st.opt->scale_span;
  st.range = r > 0 ? r : 1.0;  // all at one position: every distance is 0 anyway
}

// One round [S Appendix]: first pass with r = 1, risk exponents, second pass, moves.
void play_round(State& st, double initial_range) {
  set_range(st, initial_range);
  st.mu = st.opt->a9 == MoveTarget::median ? weighted_median(st) : weighted_mean(st);
  std::fill(st.r.begin(), st.r.end(), 1.0);
  prepare_logs(st);
  compute_probabilities(st, true);
  compute_utilities(st);
  if (st.opt->a11 == RiskBasis::actors) risk_across_actors(st);
  else risk_across_positions(st);
  compute_probabilities(st, false);
  compute_utilities(st);
  move_actors(st);
}

EumRound snapshot(State& st, int round, bool with_risk) {
  EumRound r;
  r.round = round;
  r.median = weighted_median(st);
  r.mean = weighted_mean(st);
  r.positions = st.x;
  if (with_risk) r.risk = st.r;
  return r;
}

}  // namespace

EumResult run_eum(std::span<const double> capabilities, std::span<const double> positions,
                  std::span<const double> saliences, const EumOptions& options) {
  State st;
  const std::size_t n = positions.size();
  st.n = n;
  st.opt = &options;
  st.c.assign(capabilities.begin(), capabilities.end());
  st.s.assign(saliences.begin(), saliences.end());
  st.x.assign(positions.begin(), positions.end());
  st.w.resize(n);
  for (std::size_t i = 0; i < n; ++i) st.w[i] = st.c[i] * st.s[i];
  st.r.assign(n, 1.0);
  st.p.assign(n * n, 0.0);
  st.e.assign(n * n, 0.0);
  st.order.resize(n);
  st.xs.resize(n);
  st.pw.resize(n + 1);
  st.pwx.resize(n + 1);
  if (options.a6 == WinProbability::velev) {
    st.dist.resize(n * n);
    st.cum.resize(n * (n + 1));
    st.near.resize(n * n);
    st.log_dist.resize(n * n);
  }
  st.log_lo.resize(n * n);
  st.log_hi.resize(n * n);
  st.us.resize(n * n);
  st.uf.resize(n * n);
  st.usq.resize(n);
  st.median_scratch.resize(2 * n);
  st.next_x.resize(n);

  EumResult result;
  if (n == 0) return result;
  const double initial_range = position_range(st.x);
  result.rounds.push_back(snapshot(st, 0, false));
  int stable = 0;
  for (int t = 1; t <= options.max_rounds; ++t) {
    play_round(st, initial_range);
    result.rounds.push_back(snapshot(st, t, true));
    if (options.stop == StopRule::converge) {
      const double shift = std::fabs(result.rounds[t].median - result.rounds[t - 1].median);
      stable = shift <= options.tolerance ? stable + 1 : 0;
      if (stable >= options.stable_rounds) {
        result.converged = true;
        break;
      }
    }
  }
  result.forecast = result.rounds.back().median;
  return result;
}

}  // namespace parley::bargain
