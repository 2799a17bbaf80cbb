// Must NOT compile: a module other than store/ using SQLite.
#include <sqlite3.h>
