// The narrative of a run: one sentence per run event, dated, in the words the trace has
// always used. The model only records what happened (sim/); the wording lives here.
#include "parley/narrative.hpp"

#include <fmt/format.h>

namespace parley {

namespace {

std::string date(const Scenario& s, int month) { return s.start.plus(month).to_string(); }

const std::string& camp_name(const Scenario& s, int c) { return s.camps[static_cast<std::size_t>(c)].name; }

std::string terms_text(const Scenario& s, const std::vector<double>& terms) {
  std::string out;
  for (std::size_t k = 0; k < terms.size() && k < s.issues.size(); ++k)
    out += fmt::format("{}{} {:.1f}", k ? ", " : "", s.issues[k].label, terms[k]);
  return out;
}

const std::string& actor_name(const Scenario& s, int i) { return s.actors[static_cast<std::size_t>(i)].name; }

// Demands or a package on track e.track, one value per issue: at an exit track only its
// agenda's issues (the others are not part of the deal), else every issue.
std::string table_text(const Scenario& s, const RunEvent& e) {
  const auto t = static_cast<std::size_t>(e.track);
  if (t >= s.tracks.size() || s.tracks[t].kind != TrackKind::exit) return terms_text(s, e.values);
  std::string out;
  for (const auto& item : s.tracks[t].agenda)
    for (int k : item)
      if (static_cast<std::size_t>(k) < e.values.size())
        out += fmt::format("{}{} {:.1f}", out.empty() ? "" : ", ", s.issues[static_cast<std::size_t>(k)].label,
                           e.values[static_cast<std::size_t>(k)]);
  return out;
}

// The terms of an agenda item: its issues in agenda order.
std::string item_text(const Scenario& s, const RunEvent& e) {
  const TalksSetup& t = static_cast<std::size_t>(e.track) < s.tracks.size() ? s.tracks[static_cast<std::size_t>(e.track)] : s.talks();
  std::vector<int> issues;
  if (t.agenda.empty()) {
    for (std::size_t k = 0; k < s.issues.size(); ++k) issues.push_back(static_cast<int>(k));
  } else if (e.index >= 0 && static_cast<std::size_t>(e.index) < t.agenda.size()) {
    issues = t.agenda[static_cast<std::size_t>(e.index)];
  }
  std::string out;
  for (std::size_t n = 0; n < issues.size() && n < e.values.size(); ++n)
    out += fmt::format("{}{} {:.1f}", n ? ", " : "", s.issues[static_cast<std::size_t>(issues[n])].label, e.values[n]);
  return out;
}

std::string sentence(const Scenario& s, const RunEvent& e) {
  switch (e.kind) {
    case RunEventKind::scripted_note: return s.events[static_cast<std::size_t>(e.index)].note;
    case RunEventKind::talks_scripted: return fmt::format("Talks set to {} by a scripted event.", to_string(e.state));
    case RunEventKind::talks_opened: return "Exploratory talks open.";
    case RunEventKind::formal_opened: return "Formal talks open.";
    case RunEventKind::talks_broke_down: return "Talks break down.";
    case RunEventKind::talks_stalled:
      if (e.state == TalksState::formal && e.index >= 0)
        return fmt::format("Talks stall: {} months formal without an agreement; on agenda item {} the demands are still "
                           "{:.1f} points apart.", e.months, e.index + 1, e.value);
      return fmt::format("Talks stall: {} months {} without progress.", e.months, to_string(e.state));
    case RunEventKind::agreement_signed:
      return fmt::format("Agreement signed{}: {}.", e.scripted ? " (scripted)" : "", terms_text(s, e.values));
    case RunEventKind::defection:
      return fmt::format("{} defects: the agreement collapses and war resumes.",
                         s.actors[static_cast<std::size_t>(e.actor)].name);
    case RunEventKind::durable_peace: return fmt::format("The agreement has held {} months: durable peace.", e.months);
    case RunEventKind::offensive_begins:
      return fmt::format("Offensive begins: {} (tempo {:.2f}).", camp_name(s, e.camp), e.value);
    case RunEventKind::offensive_ends: return fmt::format("Offensive ends: {}.", camp_name(s, e.camp));
    case RunEventKind::changed_hands:
      return fmt::format("{} changes hands: {} -> {} ({:.0f}% held).", s.regions[static_cast<std::size_t>(e.region)].name,
                         camp_name(s, e.other), camp_name(s, e.camp), 100 * e.value);
    case RunEventKind::victory: {
      const auto by = static_cast<VictoryKind>(e.index < 0 ? 0 : e.index);
      const char* how = by == VictoryKind::collapse  ? " by the enemy's collapse"
                        : by == VictoryKind::capital ? " by taking the enemy's capital"
                                                     : "";
      return fmt::format("Military victory{}: {} holds {:.0f}% of the population.", how, camp_name(s, e.camp), 100 * e.value);
    }
    case RunEventKind::collapse:
      return fmt::format("Collapse: {} loses {:.0f} fighters in {} region{} to surrender, desertion and defection.",
                         camp_name(s, e.camp), e.value, e.months, e.months == 1 ? "" : "s");
    case RunEventKind::capital_lost:
      return fmt::format("{} loses its capital, {}, to {}.", camp_name(s, e.camp),
                         s.regions[static_cast<std::size_t>(e.region)].name, camp_name(s, e.other));
    case RunEventKind::exit_talks_opened:
      return fmt::format("{} opens talks on its own exit with {}.", s.actors[static_cast<std::size_t>(e.actor)].name,
                         e.camp >= 0 ? camp_name(s, e.camp) : std::string("the enemy"));
    case RunEventKind::exit_deal_signed: {
      // The terms on the exit track's agenda, in its order.
      std::string terms;
      if (e.track >= 0 && static_cast<std::size_t>(e.track) < s.tracks.size()) {
        std::size_t n = 0;
        for (const auto& item : s.tracks[static_cast<std::size_t>(e.track)].agenda)
          for (int k : item)
            if (n < e.values.size()) {
              terms += fmt::format("{}{} {:.1f}", n ? ", " : " (", s.issues[static_cast<std::size_t>(k)].label, e.values[n]);
              ++n;
            }
        if (n) terms += ")";
      }
      return fmt::format("{} signs an exit deal with {}{}: its support ends and its forces leave over {} months.",
                         s.actors[static_cast<std::size_t>(e.actor)].name,
                         e.camp >= 0 ? camp_name(s, e.camp) : std::string("the enemy"), terms, e.months);
    }
    case RunEventKind::withdrawal_done:
      return fmt::format("{} has withdrawn.", s.actors[static_cast<std::size_t>(e.actor)].name);
    case RunEventKind::splinter:
      return fmt::format("Hardliners of {} reject the agreement and split off as {} with {:.0f} fighters.",
                         s.actors[static_cast<std::size_t>(e.actor)].name, camp_name(s, e.camp), e.value);
    case RunEventKind::shock: {
      const Shock& sh = s.shocks[static_cast<std::size_t>(e.index)];
      return sh.note.empty() ? fmt::format("Shock: {}.", sh.id) : sh.note;
    }
    case RunEventKind::demands_opened:
      return fmt::format("{} opens with demands: {}.", actor_name(s, e.actor), table_text(s, e));
    case RunEventKind::item_closed:
      return fmt::format("Agenda item {} closes (held until everything is agreed): {}.", e.index + 1, item_text(s, e));
    case RunEventKind::item_reopened:
      return fmt::format("The package leaves {} worse off than war ({:+.3f}): agenda item {} reopens.",
                         actor_name(s, e.actor), e.value, e.index + 1);
    case RunEventKind::package_signed:
      return fmt::format("A package is initialled and goes to {} for approval in {} months: {}.", actor_name(s, e.actor),
                         e.months, table_text(s, e));
    case RunEventKind::ratified:
      return fmt::format("{} approves the package (chance {:.0f}%).", actor_name(s, e.actor), 100 * e.value);
    case RunEventKind::rejected:
      return fmt::format("{} rejects the package (chance of approval {:.0f}%): talks reopen with its demands at the table.",
                         actor_name(s, e.actor), 100 * e.value);
    case RunEventKind::posture_set:
      return fmt::format("{} holds its fighting tempo at {:.2f} for {} months.", actor_name(s, e.actor), e.value, e.months);
    case RunEventKind::run_ended: {
      const std::string end = e.outcome == RunOutcome::victory ? fmt::format("victory for {}", camp_name(s, e.camp))
                                                               : std::string(to_string(e.outcome));
      return fmt::format("End of run: {} after {} months; {:.0f} battle deaths.", end, e.months, e.value);
    }
  }
  return "?";
}

// Events on a table, named by their track when the scenario has several.
bool talks_event(RunEventKind k) {
  switch (k) {
    case RunEventKind::talks_scripted:
    case RunEventKind::talks_opened:
    case RunEventKind::formal_opened:
    case RunEventKind::talks_broke_down:
    case RunEventKind::talks_stalled:
    case RunEventKind::agreement_signed:
    case RunEventKind::defection:
    case RunEventKind::durable_peace:
    case RunEventKind::demands_opened:
    case RunEventKind::item_closed:
    case RunEventKind::item_reopened:
    case RunEventKind::package_signed:
    case RunEventKind::ratified:
    case RunEventKind::rejected: return true;
    default: return false;
  }
}

}  // namespace

std::string narrate(const Scenario& scenario, const RunEvent& event) {
  std::string prefix;
  if (scenario.tracks.size() > 1 && talks_event(event.kind) && static_cast<std::size_t>(event.track) < scenario.tracks.size())
    prefix = "[" + scenario.tracks[static_cast<std::size_t>(event.track)].id + "] ";
  return date(scenario, event.month) + "  " + prefix + sentence(scenario, event);
}

std::vector<std::string> narrate(const Scenario& scenario, const RunLog& log) {
  std::vector<std::string> lines;
  lines.reserve(log.events.size());
  for (const RunEvent& e : log.events) lines.push_back(narrate(scenario, e));
  return lines;
}

}  // namespace parley
