// Writing a results database: schema, one row per run in periodic transactions, checkpoints
// of the aggregate state for --resume, and the aggregate tables at the end.
#include <algorithm>
#include <fmt/format.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <filesystem>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parley/output_file.hpp"

#include "parley/results_store.hpp"
#include "store/schema.hpp"
#include "store/sqlite.hpp"

namespace parley {

using store::Database;
using store::quote_identifier;
using store::Statement;

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

struct ResultsStore::Impl {
  Impl(const std::string& p, Database::Mode mode) : path(p), db(p, mode) {}
  ~Impl() {
    if (lock_fd >= 0) ::close(lock_fd);
  }
  std::string path;
  Database db;
  ExperimentInfo info;
  std::unique_ptr<Statement> insert_run, insert_track, insert_input, insert_year, insert_observed;
  bool in_transaction = false;
  int lock_fd = -1;  // holds flock(LOCK_EX) on the database file while this process writes it
  const std::atomic<bool>* stop = nullptr;  // set: a commit stops waiting for readers
};

namespace {

// A failed write to the database, as a StoreError naming the file and, when the disk is full
// or the file size limit was hit, saying so.
[[noreturn]] void write_failed(const std::string& path, const store::SqliteError& e) {
  throw StoreWriteError("cannot write the results database " + path + ": " + e.reason());
}

void write_experiment(Database& db, const ExperimentInfo& info) {
  Statement st = db.prepare(
      "INSERT INTO experiment (id, scenario_path, scenario_name, scenario_description, seed, runs, trace_runs, "
      "parley_version, command_line, started_at, finished_at, status, items_done) "
      "VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 'incomplete', 0)");
  st.bind(1, info.scenario_path).bind(2, info.scenario_name).bind(3, info.scenario_description);
  st.bind(4, static_cast<std::int64_t>(info.seed)).bind(5, static_cast<std::int64_t>(info.runs));
  st.bind(6, static_cast<std::int64_t>(info.trace_runs)).bind(7, info.parley_version);
  st.bind(8, info.command_line).bind(9, info.started_at);
  st.run();
  Statement fs = db.prepare("INSERT INTO files (position, role, path, bytes, hash, content) VALUES (?, ?, ?, ?, ?, ?)");
  for (std::size_t i = 0; i < info.files.size(); ++i) {
    const SourceFile& f = info.files[i];
    fs.bind(1, static_cast<std::int64_t>(i)).bind(2, enum_name(f.role)).bind(3, f.path);
    fs.bind(4, static_cast<std::int64_t>(f.text.size())).bind(5, f.hash).bind(6, f.text).run();
  }
}

// Each variant's calendar years (the first and last may be partial) and observation rows.
void write_years_and_observations(Database& db, const ExperimentInfo& info, const std::vector<const Scenario*>& variants) {
  Statement ys = db.prepare(
      "INSERT INTO calendar_years (variant, year, first_month, last_month, months) VALUES (?, ?, ?, ?, ?)");
  Statement os = db.prepare(
      "INSERT INTO observations (variant, observation, quantity, period, first_month, last_month, value, low, high, "
      "source, use, base_rate, line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (std::size_t i = 0; i < variants.size(); ++i) {
    const Scenario& vs = *variants[i];
    for (const CalendarYear& y : calendar_years(vs.start, vs.months))
      ys.bind(1, info.variants[i]).bind(2, y.year).bind(3, vs.start.plus(y.first_month).to_string())
          .bind(4, vs.start.plus(y.last_month).to_string()).bind(5, y.last_month - y.first_month + 1).run();
    for (std::size_t k = 0; k < vs.observations.size(); ++k) {
      const ObservedValue& o = vs.observations[k];
      const std::string first = vs.start.plus(o.first_month).to_string(), last = vs.start.plus(o.last_month).to_string();
      os.bind(1, info.variants[i]).bind(2, static_cast<std::int64_t>(k)).bind(3, o.text);
      os.bind(4, first == last ? first : first + ".." + last).bind(5, first).bind(6, last).bind(7, o.value);
      if (o.low) os.bind(8, *o.low);
      else os.bind_null(8);
      if (o.high) os.bind(9, *o.high);
      else os.bind_null(9);
      os.bind(10, o.source).bind(11, std::string(o.score_only ? "score" : "calibrate"));
      if (o.base_rate) os.bind(12, *o.base_rate);
      else os.bind_null(12);
      os.bind(13, o.where.line).run();
    }
  }
}

void write_dimensions(Database& db, const ExperimentInfo& info, const std::vector<const Scenario*>& variants) {
  const Scenario& s = *variants.front();
  Statement v = db.prepare(
      "INSERT INTO variants (variant, position, description, months, start, origin) VALUES (?, ?, ?, ?, ?, ?)");
  for (std::size_t i = 0; i < variants.size(); ++i) {
    const Scenario& vs = *variants[i];
    v.bind(1, info.variants[i]).bind(2, static_cast<std::int64_t>(i)).bind(3, vs.variant_description);
    v.bind(4, vs.months).bind(5, vs.start.to_string()).bind(6, vs.origin).run();
  }
  Statement actor_st = db.prepare("INSERT INTO actors (actor, position, name, camp) VALUES (?, ?, ?, ?)");
  for (std::size_t k = 0; k < s.actors.size(); ++k) {
    const Actor& a = s.actors[k];
    actor_st.bind(1, a.id).bind(2, static_cast<std::int64_t>(k)).bind(3, a.name);
    if (a.camp >= 0 && static_cast<std::size_t>(a.camp) < s.camps.size())
      actor_st.bind(4, s.camps[static_cast<std::size_t>(a.camp)].id);
    else
      actor_st.bind_null(4);
    actor_st.run();
  }
  write_years_and_observations(db, info, variants);
  Statement is = db.prepare("INSERT INTO issues (issue, position, label, low, high, status_quo) VALUES (?, ?, ?, ?, ?, ?)");
  for (std::size_t k = 0; k < s.issues.size(); ++k)
    is.bind(1, s.issues[k].id).bind(2, static_cast<std::int64_t>(k)).bind(3, s.issues[k].label)
        .bind(4, s.issues[k].low).bind(5, s.issues[k].high).bind(6, s.issues[k].status_quo).run();
  if (s.map && s.map->geometry) {
    const std::vector<std::string>& shapes = *s.map->geometry;
    Statement ms = db.prepare("INSERT INTO region_shapes (region, geometry) VALUES (?, ?)");
    for (std::size_t k = 0; k < s.regions.size() && k < shapes.size(); ++k)
      if (!shapes[k].empty()) ms.bind(1, s.regions[k].id).bind(2, shapes[k]).run();
  }
  // Questions whose variants were all run, with those variants in the question's order.
  Statement qs = db.prepare("INSERT INTO questions (question, position, text) VALUES (?, ?, ?)");
  Statement qv = db.prepare("INSERT INTO question_variants (question, position, variant) VALUES (?, ?, ?)");
  std::int64_t position = 0;
  for (const auto& q : s.questions) {
    const bool all_run = std::all_of(q.variants.begin(), q.variants.end(), [&](const std::string& name) {
      return std::find(info.variants.begin(), info.variants.end(), name) != info.variants.end();
    });
    if (!all_run || q.variants.size() < 2) continue;
    qs.bind(1, q.id).bind(2, position++).bind(3, q.text).run();
    for (std::size_t k = 0; k < q.variants.size(); ++k)
      qv.bind(1, q.id).bind(2, static_cast<std::int64_t>(k)).bind(3, q.variants[k]).run();
  }
  // Each variant's talks tracks, agendas and uncertain inputs (a variant may change them).
  Statement ts = db.prepare("INSERT INTO tracks (variant, track, position, participants, items) VALUES (?, ?, ?, ?, ?)");
  Statement as = db.prepare("INSERT INTO agenda_items (variant, track, item, issues) VALUES (?, ?, ?, ?)");
  Statement us = db.prepare("INSERT INTO inputs (variant, input, position, distribution) VALUES (?, ?, ?, ?)");
  for (std::size_t i = 0; i < variants.size(); ++i) {
    const Scenario& vs = *variants[i];
    const std::vector<std::string> ids = track_ids(vs);
    const std::vector<int> items = agenda_items(vs);
    for (std::size_t t = 0; t < ids.size(); ++t) {
      const TalksSetup setup = t < vs.tracks.size() ? vs.tracks[t] : TalksSetup{};
      std::string participants;
      for (int p : setup.participants)
        if (p >= 0 && static_cast<std::size_t>(p) < vs.actors.size())
          participants += (participants.empty() ? "" : ", ") + vs.actors[static_cast<std::size_t>(p)].id;
      ts.bind(1, info.variants[i]).bind(2, ids[t]).bind(3, static_cast<std::int64_t>(t)).bind(4, participants)
          .bind(5, items[t]).run();
      for (int j = 0; j < items[t]; ++j) {
        std::string issues;
        if (setup.agenda.empty()) {
          for (const auto& issue : vs.issues) issues += (issues.empty() ? "" : ", ") + issue.id;
        } else {
          for (int k : setup.agenda[static_cast<std::size_t>(j)])
            if (k >= 0 && static_cast<std::size_t>(k) < vs.issues.size())
              issues += (issues.empty() ? "" : ", ") + vs.issues[static_cast<std::size_t>(k)].id;
        }
        as.bind(1, info.variants[i]).bind(2, ids[t]).bind(3, j).bind(4, issues).run();
      }
    }
    for (std::size_t k = 0; k < vs.inputs.size(); ++k)
      us.bind(1, info.variants[i]).bind(2, vs.inputs[k].name).bind(3, static_cast<std::int64_t>(k))
          .bind(4, vs.inputs[k].distribution.describe()).run();
  }
  Statement cs = db.prepare("INSERT INTO camps (camp, position, name) VALUES (?, ?, ?)");
  for (std::size_t k = 0; k < s.camps.size(); ++k)
    cs.bind(1, s.camps[k].id).bind(2, static_cast<std::int64_t>(k)).bind(3, s.camps[k].name).run();
  Statement rs = db.prepare("INSERT INTO regions (region, position, name, population) VALUES (?, ?, ?, ?)");
  for (std::size_t k = 0; k < s.regions.size(); ++k)
    rs.bind(1, s.regions[k].id).bind(2, static_cast<std::int64_t>(k)).bind(3, s.regions[k].name)
        .bind(4, s.regions[k].population).run();
}

std::unique_ptr<Statement> prepare_insert_run(Database& db, const Scenario& s) {
  std::string columns = "variant, run, outcome, victor, months_simulated, first_exploratory, first_formal, "
                        "first_agreement, last_agreement, agreements, peace_month, collapses, derailments, "
                        "battle_deaths, civilian_deaths, ";
  columns += store::kRunPowerColumns;
  columns += ", history_deaths, history_draws";
  int n = 17 + store::kRunPowerColumnCount;
  for (const auto& i : s.issues) columns += ", " + quote_identifier("term_" + i.id), ++n;
  for (const auto& c : s.camps) columns += ", " + quote_identifier("share_" + c.id), ++n;
  for (const auto& c : s.camps) columns += ", " + quote_identifier("camp_deaths_" + c.id), ++n;
  std::string marks = "?";
  for (int i = 1; i < n; ++i) marks += ", ?";
  return std::make_unique<Statement>(db.handle(), "INSERT INTO runs (" + columns + ") VALUES (" + marks + ")");
}

void prepare_inserts(ResultsStore::Impl& impl, const Scenario& s) {
  impl.insert_run = prepare_insert_run(impl.db, s);
  impl.insert_track = std::make_unique<Statement>(
      impl.db.handle(),
      "INSERT INTO run_tracks (variant, run, track, months_formal, first_formal, first_agreement, last_agreement, "
      "agreements, items_closed, items_reopened, rejections, derailments) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  // The per-run tables are stored by position (the views of the same names give the ids).
  impl.insert_input = std::make_unique<Statement>(
      impl.db.handle(),
      "INSERT INTO run_inputs_compact (variant_position, run, input_position, value) VALUES (?, ?, ?, ?)");
  impl.insert_year = std::make_unique<Statement>(
      impl.db.handle(), "INSERT INTO run_yearly_deaths_compact (variant_position, run, year, deaths) VALUES (?, ?, ?, ?)");
  impl.insert_observed = std::make_unique<Statement>(
      impl.db.handle(),
      "INSERT INTO run_observations_compact (variant_position, run, observation, value) VALUES (?, ?, ?, ?)");
}

void write_checkpoint(Database& db, std::uint64_t items_done, const std::vector<std::string>& variants,
                      const std::vector<std::string>& states) {
  Statement up = db.prepare("INSERT OR REPLACE INTO checkpoint (variant, state) VALUES (?, ?)");
  for (std::size_t i = 0; i < states.size(); ++i) up.bind(1, variants[i]).bind_blob(2, states[i]).run();
  db.prepare("UPDATE experiment SET items_done = ?").bind(1, static_cast<std::int64_t>(items_done)).run();
}

}  // namespace

ResultsStore::ResultsStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ResultsStore::~ResultsStore() {
  // A store dropped without finish() or stop() (an error) keeps only what was committed.
  try {
    if (impl_ && impl_->in_transaction) impl_->db.exec("ROLLBACK");
  } catch (const store::SqliteError&) {
  }
}

const ExperimentInfo& ResultsStore::info() const { return impl_->info; }

namespace {

// What is at `path`, for messages: "a directory", "a character device", ...
std::string kind_of_file(const struct stat& st) {
  if (S_ISREG(st.st_mode)) return "a file";
  if (S_ISDIR(st.st_mode)) return "a directory";
  if (S_ISCHR(st.st_mode)) return "a character device";
  if (S_ISBLK(st.st_mode)) return "a block device";
  if (S_ISFIFO(st.st_mode)) return "a FIFO";
  if (S_ISSOCK(st.st_mode)) return "a socket";
  return "not a regular file";
}

[[noreturn]] void refuse_existing(const std::string& path) {
  struct stat st{};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
    throw StoreError(fmt::format("{} exists and is {}, expected the name of a new file for the results database "
                                 "(parley never replaces what is at --out)", path, kind_of_file(st)));
  throw StoreError(path + " already exists (remove it, choose another --out, or add --resume to finish it)");
}

// Moves the finished new database `from` to `to` only if nothing is at `to`, atomically: two runs
// given one --out cannot both get it, and a run killed before this leaves nothing at `to`.
// false when something is already there.
bool is_empty_file(const std::string& path) {
  struct stat st{};
  return ::lstat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0;
}

// An empty file at `to` holds nothing to lose (SQLite itself reads it as an empty database; the
// sqlite3 tool leaves one when asked about a file that does not exist yet, e.g. a script that
// polls the database before parley has created it): it is moved aside, under a name of this
// process, and removed if it is still empty, so that of two runs at most one takes its place.
bool set_aside_if_empty(const std::string& to) {
  if (!is_empty_file(to)) return false;
  const std::string aside = fmt::format("{}.empty-{}", to, ::getpid());
  if (::rename(to.c_str(), aside.c_str()) != 0) return errno == ENOENT;  // someone else moved it: try again
  if (is_empty_file(aside)) {
    ::unlink(aside.c_str());
    return true;
  }
  // Written to in between: put it back (unless something else is there now) and leave it alone.
  ::renameat2(AT_FDCWD, aside.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE);
  return false;
}

bool move_into_place(const std::string& from, const std::string& to) {
  int error = EEXIST;
  for (int attempt = 0; attempt < 3 && error == EEXIST; ++attempt) {
    if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return true;
    error = errno;
    if (error == EEXIST && !set_aside_if_empty(to)) return false;
  }
  if (error == EINVAL || error == ENOSYS || error == ENOTSUP) {
    // A file system without RENAME_NOREPLACE: a hard link is just as exclusive.
    for (int attempt = 0; attempt < 3; ++attempt) {
      if (::link(from.c_str(), to.c_str()) == 0) {
        ::unlink(from.c_str());
        return true;
      }
      error = errno;
      if (error != EEXIST || !set_aside_if_empty(to)) break;
    }
  }
  if (error == EEXIST) return false;
  throw StoreWriteError("cannot create the results database " + to + ": " + write_failure_reason(error));
}

// Takes the write lock of the database file (flock, separate from SQLite's own POSIX locks,
// which readers share): at most one parley run writes a database at a time.
int lock_for_writing(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw StoreError("cannot open " + path + ": " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int e = errno;
    ::close(fd);
    if (e == EWOULDBLOCK)
      throw StoreError(path + " is being written by another parley run; wait for it to finish (or stop it) first");
    throw StoreError("cannot lock " + path + ": " + std::strerror(e));
  }
  return fd;
}

// While this process writes, a reader (parley summary, a database browser, pandas) may hold a
// read transaction open for as long as it likes; the commit waits for it instead of failing
// after SQLite's busy timeout. The wait says once, after 5 s, what it is waiting for.
int wait_for_readers(void* store, int attempt) {
  const auto* impl = static_cast<const ResultsStore::Impl*>(store);
  if (impl->stop && impl->stop->load()) return 0;  // Ctrl-C while waiting: give up this commit
  if (attempt == 50)
    std::fprintf(stderr, "\nparley run: waiting for another program that is reading %s to finish, to commit\n",
                 impl->path.c_str());
  ::usleep(100'000);
  return 1;
}

}  // namespace

std::unique_ptr<ResultsStore> ResultsStore::create(const std::string& path, const ExperimentInfo& info,
                                                   const std::vector<const Scenario*>& variants) {
  struct stat st{};
  if (::lstat(path.c_str(), &st) == 0 && !(S_ISREG(st.st_mode) && st.st_size == 0)) refuse_existing(path);
  // The database is built under a name of its own beside `path`, then moved to `path` only if
  // nothing is there. So `path` is never a half-created file (a kill or a full disk during
  // creation leaves nothing there), and an error removes only the file this run created.
  const std::string building = fmt::format("{}.creating-{}", path, ::getpid());
  const int fd = ::open(building.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) throw StoreWriteError("cannot create the results database " + path + ": " + write_failure_reason(errno));
  ::flock(fd, LOCK_EX);  // a new file: nobody else can hold it
  auto discard = [&] {
    std::error_code ec;
    std::filesystem::remove(building, ec);
    std::filesystem::remove(building + "-journal", ec);
  };
  try {
    Database db(building, Database::Mode::create);
    db.exec("PRAGMA journal_mode = DELETE; PRAGMA synchronous = NORMAL;");
    db.exec("BEGIN");
    db.exec(store::schema_sql(*variants.front()));
    write_experiment(db, info);
    write_dimensions(db, info, variants);
    db.exec("COMMIT");
  } catch (const store::SqliteError& e) {
    ::close(fd);
    discard();
    throw StoreWriteError("cannot create the results database " + path + ": " + e.reason());
  }
  try {
    if (!move_into_place(building, path)) {
      ::close(fd);
      discard();
      refuse_existing(path);
    }
  } catch (...) {
    ::close(fd);
    discard();
    throw;
  }
  std::unique_ptr<Impl> impl;
  try {
    impl = std::make_unique<Impl>(path, Database::Mode::open_existing);
    impl->lock_fd = fd;
    sqlite3_busy_handler(impl->db.handle(), wait_for_readers, impl.get());
    impl->db.exec("PRAGMA synchronous = NORMAL; BEGIN");
  } catch (const store::SqliteError& e) {
    if (!impl) ::close(fd);
    // The database is in place, whole and empty: it stays, and --resume can fill it.
    throw StoreWriteError("cannot open the results database " + path + " it created: " + e.reason());
  }
  impl->info = info;
  impl->in_transaction = true;
  prepare_inserts(*impl, *variants.front());
  return std::unique_ptr<ResultsStore>(new ResultsStore(std::move(impl)));
}

std::unique_ptr<ResultsStore> ResultsStore::open(const std::string& path) {
  if (!std::filesystem::exists(path)) throw StoreError(path + ": no such file");
  try {
    auto impl = std::make_unique<Impl>(path, Database::Mode::open_existing);
    impl->info = store::read_experiment(impl->db, path);
    return std::unique_ptr<ResultsStore>(new ResultsStore(std::move(impl)));
  } catch (const store::SqliteError& e) {
    throw StoreError(path + " is not a parley results database (" + e.what() + ")");
  }
}

std::vector<std::string> ResultsStore::checkpoints() const {
  std::vector<std::string> out;
  try {
    for (const auto& name : impl_->info.variants) {
      Statement st = impl_->db.prepare("SELECT state FROM checkpoint WHERE variant = ?");
      st.bind(1, name);
      out.push_back(st.step() ? st.text(0) : std::string());
    }
  } catch (const store::SqliteError& e) {
    throw StoreError(std::string("cannot read the saved state to resume: ") + e.what());
  }
  return out;
}

void ResultsStore::set_stop_flag(const std::atomic<bool>* stop) { impl_->stop = stop; }

std::uint64_t ResultsStore::run_rows() const {
  try {
    Statement st = impl_->db.prepare("SELECT count(*) FROM runs");
    return st.step() ? static_cast<std::uint64_t>(st.integer(0)) : 0;
  } catch (const store::SqliteError& e) {
    throw StoreError(impl_->path + ": cannot count the stored runs: " + e.what());
  }
}

void ResultsStore::begin_resume(const std::vector<const Scenario*>& variants) {
  if (impl_->lock_fd < 0) impl_->lock_fd = lock_for_writing(impl_->path);
  sqlite3_busy_handler(impl_->db.handle(), wait_for_readers, impl_.get());
  try {
    impl_->db.exec("BEGIN");
    impl_->in_transaction = true;
    impl_->db.prepare("UPDATE experiment SET finished_at = NULL").run();
    prepare_inserts(*impl_, *variants.front());
  } catch (const store::SqliteError& e) {
    throw StoreWriteError("cannot resume " + impl_->path + ": " + e.reason());
  }
}

namespace {

void insert_run(ResultsStore::Impl& impl, const std::string& variant, const Scenario& s, const RunResult& r) {
  Statement& st = *impl.insert_run;
  st.bind(1, variant).bind(2, static_cast<std::int64_t>(r.run)).bind(3, std::string(to_string(r.outcome)));
  if (r.outcome == RunOutcome::victory && r.victor >= 0) st.bind(4, s.camps[static_cast<std::size_t>(r.victor)].id);
  else st.bind_null(4);
  st.bind(5, r.months_simulated).bind_month(6, r.first_exploratory).bind_month(7, r.first_formal);
  st.bind_month(8, r.first_agreement).bind_month(9, r.last_agreement).bind(10, r.agreements);
  st.bind_month(11, r.peace_month).bind(12, r.collapses).bind(13, r.derailments);
  st.bind(14, r.battle_deaths).bind(15, r.civilian_deaths);
  if (r.outcome == RunOutcome::victory && r.victory_by != VictoryKind::none) st.bind(16, enum_name(r.victory_by));
  else st.bind_null(16);
  st.bind(17, r.cascades).bind_month(18, r.first_cascade).bind(19, r.cascade_regions).bind(20, r.cascade_months);
  st.bind(21, r.exit_deals).bind_month(22, r.first_exit_deal).bind(23, r.splinters).bind(24, r.splinter_fighters);
  st.bind(25, r.shocks).bind(26, r.capitals_lost).bind(27, r.history_deaths).bind(28, r.history_draws);
  int col = 29;
  for (std::size_t k = 0; k < s.issues.size(); ++k, ++col) {
    if (k < r.terms.size()) st.bind(col, r.terms[k]);
    else st.bind_null(col);
  }
  for (std::size_t c = 0; c < s.camps.size(); ++c, ++col) st.bind(col, c < r.final_share.size() ? r.final_share[c] : 0.0);
  for (std::size_t c = 0; c < s.camps.size(); ++c, ++col) st.bind(col, c < r.camp_deaths.size() ? r.camp_deaths[c] : 0.0);
  st.run();
  const std::vector<std::string> ids = track_ids(s);
  Statement& ts = *impl.insert_track;
  for (std::size_t t = 0; t < r.tracks.size() && t < ids.size(); ++t) {
    const TrackResult& x = r.tracks[t];
    ts.bind(1, variant).bind(2, static_cast<std::int64_t>(r.run)).bind(3, ids[t]).bind(4, x.months_formal);
    ts.bind_month(5, x.first_formal).bind_month(6, x.first_agreement).bind_month(7, x.last_agreement);
    ts.bind(8, x.agreements).bind(9, x.items_closed).bind(10, x.items_reopened).bind(11, x.rejections);
    ts.bind(12, x.derailments).run();
  }
  const auto& names = impl.info.variants;
  const auto position = static_cast<std::int64_t>(std::find(names.begin(), names.end(), variant) - names.begin());
  Statement& is = *impl.insert_input;
  for (std::size_t k = 0; k < r.inputs.size() && k < s.inputs.size(); ++k)
    is.bind(1, position).bind(2, static_cast<std::int64_t>(r.run)).bind(3, static_cast<std::int64_t>(k))
        .bind(4, r.inputs[k]).run();
  Statement& ys = *impl.insert_year;
  for (std::size_t k = 0; k < r.calendar_deaths.size(); ++k)
    ys.bind(1, position).bind(2, static_cast<std::int64_t>(r.run)).bind(3, s.start.year + static_cast<int>(k))
        .bind(4, r.calendar_deaths[k]).run();
  Statement& os = *impl.insert_observed;
  for (std::size_t k = 0; k < r.observed.size() && k < s.observations.size(); ++k)
    os.bind(1, position).bind(2, static_cast<std::int64_t>(r.run)).bind(3, static_cast<std::int64_t>(k))
        .bind(4, r.observed[k]).run();
}

}  // namespace

void ResultsStore::add_run(const std::string& variant, const Scenario& s, const RunResult& r) {
  try {
    insert_run(*impl_, variant, s, r);
  } catch (const store::SqliteError& e) {
    write_failed(impl_->path, e);
  }
}

void ResultsStore::checkpoint(std::uint64_t items_done, const std::vector<std::string>& states) {
  try {
    write_checkpoint(impl_->db, items_done, impl_->info.variants, states);
    impl_->db.exec("COMMIT");
    impl_->info.items_done = items_done;
    impl_->db.exec("BEGIN");
  } catch (const store::SqliteError& e) {
    write_failed(impl_->path, e);
  }
}

void ResultsStore::stop(std::uint64_t items_done, const std::vector<std::string>& states) {
  try {
    write_checkpoint(impl_->db, items_done, impl_->info.variants, states);
    impl_->db.prepare("UPDATE experiment SET finished_at = ?").bind(1, utc_now()).run();
    impl_->db.exec("COMMIT");
  } catch (const store::SqliteError& e) {
    write_failed(impl_->path, e);
  }
  impl_->info.items_done = items_done;
  impl_->in_transaction = false;
}

void ResultsStore::finish(std::uint64_t items_done, const std::vector<const Scenario*>& variants,
                          const std::vector<VariantAggregate>& aggregates) {
  Database& db = impl_->db;
  // One transaction: the last runs, the aggregates and status = 'complete' are committed
  // together or not at all, so a database marked complete always holds every run.
  try {
    for (std::size_t v = 0; v < variants.size(); ++v)
      store::write_aggregates(db, impl_->info.variants[v], *variants[v], aggregates[v]);
    db.exec("DELETE FROM checkpoint");
    Statement st = db.prepare("UPDATE experiment SET finished_at = ?, status = 'complete', items_done = ?");
    st.bind(1, utc_now()).bind(2, static_cast<std::int64_t>(items_done)).run();
    db.exec("COMMIT");
  } catch (const store::SqliteError& e) {
    write_failed(impl_->path, e);
  }
  impl_->info.items_done = items_done;
  impl_->info.complete = true;
  impl_->in_transaction = false;
  // The checkpoints rewritten every second and deleted now leave free pages (a quarter of the
  // file): a complete database is compacted. VACUUM needs room for a copy; without it the
  // database stays as it is, complete and correct, only larger.
  try {
    db.exec("VACUUM");
  } catch (const store::SqliteError&) {
  }
}

}  // namespace parley
