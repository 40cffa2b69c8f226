#include "store/sqlite/connection.hpp"

#include <cstring>
#include <mutex>

#include <sqlite3.h>

#include "core/error.hpp"
#include "store/sqlite/text_fold.hpp"

namespace mk::store::sqlite {
namespace {

Errc errc_for(int rc) {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PROTOCOL:
      return Errc::unavailable;
    case SQLITE_CONSTRAINT:
      switch (rc) {
        case SQLITE_CONSTRAINT_UNIQUE:
        case SQLITE_CONSTRAINT_PRIMARYKEY:
        case SQLITE_CONSTRAINT_FOREIGNKEY:
          return Errc::conflict;  // a duplicate key or an unknown reference from the caller
        default:
          return Errc::internal;  // NOT NULL / CHECK: our own mapping is wrong
      }
    default:
      return Errc::internal;
  }
}

const char* title_for(Errc code) {
  switch (code) {
    case Errc::unavailable: return "Database unavailable";
    case Errc::conflict: return "Conflicting data";
    default: return "Database error";
  }
}

// Once per process, before SQLite initialises itself (the first open): no memory statistics.
// With them on (SQLite's default), every sqlite3_malloc and sqlite3_free takes a global mutex
// and updates counters nobody reads here — 12 % of a consult read's instructions on the
// writer thread. SQLITE_MISUSE (already initialised by someone else) leaves the default.
void configure_library() {
  static std::once_flag once;
  std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

}  // namespace

// The detail carries the SQLite code, its generic text and the operation, never bound values:
// sqlite3_errmsg() names tables and columns only ("UNIQUE constraint failed: users.email").
void throw_sqlite(sqlite3* db, int rc, std::string_view context) {
  std::string detail(context.substr(0, 80));
  detail += ": sqlite error " + std::to_string(rc) + " (" + sqlite3_errstr(rc) + ")";
  if (db && (rc & 0xff) == SQLITE_CONSTRAINT) detail += std::string(": ") + sqlite3_errmsg(db);
  Errc code = errc_for(rc);
  throw Error(code, title_for(code), detail);
}

std::unique_ptr<Connection> Connection::open(const std::filesystem::path& file, Mode mode) {
  configure_library();
  sqlite3* db = nullptr;
  // Each connection is used by one thread at a time, so SQLite's own mutexes are not needed.
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (mode == Mode::write) flags |= SQLITE_OPEN_CREATE;
  int rc = sqlite3_open_v2(file.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_close_v2(db);
    throw Error(Errc::unavailable, "Database unavailable",
                "cannot open " + file.string() + ": " + sqlite3_errstr(rc));
  }
  sqlite3_extended_result_codes(db, 1);
  std::unique_ptr<Connection> conn(new Connection(db));
  conn->configure(mode);
  return conn;
}

void Connection::configure(Mode mode) {
  exec("PRAGMA busy_timeout = 5000", "pragma busy_timeout");
  exec("PRAGMA foreign_keys = ON", "pragma foreign_keys");
  exec("PRAGMA synchronous = FULL", "pragma synchronous");
  exec("PRAGMA temp_store = MEMORY", "pragma temp_store");
  // Reads of the database file through a shared mapping instead of a pread and a copy per
  // page; the WAL is still read with pread. Writes never go through the map.
  exec("PRAGMA mmap_size = 1073741824", "pragma mmap_size");
  if (mode == Mode::write) {
    // The one writer keeps the hot index pages of a growing region in memory (64 MiB); with
    // the default 2 MiB, random ids make every insert read pages back from disk.
    exec("PRAGMA cache_size = -65536", "pragma cache_size");
    // Checkpoints run on their own thread (Writer), never inside a commit.
    exec("PRAGMA wal_autocheckpoint = 0", "pragma wal_autocheckpoint");
    auto q = query("PRAGMA journal_mode = WAL");
    if (!q.step() || q.text(0) != "wal")
      throw Error(Errc::unavailable, "Database unavailable", "cannot enable WAL journal mode");
  } else {
    // Readers never write; a read-write handle (not SQLITE_OPEN_READONLY) can still use
    // the WAL index when it has to recreate it.
    exec("PRAGMA query_only = ON", "pragma query_only");
    exec("PRAGMA cache_size = -8192", "pragma cache_size");
  }
  int rc = register_fold_function(db_);
  if (rc != SQLITE_OK) throw_sqlite(db_, rc, "register mk_fold");
}

Connection::~Connection() {
  for (auto& [sql, cached] : cache_) sqlite3_finalize(cached.stmt);
  sqlite3_close_v2(db_);
}

Query Connection::query(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end() && !it->second.in_use) {
    it->second.in_use = true;
    return Query(db_, it->second.stmt, &it->second.in_use);
  }
  bool cache = it == cache_.end() && cache_.size() < kMaxCached;
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              cache ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, nullptr);
  if (rc != SQLITE_OK) throw_sqlite(db_, rc, sql);
  if (!cache) return Query(db_, stmt, nullptr);
  auto& entry = cache_.emplace(std::string(sql), Cached{stmt, true}).first->second;
  return Query(db_, stmt, &entry.in_use);
}

void Connection::exec(const char* sql, std::string_view context) {
  // One statement (BEGIN, SAVEPOINT job, COMMIT, …: several per request on the writer) runs
  // from the statement cache instead of being parsed again; scripts go through sqlite3_exec.
  if (std::strchr(sql, ';') == nullptr) {
    query(sql).run();
    return;
  }
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) throw_sqlite(db_, rc, context);
}

bool Connection::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }
int64_t Connection::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
int Connection::changes() const { return sqlite3_changes(db_); }

}  // namespace mk::store::sqlite
