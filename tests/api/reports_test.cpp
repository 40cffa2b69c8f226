// GET /api/v1/reports/triple-aim on both backends (issue 6): each role's part, small-cell
// suppression, the CSV read back by Python's csv module, bad input, and `meekijk report`.
// (The indicators themselves reconcile with the raw consults in tests/demo.)
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <iterator>

#include "harness.hpp"

namespace mk::apitest {
namespace {

class Reports : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    // Ten patients of practice A (care group A) at dermatology X: six stay with the GP.
    for (int i = 0; i < 10; ++i) {
      auto id = create_id("gp_a", "x_derm", valid_bsn(100 + i));
      act("derm_x1", id, "answer", answer_body());
      act("gp_a", id, "close", close_body(i < 6 ? "treated_by_gp" : "referred"));
    }
    // Two of practice B (care group B) at dermatology Y.
    for (int i = 0; i < 2; ++i) {
      auto id = create_id("gp_b", "y_derm", valid_bsn(200 + i));
      act("derm_y", id, "answer", answer_body());
      act("gp_b", id, "close", close_body());
    }
  }
  json::object report(const std::string& ref, const std::string& by) {
    auto r = as(ref).get("/api/v1/reports/triple-aim?from=2026-04-01&to=2026-04-30&by=" + by);
    EXPECT_EQ(r.status, 200) << r.describe();
    return r.object();
  }
  static const json::object* group(const json::object& report, const std::string& label) {
    for (const auto& g : report.at("groups").as_array())
      if (str(g.at("label")) == label) return &g.as_object();
    return nullptr;
  }
};

TEST_F(Reports, TheRegionSeesEveryGroupAndSmallOnesAreSuppressed) {
  auto r = report("admin", "care_group");
  EXPECT_EQ(r.at("small_cell").as_int64(), 10);
  ASSERT_EQ(r.at("groups").as_array().size(), 2u);
  auto a = group(r, "Zorggroep A");
  ASSERT_TRUE(a);
  EXPECT_FALSE(a->at("suppressed").as_bool());
  EXPECT_EQ(a->at("consults").as_int64(), 10);
  EXPECT_EQ(a->at("patients").as_int64(), 10);
  EXPECT_DOUBLE_EQ(a->at("treated_by_gp_pct").as_double(), 60.0);
  EXPECT_DOUBLE_EQ(a->at("participation_pct").as_double(), 100.0);  // its one practice took part
  auto b = group(r, "Zorggroep B");
  ASSERT_TRUE(b);
  EXPECT_TRUE(b->at("suppressed").as_bool());
  EXPECT_EQ(b->at("consults"), "<10");
  EXPECT_EQ(b->at("patients"), "<10");
  EXPECT_FALSE(b->contains("treated_by_gp_pct"));  // no figure that could single a patient out
  const auto& total = r.at("total").as_object();
  EXPECT_EQ(total.at("consults").as_int64(), 12);
  EXPECT_DOUBLE_EQ(total.at("treated_by_gp_pct").as_double(), 8.0 * 100.0 / 12.0);
  EXPECT_DOUBLE_EQ(total.at("participation_pct").as_double(), 100.0);  // both practices of the region
  // The insurer sees the region too.
  EXPECT_EQ(report("insurer", "month").at("total").at("consults").as_int64(), 12);
  auto months = report("admin", "month");
  ASSERT_EQ(months.at("groups").as_array().size(), 1u);
  EXPECT_EQ(str(months.at("groups").as_array()[0].at("key")), "2026-04");
}

TEST_F(Reports, EachRoleSeesOnlyItsOwnPart) {
  auto cgm = report("cgm_a", "practice");  // its care group's practices
  ASSERT_EQ(cgm.at("groups").as_array().size(), 1u);
  EXPECT_EQ(str(cgm.at("groups").as_array()[0].at("key")), org("prac_a"));
  EXPECT_EQ(cgm.at("total").at("consults").as_int64(), 10);
  EXPECT_EQ(cgm.at("practices_in_scope").as_int64(), 1);

  auto hy = report("coord_y", "service");  // its hospital's services: two patients, suppressed
  ASSERT_EQ(hy.at("groups").as_array().size(), 1u);
  EXPECT_EQ(str(hy.at("groups").as_array()[0].at("key")), service("y_derm"));
  EXPECT_TRUE(hy.at("total").at("suppressed").as_bool());
  auto hx = report("coord_x", "service");
  EXPECT_EQ(hx.at("total").at("consults").as_int64(), 10);

  auto gp = report("gp_b", "month");  // its own practice
  EXPECT_TRUE(gp.at("total").at("suppressed").as_bool());
  EXPECT_EQ(report("gp_a", "month").at("total").at("consults").as_int64(), 10);

  for (const char* who : {"derm_x1", "asst_a", "po_a"})
    EXPECT_EQ(as(who).get("/api/v1/reports/triple-aim?from=2026-04-01&to=2026-04-30").status, 403) << who;
  EXPECT_EQ(anonymous().get("/api/v1/reports/triple-aim?from=2026-04-01&to=2026-04-30").status, 401);
}

TEST_F(Reports, BadInputIsA422) {
  for (const char* q : {"from=2026-04-01&to=2026-04-30&by=colour", "to=2026-04-30", "from=2026-04-31&to=2026-05-01",
                        "from=2026-05-01&to=2026-04-01", "from=2000-01-01&to=2026-01-01",
                        "from=2026-04-01&to=2026-04-30&format=pdf"})
    EXPECT_EQ(as("admin").get(std::string("/api/v1/reports/triple-aim?") + q).status, 422) << q;
  EXPECT_TRUE(healthy());
}

TEST_F(Reports, TheCsvReadsBackAndTheCommandLineWritesTheSameTable) {
  auto r = as("admin").get("/api/v1/reports/triple-aim?from=2026-04-01&to=2026-04-30&by=care_group&format=csv");
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_EQ(r.header("content-type").value_or(""), "text/csv; charset=utf-8");
  auto file = root_ / "report.csv";
  std::ofstream(file, std::ios::binary) << r.body;
  auto rows = read_csv(file);
  ASSERT_EQ(rows.size(), 4u);  // header, two care groups, total
  const auto& h = rows[0];
  auto col = [&](const std::string& name) { return size_t(std::find(h.begin(), h.end(), name) - h.begin()); };
  ASSERT_LT(col("treated_by_gp_pct"), h.size());
  for (size_t i = 1; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i].size(), h.size());
    if (rows[i][col("label")] == "Zorggroep A") {
      EXPECT_EQ(rows[i][col("consults")], "10");
      EXPECT_EQ(rows[i][col("treated_by_gp_pct")], "60,0");
    }
    if (rows[i][col("label")] == "Zorggroep B") {
      EXPECT_EQ(rows[i][col("consults")], "<10");
    }
  }
  EXPECT_EQ(rows[3][col("consults")], "12");

  stop();
  auto out = root_ / "cli.csv";
  auto [rc, text] = run_meekijk("report --from 2026-04-01 --to 2026-04-30 --by care_group --out " + out.string() + " " +
                                store_args());
  ASSERT_EQ(rc, 0) << text;
  EXPECT_EQ(read_csv(out), rows);
}

// The pre-aggregated cells (store/report_cells.hpp), kept in the transactions of the closes,
// the follow-ups and a billing run, give the figures of the consults themselves: the whole
// month from the month cells, one day from the day cells, both as `meekijk report
// --from-consults` reads them from the consults; and a rebuild from scratch changes nothing.
TEST_F(Reports, TheCellsGiveTheFiguresOfTheConsultsAndOfARebuild) {
  std::vector<std::string> later;
  for (int i = 0; i < 3; ++i) {
    later.push_back(create_id("gp_a", "x_derm", valid_bsn(300 + i)));
    act("derm_x1", later.back(), "answer", answer_body());
    act("gp_a", later.back(), "close", close_body("treated_by_gp"));
  }
  clock_.advance(std::chrono::days(91));
  act("gp_a", later[0], "follow-up", json::object{{"referred_within_90d", false}});
  act("gp_a", later[1], "follow-up", json::object{{"referred_within_90d", true}});
  EXPECT_EQ(as("admin").post_json("/api/v1/billing/reprocess", json::object{{"month", "2026-04"}}).status, 200);

  for (const char* by : {"month", "specialty", "service", "hospital", "care_group", "practice", "modality", "pc4"}) {
    SCOPED_TRACE(by);
    auto cells = report("admin", by);
    auto r = as("admin").get(std::string("/api/v1/reports/triple-aim?from=2026-04-24&to=2026-04-24&by=") + by);
    ASSERT_EQ(r.status, 200) << r.describe();
    auto day = r.object();
    EXPECT_EQ(cells.at("groups"), day.at("groups"));
    EXPECT_EQ(cells.at("total"), day.at("total"));
    EXPECT_EQ(cells.at("total").at("consults").as_int64(), 15);
  }
  EXPECT_DOUBLE_EQ(report("admin", "month").at("total").at("confirmed_avoided_pct").as_double(), 50.0);

  stop();
  auto cli_report = [&](const std::string& period, const std::string& by, const std::string& extra = "") {
    auto out = root_ / ("cells-" + by + ".json");
    auto [rc, text] = run_meekijk("report " + period + " --format json --by " + by + " --out " + out.string() + " " +
                                  extra + " " + store_args());
    EXPECT_EQ(rc, 0) << text;
    std::ifstream in(out, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const std::vector<std::string> periods = {"--from 2026-04-01 --to 2026-04-30", "--from 2026-04-24 --to 2026-04-24",
                                            "--from 2026-03-15 --to 2026-05-10", "--from 2026-04-25 --to 2026-06-30"};
  const std::vector<std::string> groupings = {"month", "specialty", "practice", "pc4"};
  std::vector<std::string> before;
  for (const auto& period : periods)
    for (const auto& by : groupings) {
      SCOPED_TRACE(period + " by " + by);
      before.push_back(cli_report(period, by));
      EXPECT_EQ(before.back(), cli_report(period, by, "--from-consults"));
    }
  EXPECT_NE(before[0].find("\"consults\":15"), std::string::npos) << before[0];
  EXPECT_NE(before[4].find("\"consults\":15"), std::string::npos) << before[4];
  EXPECT_EQ(before[12].find("\"consults\":15"), std::string::npos) << "the 24th is not in " << periods[3];
  auto [rc, text] = run_meekijk("rebuild-report-cells " + store_args());
  ASSERT_EQ(rc, 0) << text;
  EXPECT_NE(text.find("from 15 closed consults"), std::string::npos) << text;
  size_t i = 0;
  for (const auto& period : periods)
    for (const auto& by : groupings) EXPECT_EQ(cli_report(period, by), before[i++]) << period << " by " << by;
}

}  // namespace
}  // namespace mk::apitest
