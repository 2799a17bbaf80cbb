// Helpers shared by tests that run the parley command or read files it wrote.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace parley::test {

// The standard output of a shell command; its exit status in *status (-1 when it did not exit).
inline std::string capture(const std::string& cmd, int* status = nullptr) {
  std::string out;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (!pipe) return out;
  std::array<char, 4096> buf{};
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
  const int raw = ::pclose(pipe);
  if (status) *status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return out;
}

// A whole file as text ("" when it cannot be read).
inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// What a run of the parley command printed and how it ended.
struct CommandResult {
  int status = -1;  // exit status, or -1 when killed by a signal
  std::string out, err;
};

// Runs the parley binary with `args` (already shell-quoted), capturing stdout and stderr.
// With `file_limit_kib` > 0 every file it writes is limited to that size (RLIMIT_FSIZE) and
// SIGXFSZ is ignored, so a write past the limit fails with EFBIG as one to a full disk fails
// with ENOSPC.
inline CommandResult run_parley(const std::string& args, int file_limit_kib = 0) {
  static int calls = 0;  // ctest runs each test in its own process: pid and counter are unique
  const auto err = std::filesystem::temp_directory_path() /
                   ("parley_test_" + std::to_string(::getpid()) + "_" + std::to_string(++calls) + ".err");
  const std::string binary = std::string("'") + PARLEY_BINARY + "'";
  const std::string command =
      file_limit_kib > 0 ? "bash -c 'trap \"\" XFSZ; ulimit -f " + std::to_string(file_limit_kib) +
                               "; exec \"$0\" \"$@\"' " + binary
                         : binary;
  CommandResult r;
  r.out = capture(command + " " + args + " 2>'" + err.string() + "'", &r.status);
  r.err = slurp(err);
  std::filesystem::remove(err);
  return r;
}

}  // namespace parley::test
