// Names both ways from one table per enum: every name parses back to its value, and the
// scenario reader's choices and messages come from the same tables.
#include <gtest/gtest.h>

#include "parley/bargain.hpp"
#include "parley/enum_names.hpp"
#include "parley/results_reader.hpp"
#include "parley/scenario.hpp"
#include "parley/scenario_loader.hpp"
#include "parley/simulation.hpp"

namespace {

template <typename E>
void round_trips() {
  using parley::enum_names;
  const auto& table = enum_names(E{});  // found beside E by argument-dependent lookup
  for (const auto& [value, name] : table) {
    EXPECT_EQ(parley::enum_name(value), name);
    EXPECT_EQ(parley::parse_enum<E>(name), value) << name;
  }
  EXPECT_FALSE(parley::parse_enum<E>("no-such-name").has_value());
  EXPECT_EQ(parley::enum_choices<E>().size(), table.size());
}

TEST(EnumNames, EveryTableRoundTrips) {
  round_trips<parley::Role>();
  round_trips<parley::TalksPolicy>();
  round_trips<parley::Allocation>();
  round_trips<parley::SupportUnit>();
  round_trips<parley::TalksState>();
  round_trips<parley::OutsideOption>();
  round_trips<parley::EventKind>();
  round_trips<parley::RunOutcome>();
  round_trips<parley::SourceRole>();
  round_trips<parley::SurvivalEvent>();
  round_trips<parley::bargain::Model>();
  round_trips<parley::bargain::Loss>();
}

TEST(EnumNames, ToStringReadsTheTables) {
  EXPECT_STREQ(parley::to_string(parley::TalksState::formal), "formal");
  EXPECT_STREQ(parley::to_string(parley::EventKind::talks_state), "talks");
  EXPECT_STREQ(parley::to_string(parley::RunOutcome::victory), "victory");
  EXPECT_EQ(parley::bargain::to_string(parley::bargain::Model::nash), "nash");
  // One enum for the model and one for the loss, shared by the scenario and the kernels.
  static_assert(std::is_same_v<parley::BargainModelKind, parley::bargain::Model>);
  static_assert(std::is_same_v<parley::UtilityLoss, parley::bargain::Loss>);
}

TEST(EnumNames, TheReaderOffersTheTablesNames) {
  const std::string yaml = R"(meta: {name: x, start: 2020-01, months: 12}
talks: {state: formall, model: nassh}
)";
  const parley::LoadResult r = parley::load_scenario_text(yaml, "e.yaml");
  const std::string all = r.diagnostics.str();
  EXPECT_NE(all.find("expected one of 'closed', 'exploratory', 'formal', 'agreement', 'peace' or 'collapsed' (did you mean "
                     "'formal'?)"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("expected one of 'compromise', 'median', 'nash', 'eum' or 'smp' (did you mean 'nash'?)"), std::string::npos) << all;
}

TEST(YearMonth, WrittenInOnePlace) {
  EXPECT_EQ((parley::YearMonth{2015, 5}).to_string(), "2015-05");
  EXPECT_EQ((parley::YearMonth{2015, 5}).plus(8).to_string(), "2016-01");
  EXPECT_EQ((parley::YearMonth{987, 12}).to_string(), "0987-12");
}

}  // namespace
