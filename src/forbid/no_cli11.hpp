// Forced into every module but cli/: the command line's library (CLI11) stays in the command,
// so its namespace is poisoned here and including <CLI/CLI.hpp> anywhere else fails to compile.
#pragma once
#pragma GCC poison CLI
