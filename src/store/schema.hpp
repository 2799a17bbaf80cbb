// The results database schema, and reading and writing the tables other than runs.
#pragma once

#include <string>

#include "parley/analysis.hpp"
#include "parley/results_store.hpp"
#include "store/sqlite.hpp"

namespace parley::store {

// Bumped whenever a table or column changes meaning; stored in PRAGMA user_version.
inline constexpr int kSchemaVersion = 6;
// Stored in PRAGMA application_id: marks the file as a parley results database.
inline constexpr int kApplicationId = 0x70726c79;  // "prly"

// The monthly table's p_<state> columns, one per talks state in TalksState order, each
// followed by `type` (" REAL" in CREATE, "" in SELECT).
std::string talks_columns(const std::string& type);

// The runs table's columns after civilian_deaths that every scenario has (version 2 of the
// model), in order, as in CREATE.
inline constexpr const char* kRunPowerColumns =
    "victory_by, cascades, first_cascade, cascade_regions, cascade_months, exit_deals, first_exit_deal, splinters, "
    "splinter_fighters, shocks, capitals_lost";
inline constexpr int kRunPowerColumnCount = 11;

// CREATE statements for every table; runs gets one term column per issue, one share and one
// camp_deaths column per camp.
std::string schema_sql(const Scenario& scenario);

// The experiment row; SqliteError when the file is not a parley results database.
ExperimentInfo read_experiment(Database& db, const std::string& path);

// monthly, monthly_control, region_control, survival, monthly_agenda and monthly_victory rows
// of one variant.
void write_aggregates(Database& db, const std::string& variant, const Scenario& scenario,
                      const VariantAggregate& aggregate);

}  // namespace parley::store
