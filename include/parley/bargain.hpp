// Static bargaining kernels (compromise, median, Nash) on spans, allocation-free for the month step.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include "parley/enum_names.hpp"

namespace parley::bargain {

// The bargaining model, for the kernels, `parley bargain` and a scenario's talks alike.
enum class Model { compromise, median, nash, eum, smp };
inline constexpr EnumNames<Model, 5> kModelNames{{{Model::compromise, "compromise"},
                                                  {Model::median, "median"},
                                                  {Model::nash, "nash"},
                                                  {Model::eum, "eum"},
                                                  {Model::smp, "smp"}}};
static_assert(covers_in_order(kModelNames));
constexpr const auto& enum_names(Model) { return kModelNames; }

// How an actor's utility falls with distance from its ideal point.
enum class Loss { linear, quadratic };
inline constexpr EnumNames<Loss, 2> kLossNames{{{Loss::linear, "linear"}, {Loss::quadratic, "quadratic"}}};
static_assert(covers_in_order(kLossNames));
constexpr const auto& enum_names(Loss) { return kLossNames; }

enum class Status {
  ok,
  no_weight,     // no actor carries positive weight, so no forecast exists
  no_agreement,  // nash: no point gives every actor more than its disagreement utility
};

std::string_view to_string(Model m);
std::string_view to_string(Loss l);
std::string_view to_string(Status s);

struct Outcome {
  double position = 0;
  Status status = Status::ok;
};

// The capability x salience weighted mean: sum w_i s_i x_i / sum w_i s_i.
Outcome compromise(std::span<const double> weights, std::span<const double> positions,
                   std::span<const double> saliences);

// The w_i s_i weighted median: the lowest position at which the cumulative weight of the
// actors at or below it reaches half the total. When the cumulative weight equals exactly
// half at some position, every point up to the next position minimises sum w s |x_i - y|;
// the rule picks the lower end (MODEL.md section 6). `scratch` needs 2 * n doubles.
Outcome median(std::span<const double> weights, std::span<const double> positions,
               std::span<const double> saliences, std::span<double> scratch);

// Asymmetric Nash bargaining solution on one issue: maximises
//   sum_i w_i s_i log(u_i(y) - d_i),  u_i(y) = 1 - |y - x_i| / span   (linear)
//                                    u_i(y) = 1 - ((y - x_i) / span)^2 (quadratic)
// over y, where d_i = disagreement[i] is actor i's utility without a deal. Solved by
// bisection on the (sub)gradient to an interval narrower than 1e-12 * span. Returns
// Status::no_agreement when no y gives every actor with positive weight u_i(y) > d_i.
Outcome nash(std::span<const double> weights, std::span<const double> positions,
             std::span<const double> saliences, std::span<const double> disagreement, double span,
             Loss loss = Loss::linear);

// Joint multi-issue Nash with linear loss (MODEL.md sections 1 and 6): maximises
//   sum_i b_i log(u_i(y) - d_i),  u_i(y) = 1 - sum_k v_ik |y_k - x_ik|,  v_ik = w_ik / span_k,
// over y in R^K. `positions` and `issue_weights` (w_ik) are n x K, row-major by actor.
struct JointNashResult {
  Status status = Status::ok;
  int sweeps = 0;          // coordinate sweeps used (phase one and two together)
  double max_slope = 0;    // largest one-sided directional derivative along any axis at the answer
};
JointNashResult nash_joint(std::span<const double> weights, std::span<const double> positions,
                           std::span<const double> issue_weights,
                           std::span<const double> disagreement, std::span<const double> spans,
                           std::span<double> y, std::span<double> scratch);

// Scratch doubles nash_joint needs for n actors and K issues.
constexpr std::size_t nash_joint_scratch_size(std::size_t n, std::size_t k) { return 3 * n + k; }

}  // namespace parley::bargain
