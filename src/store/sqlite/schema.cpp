#include "store/sqlite/schema.hpp"

#include <algorithm>
#include <chrono>

#include "core/error.hpp"
#include "core/time.hpp"
#include "store/sqlite/connection.hpp"

namespace mk::store::sqlite {
namespace {

// "0001_init.sql" → 1. A file without a numeric prefix is a build mistake.
int version_of(const EmbeddedFile& file) {
  int v = 0;
  size_t i = 0;
  for (; i < file.name.size() && file.name[i] >= '0' && file.name[i] <= '9'; ++i)
    v = v * 10 + (file.name[i] - '0');
  if (i == 0 || v <= 0)
    throw Error(Errc::internal, "Database schema", "schema file without a version number: " + file.name);
  return v;
}

bool is_applied(Connection& conn, int version) {
  auto q = conn.query("SELECT 1 FROM schema_version WHERE version = ?");
  q.bind(int64_t{version});
  return q.step();
}

// A file that rewrites table definitions in sqlite_schema (writable_schema) does not change the
// schema cookie by itself; bumping it makes every connection, in this process or another,
// read the new definitions before its next statement (SQLite's documented procedure, step 6).
void bump_schema_cookie(Connection& conn) {
  int64_t cookie = 0;
  {
    auto q = conn.query("PRAGMA schema_version");
    if (!q.step()) throw Error(Errc::internal, "Database schema", "PRAGMA schema_version returned nothing");
    cookie = q.int64(0);
  }
  conn.exec(("PRAGMA schema_version = " + std::to_string(cookie + 1)).c_str(), "bump schema_version");
}

// Returns false when another process applied the file first (checked under the write lock).
bool apply(Connection& conn, const EmbeddedFile& file, int version) {
  conn.exec("BEGIN IMMEDIATE", "schema begin");
  try {
    if (is_applied(conn, version)) {
      conn.exec("COMMIT", "schema commit");
      return false;
    }
    conn.exec(file.content.c_str(), file.name);
    if (file.content.find("PRAGMA writable_schema") != std::string::npos) bump_schema_cookie(conn);
    auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    conn.query("INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)")
        .bind_all(int64_t{version}, file.name, Timestamp(now))
        .run();
    conn.exec("COMMIT", "schema commit");
    return true;
  } catch (...) {
    if (conn.in_transaction()) conn.exec("ROLLBACK", "schema rollback");
    throw;
  }
}

}  // namespace

std::vector<int> applied_versions(Connection& conn) {
  std::vector<int> out;
  auto q = conn.query("SELECT version FROM schema_version ORDER BY version");
  while (q.step()) out.push_back(q.integer(0));
  return out;
}

void migrate(Connection& conn, Logger& log) {
  conn.exec(
      "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
      "applied_at TEXT NOT NULL)",
      "schema_version table");
  const auto& files = schema_files();
  std::vector<int> applied = applied_versions(conn);
  int newest = files.empty() ? 0 : version_of(files.back());
  if (!applied.empty() && applied.back() > newest)
    throw Error(Errc::unavailable, "Database unavailable",
                "database schema version " + std::to_string(applied.back()) +
                    " is newer than this binary (" + std::to_string(newest) + ")");
  int previous = 0;
  for (const auto& file : files) {
    int version = version_of(file);
    if (version <= previous)
      throw Error(Errc::internal, "Database schema", "schema files out of order: " + file.name);
    previous = version;
    if (std::find(applied.begin(), applied.end(), version) != applied.end()) continue;
    if (apply(conn, file, version))
      log.info("store.schema_applied", {{"version", std::to_string(version)}, {"file", file.name}});
  }
}

}  // namespace mk::store::sqlite
