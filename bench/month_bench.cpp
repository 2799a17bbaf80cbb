// The month step on a flagship-sized world (34 regions, 10 actors, 4 issues, 2 camps, compromise), whole and by stage.
// Run: taskset -c 0 build/release/bench/parley_bench --benchmark_filter='BM_StepMonth|BM_Stage|BM_SimulateRun120'
// (BM_StageBreakdown reports ns per month per stage as counters; the target is 4 us per month.)
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "parley/scenario_loader.hpp"
#include "parley/simulation.hpp"
#include "sim/detail/stages.hpp"

namespace {

using namespace parley;

// A scenario the size of the Afghanistan flagship, built in code: 34 provinces with
// populations, terrain and control varying deterministically, four belligerents (two per
// camp), two political actors, two patrons (one with a pressure schedule and spoiler
// capacity), a mediator and a civil actor; four issues; a few dated events. Victory and
// peace are made unlikely so that a run lasts its 120 months.
std::string flagship_yaml() {
  std::string y = R"(
meta:
  name: Flagship-sized benchmark
  start: 2015-05
  months: 120
  season: [0.5, 0.5, 0.7, 1.0, 1.2, 1.3, 1.3, 1.3, 1.2, 1.0, 0.8, 0.6]
  parameters: {open_rate: 0.05, durable_months: 24, victory_control: 0.99, victory_min_forces: 10}
issues:
  - {id: power, label: Insurgent share of power, status_quo: 0}
  - {id: troops, label: Foreign troops, status_quo: 80}
  - {id: rights, label: Rights, status_quo: 70}
  - {id: federal, label: Federalism, status_quo: 30}
camps:
  - {id: government, victory_terms: {power: 0, troops: 80, rights: 80, federal: 30}}
  - {id: insurgency, victory_terms: {power: 100, troops: 0, rights: 10, federal: 60}}
actors:
  - {id: gov, role: belligerent, camp: government, clout: 1, military_share: 0.7, effectiveness: 1.1,
     positions: {power: 10, troops: 80, rights: 80, federal: 30}, salience: {power: 0.9, troops: 0.6, rights: 0.5, federal: 0.4},
     cost_of_war: 0.002, belief: {mean: 0.6, strength: 20}, funding_ceiling: 400000,
     strategy: {talks: two_track}}
  - {id: militia, role: belligerent, camp: government, clout: 0.3, military_share: 0.9,
     positions: {power: 20, troops: 60, rights: 50, federal: 70}, salience: {power: 0.7, troops: 0.3, rights: 0.2, federal: 0.9},
     cost_of_war: 0.001, belief: {mean: 0.55, strength: 10}, strategy: {talks: two_track}}
  - {id: taliban, role: belligerent, camp: insurgency, clout: 0.9, military_share: 0.9, allocation: contest,
     positions: {power: 85, troops: 0, rights: 15, federal: 50}, salience: {power: 0.8, troops: 1.0, rights: 0.6, federal: 0.3},
     cost_of_war: 0.002, belief: {mean: 0.55, strength: 20},
     strategy: {tempo: [1, 1, 1, 1.5, 1.5, 1.5, 1.3, 1.3, 1.2, 1, 1, 1], leverage_seeking: 1.2}}
  - {id: haqqani, role: belligerent, camp: insurgency, clout: 0.4, military_share: 0.95, allocation: contest,
     positions: {power: 95, troops: 0, rights: 5, federal: 40}, salience: {power: 0.9, troops: 1.0, rights: 0.3, federal: 0.2},
     cost_of_war: 0.001, belief: {mean: 0.6, strength: 15}, strategy: {talks: fight_first}}
  - {id: abdullah, role: political, camp: government, clout: 0.5,
     positions: {power: 20, troops: 70, rights: 75, federal: 50}, salience: {power: 0.6, troops: 0.4, rights: 0.6, federal: 0.8}}
  - {id: ulema, role: political, camp: insurgency, clout: 0.3,
     positions: {power: 60, troops: 20, rights: 30, federal: 50}, salience: {power: 0.5, troops: 0.5, rights: 0.7, federal: 0.2}}
  - {id: usa, role: patron, camp: government, clout: 2,
     positions: {power: 20, troops: 60, rights: 85, federal: 40}, salience: {power: 0.5, troops: 0.8, rights: 0.6, federal: 0.1}}
  - {id: pakistan, role: patron, camp: insurgency, clout: 1, spoiler_capacity: 0.3,
     positions: {power: 60, troops: 0, rights: 30, federal: 60}, salience: {power: 0.7, troops: 0.9, rights: 0.1, federal: 0.5}}
  - {id: qatar, role: mediator, positions: {power: 50, troops: 30, rights: 50, federal: 50}, salience: {power: 0.3, troops: 0.3, rights: 0.3, federal: 0.3}}
  - {id: activists, role: civil, positions: {power: 5, troops: 50, rights: 100, federal: 50}, salience: {power: 0.5, troops: 0.2, rights: 1, federal: 0.3}}
patrons:
  - {patron: usa, client: gov, support: 800, leverage: 0.3, lag: 3, pressure: 0.1}
  - patron: pakistan
    client: taliban
    support: 300
    leverage: 0.6
    lag: 6
    pressure: [{from: 2015-05, value: 0.2}, {from: 2016-09, value: 0.5}, {from: 2019-01, value: 0.3}]
talks:
  participants: [gov, abdullah, taliban, activists]
  mediator: qatar
  mediator_factor: 1.5
  guarantors: [{actor: usa, strength: 0.05}]
  model: compromise
events:
  - {date: 2016-03, set: {parameter: open_rate, value: 0.1}}
  - {date: 2017-06, forces: {actor: gov, change: -5000}}
  - {date: 2018-02, shock: 0.3}
  - {date: 2019-07, scale: {parameter: taliban.cost_of_war, factor: 1.5}}
regions:
)";
  std::uint64_t x = 12345;
  auto next = [&x] {  // a small LCG for varied but fixed region data
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<double>(x >> 11) * 0x1.0p-53;
  };
  for (int r = 0; r < 34; ++r) {
    const double pop = 200000 + 3800000 * next() * next();
    const double gov_share = 0.1 + 0.8 * next();
    const double terrain = 0.1 + 0.8 * next();
    const double f_gov = 2000 + 10000 * gov_share * next(), f_mil = 500 + 2000 * next();
    const double f_tal = 1000 + 8000 * (1 - gov_share) * next(), f_haq = 200 + 1500 * next();
    y += "  - {id: p" + std::to_string(r) + ", population: " + std::to_string(static_cast<long>(pop)) +
         ", terrain: " + std::to_string(terrain) + ", control: {government: " + std::to_string(gov_share) +
         ", insurgency: " + std::to_string(1 - gov_share) + "}, forces: {gov: " + std::to_string(static_cast<long>(f_gov)) +
         ", militia: " + std::to_string(static_cast<long>(f_mil)) + ", taliban: " + std::to_string(static_cast<long>(f_tal)) +
         ", haqqani: " + std::to_string(static_cast<long>(f_haq)) + "}}\n";
  }
  return y;
}

ScenarioSet load_bench(const std::string& yaml) {
  LoadResult r = load_scenario_text(yaml, "flagship-bench.yaml");
  if (!r.scenarios) throw std::runtime_error("benchmark scenario does not load:\n" + r.diagnostics.str());
  return std::move(*r.scenarios);
}

const Scenario& flagship() {
  static const ScenarioSet set = load_bench(flagship_yaml());
  return set.base;
}

// The same world with every version 2 mechanism switched off (the version 1 settings of
// property 22: the power settings and the version 1 talks settings, as in
// tests/data/scenarios/v1/), and with every one on: a capital, an outside belligerent with war
// weariness and its exit track, and two shocks (MODEL.md 11-16).
const Scenario& flagship_v1() {
  static const ScenarioSet set = [] {
    std::string y = flagship_yaml();
    const std::string from = "parameters: {";
    y.replace(y.find(from), from.size(), "parameters: {standing_population_weight: 1, cohesion_rate: 0, collapse_threshold: 0, "
                                         "stake_pressure_max: 0, exit_deals: 0, opening_toughness: 0, "
                                         "concession_rate: 0, closing_tolerance: 100, talks_learning: 0, "
                                         "violence_derail: 0, ");
    return load_bench(y);
  }();
  return set.base;
}

const Scenario& flagship_all_on() {
  static const ScenarioSet set = [] {
    Scenario s = load_bench(flagship_yaml()).base;
    // Built on the loaded scenario (the loader's latent camps are not needed for the cost of a
    // month without a signing): a capital, an outside belligerent, two shocks with hazards.
    s.camps[0].capital = 0;
    for (int i = 0; i < static_cast<int>(s.actors.size()); ++i) {
      Actor& a = s.actors[static_cast<std::size_t>(i)];
      if (a.role != Role::belligerent || a.camp != 0) continue;
      a.outside = true;
      a.weariness_per_year = 0.001;
      TalksSetup exit;  // its own deal with the insurgents on foreign troops (MODEL.md 14)
      exit.id = "exit";
      exit.kind = TrackKind::exit;
      exit.backer = i;
      exit.participants = {i, s.actor_index("taliban")};
      exit.agenda = {{s.issue_index("troops")}};
      s.tracks.push_back(exit);
      break;
    }
    for (int n = 0; n < 2; ++n) {
      Shock sh;
      sh.id = "s" + std::to_string(n);
      sh.hazard = 0.05;
      Event e;
      e.kind = EventKind::deaths;
      e.value = 50;
      sh.effects.push_back(e);
      s.shocks.push_back(sh);
    }
    ScenarioSet out;
    out.base = std::move(s);
    return out;
  }();
  return set.base;
}

void BM_StepMonthOf(benchmark::State& state, const Scenario& s) {
  std::uint64_t run = 0;
  auto start = [&] {
    sim::World w = sim::make_world(s, 1, run);
    sim::value_war(w);
    sim::compute_deal(w);
    return w;
  };
  sim::World w = start();
  for (auto _ : state) {
    if (w.ended || w.month >= s.months) {
      state.PauseTiming();
      ++run;
      w = start();
      state.ResumeTiming();
    }
    sim::step_month(w);
    ++w.month;
  }
}
void BM_StepMonthV1Settings(benchmark::State& state) { BM_StepMonthOf(state, flagship_v1()); }
BENCHMARK(BM_StepMonthV1Settings);
void BM_StepMonthAllMechanisms(benchmark::State& state) { BM_StepMonthOf(state, flagship_all_on()); }
BENCHMARK(BM_StepMonthAllMechanisms);

// A world as simulate_run prepares it before month 0.
sim::World start_world(std::uint64_t seed, std::uint64_t run) {
  sim::World w = sim::make_world(flagship(), seed, run);
  sim::value_war(w);
  sim::compute_deal(w);
  return w;
}

// Replaces a world whose run has ended (or reached the horizon) with a fresh one for the
// next run, outside the timing; true when it did.
bool restart_if_done(benchmark::State& state, sim::World& w, std::uint64_t& run) {
  if (!w.ended && w.month < flagship().months) return false;
  state.PauseTiming();
  w = start_world(1, ++run);
  state.ResumeTiming();
  return true;
}

// The whole month step, month after month; a run that ends (or reaches 120 months) is
// restarted from a fresh world with the next run number, outside the timing.
void BM_StepMonth(benchmark::State& state) {
  std::uint64_t run = 0;
  sim::World w = start_world(1, run);
  std::int64_t restarts = 0;
  for (auto _ : state) {
    if (restart_if_done(state, w, run)) ++restarts;
    sim::step_month(w);
    ++w.month;
  }
  state.counters["restarts"] = static_cast<double>(restarts);
  state.counters["months/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_StepMonth);

// The same month step, stage by stage, in step_month's order, each stage timed with the
// steady clock (about 20 ns of clock overhead per stage is included in each figure).
// Counters: mean nanoseconds per month spent in each stage.
void BM_StageBreakdown(benchmark::State& state) {
  using clock = std::chrono::steady_clock;
  constexpr int kStages = 10;
  const char* names[kStages] = {"apply_events", "update_pressure", "set_tempo", "fight", "update_beliefs",
                                "update_forces", "check_victory", "value_war", "compute_deal", "step_talks"};
  double ns[kStages] = {};
  std::uint64_t run = 0;
  sim::World w = start_world(1, run);
  std::int64_t months = 0;
  for (auto _ : state) {
    restart_if_done(state, w, run);
    w.calendar = (flagship().start.month - 1 + w.month) % 12;
    auto t0 = clock::now();
    auto lap = [&](int stage) {
      auto t1 = clock::now();
      ns[stage] += std::chrono::duration<double, std::nano>(t1 - t0).count();
      t0 = t1;
    };
    sim::apply_events(w);
    lap(0);
    sim::update_pressure(w);
    lap(1);
    sim::set_tempo(w);
    lap(2);
    sim::fight(w);
    lap(3);
    sim::update_beliefs(w);
    lap(4);
    sim::update_forces(w);
    lap(5);
    const bool victory = sim::check_victory(w);
    lap(6);
    if (victory) {
      w.ended = true;
    } else {
      sim::value_war(w);
      lap(7);
      sim::compute_deal(w);
      lap(8);
      sim::step_talks(w);
      sim::learn_at_table(w);
      lap(9);
      if (w.talks.tracks.front().state == TalksState::peace) w.ended = true;
    }
    ++w.month;
    ++months;
  }
  for (int s = 0; s < kStages; ++s) state.counters[names[s]] = months > 0 ? ns[s] / static_cast<double>(months) : 0.0;
}
BENCHMARK(BM_StageBreakdown);

// Stages in isolation on the world after 12 months of war. Stages that change the world
// (fight, update_forces, update_beliefs, step_talks) get the month-12 state back before
// each call by copying the fields they change into the existing vectors (no allocation);
// BM_Stage_restore_only measures that copy, to be subtracted.
struct Snapshot {
  sim::World w;
  Snapshot() : w(start_world(1, 0)) {
    for (w.month = 0; w.month < 12 && !w.ended; ++w.month) sim::step_month(w);
    w.calendar = (flagship().start.month - 1 + w.month) % 12;
  }
};

const sim::World& month12() {
  static const Snapshot s;
  return s.w;
}

void restore(sim::World& w, const sim::World& from) {
  std::copy(from.region.forces.values().begin(), from.region.forces.values().end(), w.region.forces.values().begin());
  std::copy(from.region.control.values().begin(), from.region.control.values().end(), w.region.control.values().begin());
  std::copy(from.actor.alpha.begin(), from.actor.alpha.end(), w.actor.alpha.begin());
  std::copy(from.actor.beta.begin(), from.actor.beta.end(), w.actor.beta.begin());
  std::copy(from.actor.strength.begin(), from.actor.strength.end(), w.actor.strength.begin());
  for (std::size_t t = 0; t < w.talks.tracks.size(); ++t) {
    w.talks.tracks[t].state = from.talks.tracks[t].state;
    w.talks.tracks[t].agreement_age = from.talks.tracks[t].agreement_age;
    w.talks.tracks[t].item_closed = from.talks.tracks[t].item_closed;
    w.talks.tracks[t].item = from.talks.tracks[t].item;
    std::copy(from.talks.tracks[t].demand.values().begin(), from.talks.tracks[t].demand.values().end(),
              w.talks.tracks[t].demand.values().begin());
  }
  w.result.battle_deaths = from.result.battle_deaths;
}

template <void (*Stage)(sim::World&), bool kRestore>
void BM_Stage(benchmark::State& state) {
  const sim::World& base = month12();
  sim::World w = base;
  for (auto _ : state) {
    if constexpr (kRestore) restore(w, base);
    Stage(w);
    benchmark::ClobberMemory();
  }
}

void restore_only(sim::World&) {}
void check_victory_stage(sim::World& w) { benchmark::DoNotOptimize(sim::check_victory(w)); }
void step_talks_stage(sim::World& w) { sim::step_talks(w); }
void apply_events_stage(sim::World& w) { sim::apply_events(w); }

BENCHMARK(BM_Stage<restore_only, true>)->Name("BM_Stage_restore_only");
BENCHMARK(BM_Stage<apply_events_stage, false>)->Name("BM_Stage_apply_events");
BENCHMARK(BM_Stage<sim::update_pressure, false>)->Name("BM_Stage_update_pressure");
BENCHMARK(BM_Stage<sim::set_tempo, false>)->Name("BM_Stage_set_tempo");
BENCHMARK(BM_Stage<sim::fight, true>)->Name("BM_Stage_fight");
BENCHMARK(BM_Stage<sim::update_beliefs, true>)->Name("BM_Stage_update_beliefs");
BENCHMARK(BM_Stage<sim::update_forces, true>)->Name("BM_Stage_update_forces");
BENCHMARK(BM_Stage<check_victory_stage, false>)->Name("BM_Stage_check_victory");
BENCHMARK(BM_Stage<sim::value_war, false>)->Name("BM_Stage_value_war");
BENCHMARK(BM_Stage<sim::compute_deal, false>)->Name("BM_Stage_compute_deal");
BENCHMARK(BM_Stage<step_talks_stage, true>)->Name("BM_Stage_step_talks");

// A whole run of 120 months (or until it ends), as `parley run` does it, without a trace.
void BM_SimulateRun120(benchmark::State& state) {
  const Scenario& s = flagship();
  std::uint64_t run = 0;
  double months = 0;
  for (auto _ : state) {
    RunResult r = simulate_run(s, RunOptions{1, run++, nullptr});
    months += r.months_simulated;
    benchmark::DoNotOptimize(r.battle_deaths);
  }
  state.counters["months_per_run"] = months / static_cast<double>(state.iterations());
}
BENCHMARK(BM_SimulateRun120)->Unit(benchmark::kMicrosecond);

}  // namespace
