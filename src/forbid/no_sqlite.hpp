// Forced into every module but store/: SQLite is the store's business alone, so its header's
// names are poisoned here and including <sqlite3.h> anywhere else fails to compile.
#pragma once
#pragma GCC poison sqlite3 sqlite3_stmt
