// pcg32 streams and the Poisson, binomial and uniform samplers, all our own code.
#include "parley/random.hpp"

#include "util/numeric.hpp"

#include <array>
#include <cmath>

namespace parley {

std::uint64_t mix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

std::uint64_t Rng::stream_key(std::uint64_t seed, std::uint64_t key1, std::uint64_t key2, std::uint64_t key3) {
  return mix64(mix64(mix64(seed) ^ key1) ^ (key2 * 0xD1B54A32D192ED03ull)) ^ key3;
}

Rng::Rng(std::uint64_t seed, std::uint64_t key1, std::uint64_t key2, std::uint64_t key3) {
  const std::uint64_t k = stream_key(seed, key1, key2, key3);
  reseed(mix64(k), mix64(k ^ 0xA5A5A5A5A5A5A5A5ull));
}

Rng Rng::from_key(std::uint64_t key) {
  Rng r;
  r.reseed(mix64(key), key ^ 0xA5A5A5A5A5A5A5A5ull);  // the increment need not be mixed: it is made odd
  return r;
}

const char* to_string(Stream s) {
  switch (s) {
    case Stream::war: return "war";
    case Stream::talks: return "talks";
    case Stream::ratification: return "ratification";
    case Stream::inputs: return "inputs";
    case Stream::calibration: return "calibration";
    case Stream::sensitivity: return "sensitivity";
    case Stream::collapse: return "collapse";
    case Stream::shocks: return "shocks";
    case Stream::exit: return "exit";
  }
  return "?";
}

Rng make_stream(const StreamId& id) {
  return Rng(id.seed, id.run, id.month, static_cast<std::uint64_t>(id.purpose));
}

Rng make_stream(const StreamId& id, std::uint64_t sub_key) { return StreamFamily(id).sub(sub_key); }

StreamFamily::StreamFamily(const StreamId& id)
    : key_(Rng::stream_key(id.seed, id.run, id.month, static_cast<std::uint64_t>(id.purpose))) {}

Rng StreamFamily::sub(std::uint64_t sub_key) const { return Rng::from_key(Rng::sub_key(key_, sub_key)); }

Rng Rng::from_pcg_seed(std::uint64_t initstate, std::uint64_t initseq) {
  Rng r;
  r.reseed(initstate, initseq);
  return r;
}

void Rng::reseed(std::uint64_t initstate, std::uint64_t initseq) {
  // The PCG reference seeding: state 0, set the (odd) increment, step, add the seed, step.
  state_ = 0;
  inc_ = (initseq << 1u) | 1u;
  next_u32();
  state_ += initstate;
  next_u32();
}

std::uint32_t Rng::next_u32() {
  std::uint64_t old = state_;
  state_ = old * 6364136223846793005ull + inc_;
  auto xorshifted = static_cast<std::uint32_t>(((old >> 18u) ^ old) >> 27u);
  auto rot = static_cast<std::uint32_t>(old >> 59u);
  return (xorshifted >> rot) | (xorshifted << ((-rot) & 31u));
}

double Rng::uniform() {
  std::uint64_t hi = next_u32();
  std::uint64_t lo = next_u32();
  std::uint64_t bits = ((hi << 32) | lo) >> 11;  // 53 bits
  return static_cast<double>(bits) * 0x1.0p-53;
}

namespace {
// 1/k for small k: the inversion loops multiply by it instead of dividing.
constexpr int kReciprocals = 256;
const std::array<double, kReciprocals> kReciprocal = [] {
  std::array<double, kReciprocals> t{};
  t[0] = 0;
  for (int k = 1; k < kReciprocals; ++k) t[static_cast<std::size_t>(k)] = 1.0 / k;
  return t;
}();
inline double reciprocal(std::int64_t k) {
  return k < kReciprocals ? kReciprocal[static_cast<std::size_t>(k)] : 1.0 / static_cast<double>(k);
}
}  // namespace

double log_factorial(std::int64_t k) {
  static const std::array<double, 32> table = [] {
    std::array<double, 32> t{};
    double acc = 0;
    t[0] = 0;
    for (int i = 1; i < 32; ++i) {
      acc += std::log(static_cast<double>(i));
      t[static_cast<std::size_t>(i)] = acc;
    }
    return t;
  }();
  if (k < 32) return table[static_cast<std::size_t>(k < 0 ? 0 : k)];
  // Stirling: log k! = (k+1/2) log(k+1) - (k+1) + log(2 pi)/2 + 1/(12(k+1)) - 1/(360(k+1)^3) + ...
  double x = static_cast<double>(k) + 1.0;
  double x2 = x * x;
  return (x - 0.5) * std::log(x) - x + 0.91893853320467274178 + 1.0 / (12.0 * x) - 1.0 / (360.0 * x * x2) +
         1.0 / (1260.0 * x2 * x2 * x);
}

std::int64_t Rng::poisson(double mean) {
  if (!(mean > 0)) return 0;
  if (mean < 12) {
    // Inversion by sequential search: P(0) = e^-mean, P(x) = P(x-1) mean / x.
    double u = uniform();
    double p = std::exp(-mean);
    double cdf = p;
    std::int64_t x = 0;
    while (u > cdf && x < 1000) {
      ++x;
      p *= mean * reciprocal(x);
      cdf += p;
    }
    return x;
  }
  // PTRS (Hoermann 1993, "The transformed rejection method for generating Poisson random variables").
  const double slam = std::sqrt(mean);
  const double loglam = std::log(mean);
  const double b = 0.931 + 2.53 * slam;
  const double a = -0.059 + 0.02483 * b;
  const double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
  const double v_r = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    double u = uniform() - 0.5;
    double v = uniform();
    double us = 0.5 - std::fabs(u);
    auto k = static_cast<std::int64_t>(std::floor((2 * a / us + b) * u + mean + 0.43));
    if (us >= 0.07 && v <= v_r) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (std::log(v) + std::log(inv_alpha) - std::log(a / (us * us) + b) <= -mean + static_cast<double>(k) * loglam - log_factorial(k))
      return k;
  }
}

std::int64_t Rng::binomial(std::int64_t n, double p) {
  if (n <= 0 || !(p > 0)) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomial(n, 1 - p);
  const double q = 1 - p;
  // q^n must not underflow for inversion. Since -log q <= p/q, n p <= 600 q guarantees
  // q^n >= e^-600; otherwise split n (exact: a sum of independent binomials).
  if (static_cast<double>(n) * p > 600 * q) {
    std::int64_t half = n / 2;
    return binomial(half, p) + binomial(n - half, p);
  }
  const double ratio = p / q;
  double prob = power_of(q, static_cast<std::uint64_t>(n));
  double cdf = prob;
  double u = uniform();
  std::int64_t x = 0;
  while (u > cdf && x < n) {
    prob *= ratio * static_cast<double>(n - x) * reciprocal(x + 1);
    ++x;
    cdf += prob;
  }
  return x;
}

}  // namespace parley
