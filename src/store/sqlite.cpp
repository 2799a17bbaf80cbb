// The SQLite RAII layer: every failing call becomes a SqliteError naming what was attempted.
#include "store/sqlite.hpp"

#include <cerrno>
#include <filesystem>

#include "parley/output_file.hpp"

namespace parley::store {

namespace {

// The errno behind the last error on `db`. `call_errno` is errno just after the failing
// call, which the caller cleared before it: SQLite records the errno of a failed write for
// most statements, but not when a COMMIT's write fails (sqlite3_system_errno is then 0
// although write() failed with EFBIG), so an I/O error without one takes errno from the call.
int system_errno(sqlite3* db, int call_errno) {
  const int code = sqlite3_extended_errcode(db) & 0xff;
  const int sys = sqlite3_system_errno(db);
  return sys == 0 && (code == SQLITE_IOERR || code == SQLITE_FULL) ? call_errno : sys;
}

[[noreturn]] void fail(sqlite3* db, std::string_view what, int call_errno = 0) {
  if (!db) throw SqliteError(std::string(what) + ": out of memory", SQLITE_NOMEM);
  throw SqliteError(std::string(what) + ": " + sqlite3_errmsg(db), sqlite3_extended_errcode(db),
                    system_errno(db, call_errno));
}

bool space_errno(int e) {
#ifdef EDQUOT
  if (e == EDQUOT) return true;
#endif
  return e == ENOSPC || e == EFBIG;
}

}  // namespace

bool SqliteError::out_of_space() const {
  // SQLite reports a short write as SQLITE_FULL and a failed write() (EFBIG under a file size
  // limit) as SQLITE_IOERR_WRITE, "disk I/O error"; the errno tells them apart.
  if (space_errno(system_errno_)) return true;
  return (code_ & 0xff) == SQLITE_FULL;
}

std::string SqliteError::reason() const {
  if (!out_of_space()) return what();
  const int e = space_errno(system_errno_) ? system_errno_ : ENOSPC;
  return write_failure_reason(e) + "; SQLite: " + what();
}

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) != SQLITE_OK)
    fail(db, "preparing SQL '" + std::string(sql.substr(0, 60)) + "'");
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int i, std::int64_t v) {
  if (sqlite3_bind_int64(stmt_, i, v) != SQLITE_OK) fail(db_, "binding");
  return *this;
}

Statement& Statement::bind(int i, double v) {
  if (sqlite3_bind_double(stmt_, i, v) != SQLITE_OK) fail(db_, "binding");
  return *this;
}

Statement& Statement::bind(int i, std::string_view v) {
  if (sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT) != SQLITE_OK)
    fail(db_, "binding");
  return *this;
}

Statement& Statement::bind_blob(int i, std::string_view bytes) {
  if (sqlite3_bind_blob64(stmt_, i, bytes.data(), bytes.size(), SQLITE_TRANSIENT) != SQLITE_OK) fail(db_, "binding");
  return *this;
}

Statement& Statement::bind_null(int i) {
  if (sqlite3_bind_null(stmt_, i) != SQLITE_OK) fail(db_, "binding");
  return *this;
}

bool Statement::step() {
  errno = 0;
  const int rc = sqlite3_step(stmt_);
  const int call_errno = errno;
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(db_, "writing or reading the database", call_errno);
}

void Statement::run() {
  while (step()) {
  }
  reset();
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int Statement::columns() const { return sqlite3_column_count(stmt_); }
bool Statement::is_null(int c) const { return sqlite3_column_type(stmt_, c) == SQLITE_NULL; }
std::int64_t Statement::integer(int c) const { return sqlite3_column_int64(stmt_, c); }
double Statement::real(int c) const { return sqlite3_column_double(stmt_, c); }
int Statement::type(int c) const { return sqlite3_column_type(stmt_, c); }
std::string Statement::name(int c) const { return sqlite3_column_name(stmt_, c); }

std::string Statement::text(int c) const {
  const auto* p = sqlite3_column_blob(stmt_, c);
  return p ? std::string(static_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, c)))
           : std::string();
}

Database::Database(const std::string& path, Mode mode) {
  const int flags = mode == Mode::create ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READWRITE;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw SqliteError("cannot open " + path + ": " + why);
  }
  sqlite3_busy_timeout(db_, 5000);
}

Database::~Database() { sqlite3_close(db_); }

void Database::exec(std::string_view sql) {
  char* message = nullptr;
  const std::string text(sql);
  errno = 0;
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    const int call_errno = errno;
    std::string why = message ? message : "unknown error";
    sqlite3_free(message);
    throw SqliteError(why, sqlite3_extended_errcode(db_), system_errno(db_, call_errno));
  }
}

void write_new_database(const std::string& path, std::int64_t application_id, int version, std::string_view schema,
                        const std::function<void(Database&)>& fill) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const std::string partial = path + ".partial";
  fs::remove(partial, ec);
  try {
    {
      Database db(partial, Database::Mode::create);
      db.exec("PRAGMA application_id = " + std::to_string(application_id) + "; PRAGMA user_version = " +
              std::to_string(version) + ";");
      db.exec("BEGIN");
      db.exec(schema);
      fill(db);
      db.exec("COMMIT");
    }
    fs::rename(partial, path, ec);
    if (ec) throw SqliteError("cannot rename " + partial + " to " + path + ": " + ec.message(), SQLITE_CANTOPEN);
  } catch (...) {
    fs::remove(partial, ec);
    throw;
  }
}

std::string quote_identifier(std::string_view name) {
  std::string out = "\"";
  for (char ch : name) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + '"';
}

}  // namespace parley::store
