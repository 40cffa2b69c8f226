#include "store/postgres/schema.hpp"

#include <algorithm>
#include <chrono>

#include "store/postgres/connection.hpp"

namespace mk::store::pg {
namespace {

// pg_advisory_lock key of the migration: "meekijk" in ASCII. Advisory locks are per database,
// so databases on one server do not wait for each other.
constexpr int64_t kMigrationLock = 0x6d65656b696a6b;

int version_of(const EmbeddedFile& file) {
  int v = 0;
  size_t i = 0;
  for (; i < file.name.size() && file.name[i] >= '0' && file.name[i] <= '9'; ++i) v = v * 10 + (file.name[i] - '0');
  if (i == 0 || v <= 0)
    throw Error(Errc::internal, "Database schema", "schema file without a version number: " + file.name);
  return v;
}

void apply(Connection& conn, const EmbeddedFile& file, int version) {
  conn.script("BEGIN", "schema begin");
  try {
    conn.script(file.content, file.name);
    auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    conn.exec("INSERT INTO schema_version (version, name, applied_at) VALUES ($1, $2, $3)",
              Params().add_all(version, file.name, Timestamp(now)));
    conn.script("COMMIT", "schema commit");
  } catch (...) {
    if (conn.in_transaction() && !conn.broken()) conn.script("ROLLBACK", "schema rollback");
    throw;
  }
}

void migrate_locked(Connection& conn, Logger& log) {
  conn.script(
      "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, name text NOT NULL, "
      "applied_at timestamptz NOT NULL)",
      "schema_version table");
  const auto& files = schema_files();
  std::vector<int> applied = applied_versions(conn);
  int newest = files.empty() ? 0 : version_of(files.back());
  if (!applied.empty() && applied.back() > newest)
    throw Error(Errc::unavailable, "Database unavailable",
                "database schema version " + std::to_string(applied.back()) + " is newer than this binary (" +
                    std::to_string(newest) + ")");
  int previous = 0;
  for (const auto& file : files) {
    int version = version_of(file);
    if (version <= previous) throw Error(Errc::internal, "Database schema", "schema files out of order: " + file.name);
    previous = version;
    if (std::find(applied.begin(), applied.end(), version) != applied.end()) continue;
    apply(conn, file, version);
    log.info("store.schema_applied", {{"version", std::to_string(version)}, {"file", file.name}});
  }
}

}  // namespace

std::vector<int> applied_versions(Connection& conn) {
  std::vector<int> out;
  auto r = conn.exec("SELECT version FROM schema_version ORDER BY version");
  for (int i = 0; i < r.rows(); ++i) out.push_back(r.row(i).integer(0));
  return out;
}

void migrate(Connection& conn, Logger& log) {
  // Session-level: held across the per-file transactions, released if the connection dies.
  conn.exec("SELECT pg_advisory_lock($1)", Params().add(kMigrationLock));
  try {
    migrate_locked(conn, log);
  } catch (...) {
    if (!conn.broken()) {
      try {
        conn.exec("SELECT pg_advisory_unlock($1)", Params().add(kMigrationLock));
      } catch (...) {
      }
    }
    throw;
  }
  conn.exec("SELECT pg_advisory_unlock($1)", Params().add(kMigrationLock));
}

}  // namespace mk::store::pg
