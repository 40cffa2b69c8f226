// SQLite's query plans and statistics: a database that grew by use (import, then the server)
// has no ANALYZE statistics, unlike one made by `meekijk generate`. The hot reads must not
// depend on them, and the writer gathers them (writer.hpp).
#include <algorithm>

#include "backend.hpp"
#include "fixtures.hpp"
#include "store/report_cells.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/tx.hpp"

namespace mk::store::test {
namespace {

// The plan's detail lines, e.g. "SEARCH c USING INDEX consults_patient (patient_id=?)".
std::string plan_of(sqlite::Connection& conn, const std::string& sql) {
  auto q = conn.query("EXPLAIN QUERY PLAN " + sql);
  std::string out;
  while (q.step()) out += q.text(3) + "\n";
  return out;
}

bool has(const std::string& plan, const char* text) { return plan.find(text) != std::string::npos; }

TEST(SqliteReportRowPlan, TheCellsUpkeepFindsItsRowsByKeyWithoutStatistics) {
  TempDir tmp;
  std::ostringstream sink;
  Logger log(sink);
  auto store = open_sqlite_store({.data_dir = tmp.path()}, log);  // the schema, no sqlite_stat1
  auto conn = sqlite::Connection::open(tmp.path() / "meekijk.db", sqlite::Connection::Mode::read);
  {
    auto stats = conn->query("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'");
    ASSERT_TRUE(stats.step());
    ASSERT_EQ(stats.int64(0), 0) << "the test needs a database without statistics";
  }

  // One patient (every consult create and patient change): the patient's consults, not every
  // closed consult through the (status, closed_at) index.
  std::string by_patient = plan_of(*conn, sqlite::report_row_sql(report_cells::of_patient(PatientId("p"))));
  EXPECT_TRUE(has(by_patient, "consults_patient")) << by_patient;
  EXPECT_FALSE(has(by_patient, "consults_status_closed")) << by_patient;
  EXPECT_FALSE(has(by_patient, "SCAN c")) << by_patient;

  // One consult (every transition): its key.
  std::string by_consult = plan_of(*conn, sqlite::report_row_sql(report_cells::of_consult(ConsultId("c"))));
  EXPECT_TRUE(has(by_consult, "sqlite_autoindex_consults_1")) << by_consult;
  EXPECT_FALSE(has(by_consult, "consults_status_closed")) << by_consult;

  // The report over a period (no cells yet) keeps its index of closed consults.
  ReportFilter period = report_cells::all_time();
  std::string by_period = plan_of(*conn, sqlite::report_row_sql(period));
  EXPECT_TRUE(has(by_period, "consults_status_closed")) << by_period;
  period.practices.push_back(OrgId("o"));
  std::string by_practice = plan_of(*conn, sqlite::report_row_sql(period));
  EXPECT_TRUE(has(by_practice, "consults_practice_closed")) << by_practice;
}

// Rows of sqlite_stat1 for `table` (0 when ANALYZE never ran).
int64_t statistics_rows(const std::filesystem::path& dir, const char* table) {
  auto conn = sqlite::Connection::open(dir / "meekijk.db", sqlite::Connection::Mode::read);
  auto exists = conn->query("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'");
  if (!exists.step() || exists.int64(0) == 0) return 0;
  auto q = conn->query("SELECT count(*) FROM sqlite_stat1 WHERE tbl = ?");
  q.bind(std::string_view(table));
  return q.step() ? q.int64(0) : 0;
}

// Writes a region with three consults, then reads one in a write job (as every audited read
// does), so the writer's connection has planned queries on consults.
void use(Store& store) {
  Region r = make_region();
  save_region(store, r);
  std::vector<ConsultId> ids;
  for (int n = 1; n <= 3; ++n) {
    Patient p = make_patient("p" + std::to_string(n), "11122233" + std::to_string(n), "J. Jansen");
    Consult c = make_consult(r, n, p, Timestamp{} + std::chrono::hours(n));
    ids.push_back(c.id);
    store.write([&](WriteTx& tx) {
      tx.save_patient(p);
      tx.insert_consult(c);
    });
  }
  store.write([&](WriteTx& tx) { EXPECT_TRUE(tx.consult(ids[1])); });
  store.write([](WriteTx&) {});  // one more batch: the optimize after the read has run before it
}

// Opcodes of one statement's program.
std::vector<std::string> opcodes(sqlite::Connection& conn, const std::string& sql) {
  auto q = conn.query("EXPLAIN " + sql);
  std::vector<std::string> out;
  while (q.step()) out.push_back(q.text(1));
  return out;
}

// Migration 0013: a CHECK with a constant IN list of more than two values made SQLite build an
// ephemeral b-tree of the values on every INSERT or UPDATE of the table (five per consult
// create). None of the tables' writes builds one now, and the checks reject what they did.
TEST(SqliteChecks, NoWriteBuildsAnEphemeralTableAndTheChecksStillHold) {
  TempDir tmp;
  std::ostringstream sink;
  Logger log(sink);
  auto store = open_sqlite_store({.data_dir = tmp.path()}, log);
  use(*store);
  auto conn = sqlite::Connection::open(tmp.path() / "meekijk.db", sqlite::Connection::Mode::write);

  std::vector<std::string> tables;
  {
    auto q = conn->query("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE '%CHECK%'");
    while (q.step()) tables.push_back(q.text(0));
  }
  ASSERT_GE(tables.size(), 8u);  // organizations, users, patients, consults, messages, desk, mail, …
  for (const auto& table : tables) {
    // Every column set, one row by its key (as the store's updates do: one pass, no list of rows).
    std::string set, key;
    auto cols = conn->query("SELECT name, pk FROM pragma_table_info(?)");
    cols.bind(table);
    while (cols.step()) {
      set += (set.empty() ? "" : ", ") + cols.text(0) + " = " + cols.text(0);
      if (cols.int64(1) > 0) key += (key.empty() ? "" : " AND ") + cols.text(0) + " = ''";
    }
    if (key.empty()) key = "rowid = 1";
    for (const std::string& sql :
         {"INSERT INTO " + table + " DEFAULT VALUES", "UPDATE " + table + " SET " + set + " WHERE " + key}) {
      auto ops = opcodes(*conn, sql);
      EXPECT_EQ(std::count(ops.begin(), ops.end(), "OpenEphemeral"), 0) << sql;
    }
  }

  auto rejected = [&](const std::string& sql) {
    try {
      conn->exec(sql.c_str(), "check");
    } catch (const Error&) {
      return true;
    }
    return false;
  };
  EXPECT_TRUE(rejected("UPDATE consults SET status = 'lost'"));
  EXPECT_TRUE(rejected("UPDATE consults SET intended_referral = 'maybe'"));
  EXPECT_TRUE(rejected("UPDATE consults SET outcome_result = 'cured'"));
  EXPECT_TRUE(rejected("UPDATE patients SET sex = 'x'"));
  EXPECT_TRUE(rejected("UPDATE users SET role = 'superuser'"));
  EXPECT_FALSE(rejected("UPDATE consults SET intended_referral = NULL, outcome_result = NULL, status = 'closed'"));
  EXPECT_FALSE(rejected("UPDATE patients SET sex = 'unknown'"));

  auto check = conn->query("PRAGMA integrity_check");
  ASSERT_TRUE(check.step());
  EXPECT_EQ(check.text(0), "ok");
}

TEST(SqliteStatistics, TheWriterGathersThemOnlyWhenItsIntervalSays) {
  TempDir tmp;
  std::ostringstream sink;
  Logger log(sink);
  {
    auto store = open_sqlite_store({.data_dir = tmp.path() / "due", .optimize_after = std::chrono::seconds(0),
                                    .optimize_every = std::chrono::seconds(0)},
                                   log);
    use(*store);
  }
  EXPECT_GT(statistics_rows(tmp.path() / "due", "consults"), 0);
  EXPECT_NE(sink.str().find("event=store.optimized"), std::string::npos) << sink.str();

  // The defaults wait five minutes after opening: a short-lived store never analyses.
  std::ostringstream quiet;
  Logger quiet_log(quiet);
  {
    auto store = open_sqlite_store({.data_dir = tmp.path() / "not-yet"}, quiet_log);
    use(*store);
  }
  EXPECT_EQ(statistics_rows(tmp.path() / "not-yet", "consults"), 0);
  EXPECT_EQ(quiet.str().find("event=store.optimized"), std::string::npos) << quiet.str();
}

}  // namespace
}  // namespace mk::store::test
