// Audited reads take no row lock (PostgreSQL). A read of patient data is a write transaction
// (it appends its audit entry), but it reads the consult without FOR UPDATE: while a change of
// the consult is in progress — here a store transaction holding the row lock, as a transition
// does between its load and its commit — the JSON API's and FHIR's reads and searches of that
// consult answer, and are audited, at once; a transition of the same consult still queues.
// On SQLite one writer runs every write transaction in turn, so there is no row lock to avoid.
#include <chrono>
#include <functional>
#include <future>
#include <thread>
#include <utility>

#include "api/harness.hpp"
#include "store/postgres/postgres_store.hpp"

namespace mk::apitest {
namespace {

using namespace std::chrono_literals;

class ReadLocks : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    if (!on_postgres()) GTEST_SKIP() << "SQLite runs one write transaction at a time: no row locks";
    id_ = create_id("gp_a", "x_derm");
    auto up = as("gp_a").post_raw("/api/v1/consults/" + id_ + "/attachments?filename=huid.png", png_1x1(), "image/png");
    ASSERT_EQ(up.status, 201) << up.describe();
    attachment_ = str(up.object()["id"]);
  }
  void TearDown() override {
    let_go();
    if (holder_.valid()) holder_.wait();
    ApiTest::TearDown();
  }

  // Starts a write transaction that locks the consult's row (FOR UPDATE) and keeps it open
  // until let_go(); returns once the lock is held.
  void hold_the_consult() {
    auto held = locked_.get_future();
    holder_ = std::async(std::launch::async, [this] {
      bool signalled = false;  // a retried attempt must not signal twice
      rt_->store().write([&](store::WriteTx& tx) {
        EXPECT_TRUE(tx.consult(ConsultId(id_)));
        if (!std::exchange(signalled, true)) locked_.set_value();
        released_.wait();
      });
    });
    ASSERT_EQ(held.wait_for(60s), std::future_status::ready);
  }
  void let_go() {
    if (!std::exchange(let_go_, true)) release_.set_value();
  }

  // The response of `request`, which must come within a minute (else the lock is let go so
  // that the test can end, and the test fails).
  Response promptly(const std::string& what, const std::function<Response()>& request) {
    auto f = std::async(std::launch::async, request);
    if (f.wait_for(60s) != std::future_status::ready) {
      ADD_FAILURE() << what << " waited for the change's row lock";
      let_go();
    }
    return f.get();
  }

  // Whether a connection of this test's database waits for a lock (a DO block that fails
  // otherwise); polled for up to a minute.
  bool someone_waits_for_a_lock() {
    auto deadline = std::chrono::steady_clock::now() + 60s;
    do {
      try {
        store::postgres_execute(pg_server_, "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE "
                                            "datname = '" + db_name_ + "' AND wait_event_type = 'Lock') THEN "
                                            "RAISE EXCEPTION 'none'; END IF; END $$");
        return true;
      } catch (const Error&) {
        std::this_thread::sleep_for(20ms);
      }
    } while (std::chrono::steady_clock::now() < deadline);
    return false;
  }

  std::string id_, attachment_;
  std::promise<void> locked_, release_;
  std::shared_future<void> released_ = release_.get_future().share();
  bool let_go_ = false;
  std::future<void> holder_;
};

TEST_F(ReadLocks, ReadsAndSearchesOfAConsultDoNotWaitForAChangeInProgress) {
  auto gp = as("gp_a");
  auto derm = as("derm_x1");
  const std::string q = "consult_id=" + id_;
  int reads = count_events(audit("po_a", q), "consult.read");
  int lists = count_events(audit("po_a", q), "consult.list");
  int downloads = count_events(audit("po_a", q), "attachment.read");
  hold_the_consult();
  if (HasFatalFailure()) return;

  std::vector<std::pair<std::string, std::function<Response()>>> requests = {
      {"GET /api/v1/consults/{id}", [&] { return gp.get("/api/v1/consults/" + id_); }},
      {"GET /api/v1/consults/{id}/summary", [&] { return gp.get("/api/v1/consults/" + id_ + "/summary"); }},
      {"GET /api/v1/consults/{id}/attachments/{aid}",
       [&] { return derm.get("/api/v1/consults/" + id_ + "/attachments/" + attachment_); }},
      {"GET /fhir/ServiceRequest/{id}", [&] { return gp.get("/fhir/ServiceRequest/" + id_); }},
      {"GET /fhir/Task/{id}", [&] { return derm.get("/fhir/Task/" + id_); }},
      {"GET /fhir/Task?owner&status (the worklist poll)",
       [&] { return derm.get("/fhir/Task?owner=HealthcareService/" + service("x_derm") + "&status=requested"); }},
      {"GET /fhir/ServiceRequest?_id", [&] { return gp.get("/fhir/ServiceRequest?_id=" + id_); }},
      {"GET /fhir/DocumentReference/{aid}", [&] { return derm.get("/fhir/DocumentReference/" + attachment_); }},
      {"GET /fhir/Binary/{aid}", [&] { return derm.get("/fhir/Binary/" + attachment_, {{"Accept", "image/png"}}); }},
  };
  for (const auto& [what, request] : requests) {
    auto r = promptly(what, request);
    EXPECT_EQ(r.status, 200) << what << ": " << r.describe();
  }
  // Each read committed its audit entry while the change still held the lock.
  EXPECT_EQ(count_events(audit("po_a", q), "consult.read"), reads + 5);  // JSON, summary, SR, Task, DocumentReference
  EXPECT_EQ(count_events(audit("po_a", q), "consult.list"), lists + 2);  // the two searches
  EXPECT_EQ(count_events(audit("po_a", q), "attachment.read"), downloads + 2);  // JSON and Binary

  // A transition of the same consult still takes the lock: it queues until the change ends.
  auto accept = std::async(std::launch::async, [&] {
    return derm.post_json("/api/v1/consults/" + id_ + "/accept", json::object{});
  });
  EXPECT_TRUE(someone_waits_for_a_lock()) << "the transition did not queue on the row lock";
  EXPECT_EQ(accept.wait_for(0s), std::future_status::timeout);
  let_go();
  ASSERT_EQ(accept.wait_for(60s), std::future_status::ready);
  auto accepted = accept.get();
  EXPECT_EQ(accepted.status, 200) << accepted.describe();
}

}  // namespace
}  // namespace mk::apitest
