// A thin RAII layer over the SQLite C API: a connection, prepared statements, typed errors.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace parley::store {

// Any SQLite failure, with the operation and SQLite's own message, SQLite's extended result
// code and the errno of the last failed system call (0 when there was none).
class SqliteError : public std::runtime_error {
 public:
  explicit SqliteError(const std::string& what, int code = SQLITE_ERROR, int system_errno = 0)
      : std::runtime_error(what), code_(code), system_errno_(system_errno) {}
  int code() const { return code_; }
  int system_errno() const { return system_errno_; }
  // The disk is full or the file size limit was hit: SQLITE_FULL, or an I/O error whose
  // system call failed with ENOSPC, EFBIG or EDQUOT.
  bool out_of_space() const;
  // "the disk is full (...)" / "the file size limit was reached (...)" for out_of_space(),
  // otherwise what().
  std::string reason() const;

 private:
  int code_;
  int system_errno_;
};

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int i, std::int64_t v);
  Statement& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
  Statement& bind(int i, double v);
  Statement& bind(int i, std::string_view v);
  Statement& bind_blob(int i, std::string_view bytes);
  Statement& bind_null(int i);
  // A month, or NULL for "never" (-1).
  Statement& bind_month(int i, int month) { return month < 0 ? bind_null(i) : bind(i, month); }

  bool step();     // true while there is a row
  void run();      // step to completion, then reset for reuse
  void reset();

  int columns() const;
  bool is_null(int c) const;
  std::int64_t integer(int c) const;
  double real(int c) const;
  std::string text(int c) const;
  std::string name(int c) const;
  int type(int c) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

class Database {
 public:
  enum class Mode { create, open_existing };
  Database(const std::string& path, Mode mode);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  void exec(std::string_view sql);
  Statement prepare(std::string_view sql) { return Statement(db_, sql); }
  sqlite3* handle() { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

// Writes a new database file whole or not at all: creates `path` + ".partial", sets its
// application id and schema version, runs `schema` and then `fill` in one transaction, and
// renames the partial file to `path` (replacing a file there). On any failure the partial
// file is removed and nothing is left at `path` that was not there before. SQLite's
// failures and a failed rename throw SqliteError (whose reason the caller words); what `fill`
// throws passes through. Used by the posterior and the sensitivity databases.
void write_new_database(const std::string& path, std::int64_t application_id, int version, std::string_view schema,
                        const std::function<void(Database&)>& fill);

// Quotes an identifier (a column named after a scenario id) for SQL.
std::string quote_identifier(std::string_view name);

}  // namespace parley::store
