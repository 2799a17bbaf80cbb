// A thin RAII layer over the SQLite C API: a connection, prepared statements, typed errors.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace parley::store {

// Any SQLite failure, with the operation and SQLite's own message.
class SqliteError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
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

// Quotes an identifier (a column named after a scenario id) for SQL.
std::string quote_identifier(std::string_view name);

}  // namespace parley::store
