// SQLite-specific query plans that must not depend on ANALYZE statistics: a database that grew
// by use (import, then the server) has none, unlike one made by `meekijk generate`.
#include <algorithm>

#include "backend.hpp"
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

}  // namespace
}  // namespace mk::store::test
