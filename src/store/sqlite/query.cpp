#include <sqlite3.h>

#include "core/error.hpp"
#include "store/sqlite/connection.hpp"

namespace mk::store::sqlite {

Query::Query(sqlite3* db, sqlite3_stmt* stmt, bool* in_use) : db_(db), stmt_(stmt), in_use_(in_use) {}

Query::Query(Query&& other) noexcept
    : db_(other.db_), stmt_(other.stmt_), in_use_(other.in_use_), next_param_(other.next_param_) {
  other.stmt_ = nullptr;
}

Query::~Query() {
  if (!stmt_) return;
  if (!in_use_) {
    sqlite3_finalize(stmt_);
    return;
  }
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  *in_use_ = false;
}

namespace {

void check_bind(sqlite3* db, sqlite3_stmt* stmt, int rc) {
  if (rc != SQLITE_OK) throw_sqlite(db, rc, sqlite3_sql(stmt));
}

}  // namespace

Query& Query::bind(std::string_view v) {
  // SQLITE_TRANSIENT: SQLite copies, so temporaries (formatted timestamps) are safe to bind.
  check_bind(db_, stmt_, sqlite3_bind_text(stmt_, next_param_++, v.data(), static_cast<int>(v.size()),
                                           SQLITE_TRANSIENT));
  return *this;
}

Query& Query::bind_blob(std::string_view bytes) {
  check_bind(db_, stmt_, sqlite3_bind_blob64(stmt_, next_param_++, bytes.data(), bytes.size(), SQLITE_TRANSIENT));
  return *this;
}

Query& Query::bind(int64_t v) {
  check_bind(db_, stmt_, sqlite3_bind_int64(stmt_, next_param_++, v));
  return *this;
}

Query& Query::bind(Timestamp t) { return bind(format_timestamp(t)); }

Query& Query::bind(std::nullopt_t) {
  check_bind(db_, stmt_, sqlite3_bind_null(stmt_, next_param_++));
  return *this;
}

Query& Query::bind_or_null(std::string_view v) { return v.empty() ? bind(std::nullopt) : bind(v); }

bool Query::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  throw_sqlite(db_, rc, sqlite3_sql(stmt_));
}

void Query::run() {
  while (step()) {
  }
}

bool Query::is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

std::string Query::text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  if (!p) return {};
  return std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}

std::string_view Query::blob(int col) const {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
  if (!p) return {};
  return std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}

std::optional<std::string> Query::opt_text(int col) const {
  if (is_null(col)) return std::nullopt;
  return text(col);
}

int64_t Query::int64(int col) const { return sqlite3_column_int64(stmt_, col); }

Timestamp Query::timestamp(int col) const {
  auto t = parse_timestamp(text(col));
  if (!t) throw Error(Errc::internal, "Database error", "malformed timestamp in column " + std::to_string(col));
  return *t;
}

std::optional<Timestamp> Query::opt_timestamp(int col) const {
  if (is_null(col)) return std::nullopt;
  return timestamp(col);
}

}  // namespace mk::store::sqlite
