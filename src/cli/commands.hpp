// The subcommands of the parley command, each a plain function over its options.
// Only main.cpp sees CLI11; the commands are ordinary code and can be tested as such.
#pragma once

#include <string>
#include <vector>

namespace parley::cli {

// Exit statuses shared by every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;       // the command ran and failed (I/O, internal)
inline constexpr int kExitInvalidInput = 2;  // the input files are invalid
inline constexpr int kExitNotBuilt = 3;      // the subcommand exists in the plan but not yet

struct ValidateOptions {
  std::vector<std::string> files;
  bool quiet = false;  // errors only, no summary
};
int validate(const ValidateOptions& options);

struct BargainOptions {
  std::string table;
  std::string model = "eum";
  std::string preset = "scholz";
  int rounds = -1;  // -1: the model's default stopping rule
  std::string format = "text";
  std::string salience_scale = "auto";
};
int bargain(const BargainOptions& options);

}  // namespace parley::cli
