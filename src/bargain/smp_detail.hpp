// The formulas of KTAB's SMP one by one, exposed for the unit tests that check each option
// by hand (tests/unit/bargain_smp_test.cpp). Not part of the public API.
#pragma once

#include <utility>
#include <vector>

#include "parley/bargain_smp.hpp"

namespace parley::bargain::smp_detail {

// Model::vote: the vote of weight w for an option worth ui against one worth uj.
double vote(SmpVotingRule vr, double w, double ui, double uj);
// SMPModel::bsUtil: (1 - d)(1 + d R), and (1 - d)(1 + R) beyond d = 1.
double bs_util(double sd, double r);
// Model::estNRA: h's estimate of i's risk attitude.
double est_nra(SmpBigRAdjust ra, double rh, double ri);
// Model::bigRfromProb for one actor.
double big_r(SmpBigRRange rr, double p, double pmin, double pmax);
// Model::vProb: (P[1 > 2], P[2 > 1]) from coalition strengths.
std::pair<double, double> victory(SmpVictoryProb vpm, double s1, double s2);
// Model::probCE2: the PCE distribution from coalition strengths c (m x m); vp receives P[i > j].
std::vector<double> pce(SmpPce model, SmpVictoryProb vpm, const std::vector<double>& c, std::size_t m,
                        std::vector<double>& vp);
// Actor::thirdPartyVoteSU: n's vote for i over j, given its estimate pin that i wins with it.
double third_party_vote(SmpCommit commit, SmpVotingRule vr, double wn, double pin, double uni, double unj,
                        double unn);

// SMPActor::interpBrgnSnPm / interpBrgnS2PMax on one dimension: the positions offered to i
// and to j, from their positions t, saliences s and estimated chances p.
std::pair<double, double> interpolate_dim(SmpInterp ivb, double ti, double si, double pi, double tj, double sj,
                                          double pj);

}  // namespace parley::bargain::smp_detail
