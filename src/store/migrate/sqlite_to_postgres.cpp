#include "store/migrate/sqlite_to_postgres.hpp"

#include <algorithm>
#include <fstream>
#include <optional>

#include "core/error.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/schema.hpp"
#include "store/postgres/tx.hpp"
#include "store/report_cells.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/schema.hpp"

namespace mk::store {
namespace fs = std::filesystem;
namespace {

constexpr const char* kDbName = "meekijk.db";   // as store/sqlite/sqlite_store.cpp
constexpr size_t kChunk = 1 << 20;               // as store/postgres/blob_store.cpp
constexpr size_t kParamsPerInsert = 2000;        // rows are sent in multi-row INSERTs

// The tables in foreign-key order; one that neither side has (a schema this binary does not
// have yet) is skipped, one that only the source has is an error. `from` joins what the order needs; `order` keeps ids
// stable and puts parents first (an organisation's part_of before it).
struct TableSpec {
  const char* name;
  const char* from = "";
  const char* order = "";
  std::vector<std::string> skip = {};  // source columns deliberately not copied
};

const std::vector<TableSpec>& tables() {
  static const std::vector<TableSpec> specs = {
      {"meta", "", "t.\"key\""},
      {"organizations",
       "JOIN (WITH RECURSIVE d(id, depth) AS (SELECT id, 0 FROM organizations WHERE part_of IS NULL "
       "UNION ALL SELECT o.id, d.depth + 1 FROM organizations o JOIN d ON o.part_of = d.id) "
       "SELECT id, depth FROM d) d ON d.id = t.id",
       "d.depth, t.id"},
      {"services", "", "t.id"},
      {"contracts", "", "t.id"},
      {"service_modalities"},
      {"service_accepts"},
      {"users", "", "t.id"},
      {"user_services"},
      {"sessions"},
      {"api_tokens"},
      {"login_failures", "", "t.id"},
      {"idempotency"},
      {"reference_counters", "", "t.year"},
      {"patients", "", "t.id"},
      {"consults", "", "t.id"},
      {"consult_identifiers", "", "t.practice_id, t.system, t.value"},
      {"mail_outbox", "", "t.id"},
      {"user_mail_settings", "", "t.user_id"},
      {"consult_messages", "", "t.seq"},
      {"consult_events", "", "t.seq"},
      {"attachments", "", "t.seq"},
      {"unbilled", "", "t.consult_id"},
      {"teaching_consents", "", "t.consult_id, t.party"},
      {"teaching_cases", "", "t.id"},
      // merged_into may name a later question: the foreign key is deferred to the commit.
      {"desk_questions", "", "t.created_at, t.id"},
      {"desk_supporters", "", "t.question_id, t.practice_id"},
      {"onsite_sessions", "", "t.id"},
      {"onsite_bookings", "", "t.session_id, t.slot, t.booked_at"},
      // After the sessions: a session's fee line names its session (0009).
      {"declarations", "", "t.id"},
      // Unsealed, in seq order: the sealer chains them anew (the trigger refuses chained rows).
      {"audit", "", "t.seq", {"chain_pos", "prev_hash", "hash"}},
  };
  return specs;
}

std::string ident(std::string_view name) { return "\"" + std::string(name) + "\""; }

struct Column {
  std::string name;
  bool identity = false;
};

std::vector<std::string> sqlite_columns(sqlite::Connection& db, const std::string& table) {
  std::vector<std::string> out;
  auto q = db.query("SELECT name FROM pragma_table_info(?) ORDER BY cid");
  q.bind(table);
  while (q.step()) out.push_back(q.text(0));
  return out;
}

std::vector<Column> pg_columns(pg::Connection& pg, const std::string& table) {
  std::vector<Column> out;
  auto r = pg.exec(
      "SELECT attname::text, attidentity <> '' FROM pg_attribute "
      "WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
      pg::Params().add(table));
  for (int i = 0; i < r.rows(); ++i) out.push_back({r.row(i).text(0), r.row(i).boolean(1)});
  return out;
}

int64_t pg_count(pg::Connection& pg, const std::string& table) {
  return pg.exec("SELECT count(*) FROM " + ident(table)).first().int64(0);
}

int64_t sqlite_count(sqlite::Connection& db, const std::string& table) {
  auto q = db.query("SELECT count(*) FROM " + ident(table));
  q.step();
  return q.int64(0);
}

// The source must be exactly at this binary's schema: then its columns are the ones we know.
void check_source_schema(sqlite::Connection& db) {
  std::vector<int> have = sqlite::applied_versions(db);
  std::vector<int> want;
  for (const auto& f : sqlite::schema_files()) want.push_back(std::stoi(f.name.substr(0, f.name.find('_'))));
  if (have != want)
    throw Error(Errc::validation, "Source schema differs",
                "the SQLite database is not at this binary's schema version; open it once with this "
                "version (meekijk serve --data DIR) and stop it, then migrate");
}

// The SQLite full-text index of the teaching cases (an FTS5 table and its shadow tables): not
// copied — PostgreSQL indexes the same text itself (a generated tsvector column).
// Nor the report's pre-aggregated cells: rebuilt from the copied consults in the same transaction.
bool derived_table(const std::string& name) {
  return name.rfind("teaching_search", 0) == 0 || name == "report_cells";
}

// Every source table must be one we copy: nothing is left behind silently.
void check_source_tables(sqlite::Connection& db) {
  auto q = db.query(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
      "AND name <> 'schema_version' ORDER BY name");
  while (q.step()) {
    std::string name = q.text(0);
    bool known = derived_table(name) ||
                 std::any_of(tables().begin(), tables().end(), [&](const TableSpec& t) { return name == t.name; });
    if (!known) throw Error(Errc::internal, "Unknown table", "migrate-store does not know the SQLite table " + name);
  }
}

// Refuses a target holding anything: the tables (locked first, so nobody writes in between),
// the blobs and the audit chain head.
bool pg_has_table(pg::Connection& pg, const std::string& table) {
  return !pg.exec("SELECT to_regclass($1) IS NULL", pg::Params().add(table)).first().boolean(0);
}

bool sqlite_has_table(sqlite::Connection& db, const std::string& table) {
  auto q = db.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
  q.bind(table);
  return q.step();
}

void check_target_empty(pg::Connection& pg) {
  std::vector<std::string> names;
  for (const auto& t : tables())
    if (pg_has_table(pg, t.name)) names.emplace_back(t.name);
  names.emplace_back("blobs");
  names.emplace_back("blob_chunks");
  std::string all;
  for (const auto& name : names) all += ident(name) + ", ";
  pg.script("LOCK TABLE " + all + "audit_head IN EXCLUSIVE MODE", "migrate lock");
  for (const auto& name : names) {
    if (pg.exec("SELECT EXISTS (SELECT 1 FROM " + ident(name) + ")").first().boolean(0))
      throw Error(Errc::conflict, "Target not empty",
                  "the PostgreSQL database already holds data (table " + name +
                      "); migrate-store only fills an empty database");
  }
  if (pg.exec("SELECT chain_pos FROM audit_head WHERE id = 1").first().int64(0) != 0)
    throw Error(Errc::conflict, "Target not empty", "the PostgreSQL database already has an audit chain");
}

void copy_table(sqlite::Connection& db, pg::Connection& pg, const TableSpec& spec) {
  std::vector<std::string> src = sqlite_columns(db, spec.name);
  std::vector<Column> dst = pg_columns(pg, spec.name);
  std::vector<Column> cols;
  for (const auto& s : src) {
    if (std::find(spec.skip.begin(), spec.skip.end(), s) != spec.skip.end()) continue;
    auto it = std::find_if(dst.begin(), dst.end(), [&](const Column& c) { return c.name == s; });
    if (it == dst.end())
      throw Error(Errc::internal, "Schemas differ",
                  "column " + std::string(spec.name) + "." + s + " has no counterpart in PostgreSQL");
    cols.push_back(*it);
  }
  if (cols.empty()) throw Error(Errc::internal, "Schemas differ", "no columns to copy in " + std::string(spec.name));

  std::string select = "SELECT ", column_list;
  bool identity = false;
  for (size_t i = 0; i < cols.size(); ++i) {
    select += (i ? ", t." : "t.") + ident(cols[i].name);
    column_list += (i ? ", " : "") + ident(cols[i].name);
    identity = identity || cols[i].identity;
  }
  select += " FROM " + ident(spec.name) + " t " + spec.from;
  if (*spec.order) select += std::string(" ORDER BY ") + spec.order;
  std::string insert_head = "INSERT INTO " + ident(spec.name) + " (" + column_list + ")" +
                            (identity ? " OVERRIDING SYSTEM VALUE" : "") + " VALUES ";

  const size_t per_batch = std::max<size_t>(1, kParamsPerInsert / cols.size());
  auto flush = [&](const std::vector<std::optional<std::string>>& values) {
    size_t rows = values.size() / cols.size();
    if (rows == 0) return;
    std::string sql = insert_head;
    pg::Params params;
    size_t n = 0;
    for (size_t r = 0; r < rows; ++r) {
      sql += r ? ", (" : "(";
      for (size_t c = 0; c < cols.size(); ++c, ++n) {
        sql += (c ? ", $" : "$") + std::to_string(n + 1);
        params.add(values[n]);
      }
      sql += ")";
    }
    pg.exec(sql, params);
  };

  std::vector<std::optional<std::string>> values;
  values.reserve(per_batch * cols.size());
  auto q = db.query(select);
  while (q.step()) {
    for (size_t c = 0; c < cols.size(); ++c) values.push_back(q.opt_text(static_cast<int>(c)));
    if (values.size() == per_batch * cols.size()) {
      flush(values);
      values.clear();
    }
  }
  flush(values);

  // Identity columns continue after the copied values.
  for (const auto& c : cols) {
    if (!c.identity) continue;
    pg.exec("SELECT setval(pg_get_serial_sequence($1, $2), (SELECT COALESCE(max(" + ident(c.name) +
                "), 0) + 1 FROM " + ident(spec.name) + "), false)",
            pg::Params().add_all(std::string(spec.name), c.name));
  }
}

// The attachment bytes: every distinct content named by an attachment, from DATA/blobs into
// blobs + blob_chunks. Returns {blobs, chunks} expected in the target.
std::pair<int64_t, int64_t> copy_blobs(sqlite::Connection& db, pg::Connection& pg, const fs::path& data_dir) {
  int64_t blobs = 0, chunks_total = 0;
  std::string buffer(kChunk, '\0');
  auto q = db.query("SELECT DISTINCT sha256 FROM attachments ORDER BY sha256");
  while (q.step()) {
    std::string sha = q.text(0);
    fs::path file = data_dir / "blobs" / sha.substr(0, 2) / sha;
    std::error_code ec;
    auto size = fs::file_size(file, ec);
    std::ifstream in(file, std::ios::binary);
    if (ec || !in)
      throw Error(Errc::not_found, "Attachment bytes missing",
                  "the source has no file blobs/" + sha.substr(0, 2) + "/" + sha + " for an attachment");
    int64_t chunks = static_cast<int64_t>((size + kChunk - 1) / kChunk);
    pg.exec("INSERT INTO blobs (sha256, size, chunks) VALUES ($1, $2, $3)",
            pg::Params().add_all(sha, static_cast<int64_t>(size), chunks));
    for (int64_t n = 0; n < chunks; ++n) {
      in.read(buffer.data(), static_cast<std::streamsize>(kChunk));
      std::string_view bytes(buffer.data(), static_cast<size_t>(in.gcount()));
      if (bytes.empty())
        throw Error(Errc::unavailable, "Storage unavailable", "blobs/" + sha.substr(0, 2) + "/" + sha + " ended early");
      pg::Params p;
      p.add_all(sha, n).add_bytes(bytes);
      pg.exec("INSERT INTO blob_chunks (sha256, n, data) VALUES ($1, $2, $3)", p);
    }
    ++blobs;
    chunks_total += chunks;
  }
  return {blobs, chunks_total};
}

}  // namespace

MigrationReport migrate_sqlite_to_postgres(const fs::path& data_dir, const std::string& url, Logger& log) {
  fs::path db_file = data_dir / kDbName;
  std::error_code ec;
  if (!fs::is_regular_file(db_file, ec))
    throw Error(Errc::not_found, "No source", "no SQLite database (" + std::string(kDbName) + ") in " + data_dir.string());

  auto db = sqlite::Connection::open(db_file, sqlite::Connection::Mode::read);
  check_source_schema(*db);
  check_source_tables(*db);

  auto pg = pg::Connection::open(url, "meekijk-migrate");
  pg::migrate(*pg, log);  // the normal schema, as `serve --db` would create it

  MigrationReport report;
  db->exec("BEGIN", "migrate snapshot");  // one consistent read of the source
  pg->script("BEGIN", "migrate begin");
  try {
    check_target_empty(*pg);
    for (const auto& spec : tables()) {
      if (!sqlite_has_table(*db, spec.name)) continue;
      copy_table(*db, *pg, spec);
      report.tables.push_back({spec.name, sqlite_count(*db, spec.name), pg_count(*pg, spec.name)});
      log.info("migrate.table_copied", {{"table", spec.name}, {"rows", std::to_string(report.tables.back().target_rows)}});
    }
    auto [blobs, chunks] = copy_blobs(*db, *pg, data_dir);
    pg::PgTx cells_tx(*pg, pg::PgTx::Mode::write);
    report_cells::rebuild(cells_tx);
    report.tables.push_back({"blobs", blobs, pg_count(*pg, "blobs")});
    report.tables.push_back({"blob_chunks", chunks, pg_count(*pg, "blob_chunks")});
    for (const auto& t : report.tables) {
      if (t.source_rows != t.target_rows)
        throw Error(Errc::internal, "Migration incomplete",
                    "table " + t.name + ": " + std::to_string(t.source_rows) + " rows in SQLite, " +
                        std::to_string(t.target_rows) + " in PostgreSQL");
    }
    pg->commit();
  } catch (...) {
    if (!pg->broken() && pg->in_transaction()) {
      try {
        pg->script("ROLLBACK", "migrate rollback");
      } catch (...) {
      }
    }
    if (db->in_transaction()) db->exec("ROLLBACK", "migrate snapshot end");
    throw;
  }
  db->exec("COMMIT", "migrate snapshot end");
  log.info("migrate.committed", {{"tables", std::to_string(report.tables.size())}});
  return report;
}

}  // namespace mk::store
