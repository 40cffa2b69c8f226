// Notifications with PostgreSQL: what one instance commits reaches every instance on the same
// database (the fan-out of live events behind a load balancer), and the LISTEN connection
// comes back by itself when the server drops it.
#include <atomic>
#include <thread>

#include "backend.hpp"
#include "core/error.hpp"
#include "notify_support.hpp"

namespace mk::store::test {
namespace {

using namespace std::chrono_literals;

class PgNotifyTest : public StoreTest<PgBackend> {
 protected:
  void notify(Store& store, const std::string& payload) {
    store.write([&](WriteTx& tx) { tx.notify(payload); });
  }
  // Whether exactly `n` connections of this test's database are LISTENing (a DO block that
  // fails otherwise: postgres_execute returns no rows).
  bool listening(int n) {
    try {
      postgres_execute(backend().server, "DO $$ BEGIN IF (SELECT count(*) FROM pg_stat_activity WHERE datname = '" +
                                             backend().db + "' AND " + kListening + ") <> " + std::to_string(n) +
                                             " THEN RAISE EXCEPTION 'not %', " + std::to_string(n) + "; END IF; END $$");
      return true;
    } catch (const Error&) {
      return false;
    }
  }
  static constexpr const char* kListening = "(application_name = 'meekijk-listener' OR query LIKE 'LISTEN %')";
  void terminate_listeners() {
    postgres_execute(backend().server,
                     "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + backend().db +
                         "' AND " + kListening);
  }
};

TEST_F(PgNotifyTest, AnotherInstanceOnTheSameDatabaseHearsEveryCommit) {
  std::ostringstream other_log_text;
  Logger other_log(other_log_text);
  auto other = backend().open(other_log);  // a second instance, as behind nginx
  Received here, there;
  store().listen(here.listener());
  other->listen(there.listener());

  notify(store(), "from-here");
  notify(*other, "from-there");
  for (auto* r : {&here, &there}) {
    EXPECT_TRUE(r->wait_for("from-here"));
    EXPECT_TRUE(r->wait_for("from-there"));
  }
  // A rolled-back transaction reaches nobody, on any instance.
  EXPECT_THROW(other->write([](WriteTx& tx) {
    tx.notify("lost");
    throw Error(Errc::conflict, "no");
  }),
               Error);
  notify(*other, "sentinel");
  EXPECT_TRUE(here.wait_for("sentinel"));
  EXPECT_TRUE(there.wait_for("sentinel"));
  EXPECT_EQ(here.items(), (std::vector<std::string>{"from-here", "from-there", "sentinel"}));
  EXPECT_EQ(there.items(), here.items());
  other.reset();
}

TEST_F(PgNotifyTest, TheListenerComesBackAfterItsConnectionIsTerminated) {
  Received received;
  store().listen(received.listener(), received.resync_counter());
  notify(store(), "before");
  ASSERT_TRUE(received.wait_for("before"));

  terminate_listeners();
  ASSERT_TRUE(received.wait_for_resync()) << "no resync after the LISTEN connection was lost";
  // Listening again: a commit from now on arrives.
  notify(store(), "after");
  EXPECT_TRUE(received.wait_for("after"));
  EXPECT_EQ(received.items(), (std::vector<std::string>{"before", "after"}));

  store_.reset();  // the log is complete (and no longer written to)
  std::string log = log_text_.str();
  EXPECT_NE(log.find("store.listen_lost"), std::string::npos) << log;
  EXPECT_NE(log.find("store.listen_restored"), std::string::npos) << log;
}

TEST_F(PgNotifyTest, OnlyAStoreWithAListenerHoldsAListenConnection) {
  notify(store(), "nobody hears this");  // import, audit verify, ...: no listener, no connection
  EXPECT_TRUE(listening(0));
  Received received;
  store().listen(received.listener());  // listening when listen() returns
  EXPECT_TRUE(listening(1));
  store_.reset();
  bool gone = false;  // the server notices the closed connection a moment later
  for (int i = 0; i < 200 && !gone; ++i) {
    gone = listening(0);
    if (!gone) std::this_thread::sleep_for(50ms);
  }
  EXPECT_TRUE(gone);
}

}  // namespace
}  // namespace mk::store::test
