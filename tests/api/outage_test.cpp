// The database goes away while the server runs (PostgreSQL: the test's database refuses
// connections and its sessions are ended): requests answer 503 problem+json with Retry-After,
// /readyz fails, /healthz (the process) still answers, and everything works again by itself
// when the database returns. On SQLite the database is a file of the process: no such outage.
#include "harness.hpp"
#include "store/postgres/postgres_store.hpp"

namespace mk::apitest {
namespace {

class Outage : public ApiTest {
 protected:
  void database(bool allow) {
    store::postgres_execute(pg_server_, "ALTER DATABASE " + db_name_ + " WITH ALLOW_CONNECTIONS " +
                                            (allow ? "true" : "false"));
    if (!allow)
      store::postgres_execute(pg_server_, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" +
                                              db_name_ + "'");
  }
};

TEST_F(Outage, DatabaseGoneMeans503AndTheServerRecoversByItself) {
  if (!on_postgres()) GTEST_SKIP() << "a SQLite database is a file of the process itself";
  auto id = create_id("gp_a", "x_derm");
  auto gp = as("gp_a");
  database(false);

  auto r = gp.get("/api/v1/consults/" + id);
  EXPECT_EQ(r.status, 503) << r.describe();
  EXPECT_EQ(r.header("content-type").value_or(""), "application/problem+json");
  EXPECT_TRUE(r.has_header("retry-after")) << r.describe();
  EXPECT_EQ(r.object().at("status").as_int64(), 503);
  auto w = gp.post_json("/api/v1/consults", consult_body("x_derm"), {{"Idempotency-Key", "outage-1"}});
  EXPECT_EQ(w.status, 503) << w.describe();
  EXPECT_EQ(anonymous().get("/readyz").status, 503);
  EXPECT_EQ(anonymous().get("/healthz").status, 200);

  database(true);
  EXPECT_EQ(anonymous().get("/readyz").status, 200);
  EXPECT_EQ(gp.get("/api/v1/consults/" + id).status, 200);
  // The write that failed left nothing behind: the same key now creates it, once.
  auto again = gp.post_json("/api/v1/consults", consult_body("x_derm"), {{"Idempotency-Key", "outage-1"}});
  EXPECT_EQ(again.status, 201) << again.describe();
  EXPECT_EQ(practice_count(), 2);
}

}  // namespace
}  // namespace mk::apitest
