// PostgreSQL-specific behaviour: opening when the database is down, losing and regaining the
// database while serving, retries (deadlock, idempotency race), row locks on consults (and
// the audited read that takes none), concurrent migrations, blobs shared between instances,
// the append-only audit table and the sealer. The port-level behaviour is the typed suite's,
// run against PostgreSQL too.
#include <atomic>
#include <chrono>
#include <fstream>
#include <future>
#include <latch>
#include <map>
#include <set>
#include <thread>
#include <utility>

#include "backend.hpp"
#include "core/error.hpp"
#include "fixtures.hpp"
#include "store/audit_hash.hpp"
#include "store/postgres/sealer.hpp"

namespace mk::store::test {
namespace {

namespace fs = std::filesystem;

class PgStoreTest : public StoreTest<PgBackend> {
 protected:
  // Runs SQL on the test database (or, with `on_server`, the server's admin database).
  void sql(const std::string& text, bool on_server = false) {
    postgres_execute(on_server ? backend().server : backend().url, text);
  }
  Errc error_of(const std::function<void()>& fn) {
    try {
      fn();
    } catch (const Error& e) {
      return e.code();
    }
    return Errc::internal;  // "no error": not what these tests expect
  }
  std::optional<std::string> meta(const std::string& key) {
    return store().read([&](ReadTx& tx) { return tx.meta(key); });
  }
  // Whether a connection of this test's database is waiting for a lock in a consult read
  // FOR UPDATE (a DO block that fails otherwise: postgres_execute returns no rows).
  bool waiting_for_row_lock() {
    try {
      sql("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = '" + backend().db +
              "' AND wait_event_type = 'Lock' AND query LIKE '%FOR UPDATE OF c') THEN RAISE EXCEPTION 'none'; "
              "END IF; END $$",
          true);
      return true;
    } catch (const Error&) {
      return false;
    }
  }
};

TEST(PgOpen, DatabaseDownAtOpenIsUnavailableAndKeepsThePasswordSecret) {
  TempDir tmp;
  std::ostringstream sink;
  Logger log(sink);
  // Port 1 on loopback: nothing listens there.
  PostgresOptions o{.url = "postgresql://meekijk:s3cret-pw@127.0.0.1:1/meekijk", .cache_dir = tmp.path()};
  try {
    open_postgres_store(o, log);
    FAIL() << "opened a store without a database";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::unavailable);
    std::string text = e.what();
    EXPECT_NE(text.find("cannot connect to postgresql://meekijk@127.0.0.1:1/meekijk"), std::string::npos) << text;
    EXPECT_EQ(text.find("s3cret-pw"), std::string::npos) << text;
  }
  EXPECT_EQ(sink.str().find("s3cret-pw"), std::string::npos);
}

TEST(PgOpen, UrlsAreRedacted) {
  EXPECT_EQ(redact_postgres_url("postgresql://u:pw@h:5432/db"), "postgresql://u@h:5432/db");
  EXPECT_EQ(redact_postgres_url("postgres://u@h/db?password=pw&sslmode=require"),
            "postgres://u@h/db?password=***&sslmode=require");
  EXPECT_EQ(redact_postgres_url("host=h password='p w' dbname=x"), "host=h password=*** dbname=x");
  EXPECT_EQ(redact_postgres_url("postgresql://h/db"), "postgresql://h/db");
}

TEST_F(PgStoreTest, ServingGoesOnWhenTheServerDropsEveryConnection) {
  store().write([](WriteTx& tx) { tx.set_meta("k", "1"); });
  ASSERT_EQ(meta("k"), "1");
  // What a server restart does to the pool: every connection it holds is dead.
  sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + backend().db +
          "' AND pid <> pg_backend_pid()",
      true);
  EXPECT_EQ(meta("k"), "1");
  store().write([](WriteTx& tx) { tx.set_meta("k", "2"); });
  EXPECT_EQ(meta("k"), "2");
  EXPECT_TRUE(store().ready());
  store().write([](WriteTx& tx) {
    AuditEntry e{.event = "x"};
    tx.append_audit(e);
  });
  expect_valid_chain(audit_chain(store()));
}

TEST_F(PgStoreTest, DatabaseGoneMeansUnavailableUntilItReturns) {
  store().write([](WriteTx& tx) { tx.set_meta("k", "1"); });
  sql("ALTER DATABASE " + backend().db + " WITH ALLOW_CONNECTIONS false", true);
  sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + backend().db + "'", true);
  EXPECT_FALSE(store().ready());
  EXPECT_EQ(error_of([&] { meta("k"); }), Errc::unavailable);
  EXPECT_EQ(error_of([&] { store().write([](WriteTx& tx) { tx.set_meta("k", "2"); }); }), Errc::unavailable);
  EXPECT_EQ(error_of([&] { store().flush_audit(); }), Errc::unavailable);
  EXPECT_EQ(error_of([&] { store().blobs().exists(std::string(64, 'a')); }), Errc::unavailable);

  sql("ALTER DATABASE " + backend().db + " WITH ALLOW_CONNECTIONS true", true);
  EXPECT_TRUE(store().ready());
  EXPECT_EQ(meta("k"), "1");
  store().write([](WriteTx& tx) {
    tx.set_meta("k", "3");
    AuditEntry e{.event = "after"};
    tx.append_audit(e);
  });
  EXPECT_EQ(meta("k"), "3");
  expect_valid_chain(audit_chain(store()));
}

// A real outage: a private server is stopped and started again (same port, same data).
TEST_F(PgStoreTest, TheStoreReconnectsAfterTheServerRestarts) {
  std::string script = std::string(MEEKIJK_SOURCE_DIR) + "/scripts/pg-test-server.sh";
  fs::path state = tmp_.path() / "private-pg";
  auto run = [&](const char* cmd) { return std::system((script + " " + cmd + " " + state.string() + " >/dev/null").c_str()); };
  ASSERT_EQ(run("start"), 0);
  struct Stopper {
    std::function<int(const char*)> run;
    ~Stopper() { run("stop"); }
  } stopper{run};
  std::string url;
  std::getline(std::ifstream(state / "url"), url);
  auto other = open_postgres_store({.url = url, .pool_size = 4, .cache_dir = tmp_.path() / "c2"}, log_);
  other->write([](WriteTx& tx) { tx.set_meta("k", "before"); });

  ASSERT_EQ(run("pause"), 0);
  EXPECT_FALSE(other->ready());
  EXPECT_EQ(error_of([&] { other->write([](WriteTx& tx) { tx.set_meta("k", "during"); }); }), Errc::unavailable);
  EXPECT_EQ(error_of([&] { other->read([](ReadTx& tx) { return tx.meta("k"); }); }), Errc::unavailable);

  ASSERT_EQ(run("resume"), 0);
  EXPECT_TRUE(other->ready());
  EXPECT_EQ(other->read([](ReadTx& tx) { return tx.meta("k"); }), "before");
  other->write([](WriteTx& tx) {
    tx.set_meta("k", "after");
    AuditEntry e{.event = "after"};
    tx.append_audit(e);
  });
  EXPECT_EQ(other->read([](ReadTx& tx) { return tx.meta("k"); }), "after");
  expect_valid_chain(audit_chain(*other));
  other.reset();
}

// Two transactions lock two rows in opposite orders; PostgreSQL aborts one (40P01), the store
// runs its lambda again, and both writes land.
TEST_F(PgStoreTest, ADeadlockIsRetried) {
  store().write([](WriteTx& tx) {
    tx.set_meta("a", "0");
    tx.set_meta("b", "0");
  });
  std::atomic<int> attempts{0};
  std::latch both_locked(2);
  auto writer = [&](const std::string& first, const std::string& second, const std::string& value) {
    std::atomic<bool> waited{false};
    store().write([&](WriteTx& tx) {
      ++attempts;
      tx.set_meta(first, value);
      if (!waited.exchange(true)) both_locked.arrive_and_wait();  // only the first run waits
      tx.set_meta(second, value);
    });
  };
  std::thread t1([&] { writer("a", "b", "1"); });
  std::thread t2([&] { writer("b", "a", "2"); });
  t1.join();
  t2.join();
  EXPECT_EQ(attempts.load(), 3);
  auto a = meta("a"), b = meta("b");
  EXPECT_EQ(a, b);  // the retried transaction ran last and wrote both
}

// consult() in a write locks the row: concurrent read-modify-write of one consult queue up,
// each sees the version the one before committed, and no change is lost.
TEST_F(PgStoreTest, ConcurrentChangesOfOneConsultSerialise) {
  Region r = make_region();
  save_region(store(), r);
  Consult c = make_consult(r, 1, make_patient("p1", "111222333", "J. Jansen"), at_minute(0));
  store().write([&](WriteTx& tx) { insert_with_patient(tx, c); });
  constexpr int kThreads = 8, kEach = 5;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i)
        store().write([&](WriteTx& tx) {
          Consult now = *tx.consult(c.id);
          auto before = mark(now);
          now.messages.push_back(make_message(now, "m" + std::to_string(t) + "-" + std::to_string(i), at_minute(i), "x"));
          ++now.version;
          tx.update_consult(now, before);
        });
    });
  for (auto& th : threads) th.join();
  auto got = store().read([&](ReadTx& tx) { return tx.consult(c.id); });
  ASSERT_TRUE(got);
  EXPECT_EQ(got->version, c.version + kThreads * kEach);
  EXPECT_EQ(got->messages.size(), size_t(kThreads * kEach));
}

// A change in progress holds its consult's row lock until it commits. An audited read —
// consult_for_read() and an audit entry in a write transaction, as Consults::get runs it —
// completes and commits meanwhile, showing the version before the change; a locking read (a
// second change) queues on the lock and, once the change commits, reads what it wrote.
TEST_F(PgStoreTest, AnAuditedReadDoesNotWaitForAChangeInProgress) {
  using namespace std::chrono_literals;
  Region r = make_region();
  save_region(store(), r);
  Consult c = make_consult(r, 1, make_patient("p1", "111222333", "J. Jansen"), at_minute(0));
  store().write([&](WriteTx& tx) { insert_with_patient(tx, c); });

  std::promise<void> locked;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  auto change = std::async(std::launch::async, [&] {
    bool signalled = false;  // a retried attempt must not signal twice
    store().write([&](WriteTx& tx) {
      Consult now = *tx.consult(c.id);  // FOR UPDATE, held until commit
      auto before = mark(now);
      now.messages.push_back(make_message(now, "m-change", at_minute(1), "during the read"));
      ++now.version;
      tx.update_consult(now, before);
      if (!std::exchange(signalled, true)) locked.set_value();
      released.wait();
    });
  });
  // Whatever fails below, the change is let go before `change` is joined.
  struct Releaser {
    std::promise<void>& p;
    bool done = false;
    void operator()() {
      if (!std::exchange(done, true)) p.set_value();
    }
    ~Releaser() { (*this)(); }
  } let_go{release};
  ASSERT_EQ(locked.get_future().wait_for(60s), std::future_status::ready);

  auto read = std::async(std::launch::async, [&] {
    return store().write([&](WriteTx& tx) {
      auto shown = tx.consult_for_read(c.id);
      AuditEntry e{.event = "consult.read", .action = "R", .outcome = "success", .consult_id = c.id.str()};
      tx.append_audit(e);
      return shown;
    });
  });
  ASSERT_EQ(read.wait_for(60s), std::future_status::ready) << "the audited read waited for the change's row lock";
  auto shown = read.get();
  ASSERT_TRUE(shown);
  EXPECT_EQ(shown->version, c.version);  // the committed version, not the change in progress
  EXPECT_TRUE(shown->messages.empty());
  auto logged = store().read([&](ReadTx& tx) { return tx.audit({.consult_id = c.id.str()}, {}); });
  ASSERT_EQ(logged.items.size(), 1u);  // committed while the change still holds the lock
  EXPECT_EQ(logged.items[0].event, "consult.read");

  auto second = std::async(std::launch::async, [&] {
    return store().write([&](WriteTx& tx) { return tx.consult(c.id); });
  });
  // PostgreSQL shows it queued on the lock (polled: only a server that never shows it fails).
  auto deadline = std::chrono::steady_clock::now() + 60s;
  while (!waiting_for_row_lock() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(20ms);
  ASSERT_TRUE(waiting_for_row_lock()) << "the locking read did not queue on the change's lock";
  EXPECT_EQ(second.wait_for(0s), std::future_status::timeout);

  let_go();
  ASSERT_EQ(change.wait_for(60s), std::future_status::ready);
  change.get();
  ASSERT_EQ(second.wait_for(60s), std::future_status::ready);
  auto after = second.get();
  ASSERT_TRUE(after);
  EXPECT_EQ(after->version, c.version + 1);
  ASSERT_EQ(after->messages.size(), 1u);
  EXPECT_EQ(after->messages[0].text, "during the read");
}

// Two requests with one Idempotency-Key pass the replay check at the same time; the second
// to save the key is retried and then finds the first's record: one acts, one replays.
TEST_F(PgStoreTest, AnIdempotencyKeyRaceIsRetriedIntoAReplay) {
  Region r = make_region();
  save_region(store(), r);
  std::atomic<int> attempts{0};
  std::latch both_checked(2);
  auto request = [&](const std::string& resource) {
    std::atomic<bool> waited{false};
    return store().write([&](WriteTx& tx) -> std::string {
      ++attempts;
      if (auto earlier = tx.idempotency(r.gp.id, "key-1")) return "replay of " + earlier->resource_id;
      if (!waited.exchange(true)) both_checked.arrive_and_wait();
      tx.set_meta("acted-" + resource, "yes");
      tx.save_idempotency({r.gp.id, "key-1", "POST /x", "fp", 201, resource, at_minute(1)});
      return "acted";
    });
  };
  auto a = std::async(std::launch::async, [&] { return request("c1"); });
  auto b = std::async(std::launch::async, [&] { return request("c2"); });
  std::set<std::string> outcomes{a.get(), b.get()};
  EXPECT_EQ(attempts.load(), 3);
  ASSERT_EQ(outcomes.size(), 2u);
  EXPECT_EQ(outcomes.count("acted"), 1u);
  std::string winner = meta("acted-c1") ? "c1" : "c2";
  EXPECT_EQ(outcomes.count("replay of " + winner), 1u);
  EXPECT_NE(meta("acted-c1").has_value(), meta("acted-c2").has_value());  // the loser's work rolled back
}

TEST_F(PgStoreTest, TwoInstancesMigrateOneEmptyDatabaseAtOnce) {
  std::string db = unique_pg_database_name();
  sql("CREATE DATABASE " + db, true);
  std::string url = pg_database_url(backend().server, db);
  std::ostringstream log_a, log_b;
  Logger la(log_a), lb(log_b);
  std::latch go(2);
  auto open = [&](Logger& l, const char* cache) {
    go.arrive_and_wait();
    return open_postgres_store({.url = url, .pool_size = 2, .cache_dir = tmp_.path() / cache}, l);
  };
  auto fa = std::async(std::launch::async, [&] { return open(la, "a"); });
  auto fb = std::async(std::launch::async, [&] { return open(lb, "b"); });
  auto a = fa.get();
  auto b = fb.get();
  auto count = [](const std::string& text) {
    size_t n = 0;
    for (size_t at = text.find("store.schema_applied"); at != std::string::npos; at = text.find("store.schema_applied", at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count(log_a.str()) + count(log_b.str()), backend().known_schema_versions().size());
  EXPECT_EQ(postgres_schema_versions(url), backend().known_schema_versions());
  a->write([](WriteTx& tx) { tx.set_meta("from", "a"); });
  EXPECT_EQ(b->read([](ReadTx& tx) { return tx.meta("from"); }), "a");
  a.reset();
  b.reset();
  sql("DROP DATABASE " + db + " WITH (FORCE)", true);
}

// Another instance (its own cache directory, the same database) sees an upload at once and
// materialises it on first use; a blob of several chunks comes back byte for byte.
TEST_F(PgStoreTest, BlobsAreSharedThroughTheDatabase) {
  std::string bytes;
  for (int i = 0; bytes.size() < (5u << 19); ++i) bytes += std::to_string(i * 7919) + ",";  // ~2.5 MiB
  const std::string sha = "cd" + std::string(62, '5');
  fs::path upload = store().blobs().temp_dir() / "u1";
  std::ofstream(upload, std::ios::binary) << bytes;
  store().blobs().put(upload, sha);
  EXPECT_FALSE(fs::exists(upload));

  auto other = open_postgres_store({.url = backend().url, .cache_dir = tmp_.path() / "other"}, log_);
  EXPECT_TRUE(other->blobs().exists(sha));
  fs::path p = other->blobs().path(sha);
  EXPECT_EQ(p, tmp_.path() / "other" / "blobs" / "cd" / sha);
  std::ifstream in(p, std::ios::binary);
  std::string back((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(back.size(), bytes.size());
  EXPECT_TRUE(back == bytes);
  EXPECT_TRUE(fs::is_empty(tmp_.path() / "other" / "tmp"));  // the temporary file was renamed

  const std::string unknown = "ef" + std::string(62, '0');
  EXPECT_FALSE(other->blobs().exists(unknown));
  EXPECT_FALSE(fs::exists(other->blobs().path(unknown)));
}

// PostgreSQL text holds neither NUL nor invalid UTF-8 (SQLite stores both): refused as the
// caller's invalid input, never silently shortened.
TEST_F(PgStoreTest, TextPostgresCannotHoldIsInvalidInput) {
  EXPECT_EQ(error_of([&] { store().write([](WriteTx& tx) { tx.set_meta("k", std::string("a\0b", 3)); }); }),
            Errc::validation);
  EXPECT_EQ(error_of([&] { store().write([](WriteTx& tx) { tx.set_meta("k", "caf\xC3"); }); }), Errc::validation);
  EXPECT_EQ(error_of([&] { store().read([](ReadTx& tx) { return tx.consults({.text = "\xFF"}, ConsultOrder::updated_desc, {}); }); }),
            Errc::validation);
  EXPECT_FALSE(meta("k"));
}

// The report's cells are read row by row (libpq's single-row mode): all of them, byte for byte;
// and a reader that stops with an error leaves the connection ready for the next statement of
// the same transaction, and the store serving.
TEST_F(PgStoreTest, ReportCellsStreamRowByRowAndAFailedReaderLeavesTheConnectionReady) {
  std::map<std::string, std::string> written;
  store().write([&](WriteTx& tx) {
    for (int i = 0; i < 50; ++i) {
      std::string key = "k" + std::to_string(100 + i);
      std::string data(size_t(1000 + 997 * i), char(i));
      data[0] = '\0';  // binary: NUL and high bytes survive
      data.back() = char(0xFF);
      tx.put_report_cell({"specialty", "2025-0" + std::to_string(1 + i % 9), key, data}, false);
      written[key] = data;
    }
  });
  auto seen = store().read([&](ReadTx& tx) {
    int calls = 0;
    EXPECT_THROW(tx.for_each_report_cell("specialty", "2025-01", "2025-12",
                                         [&](const ReportCell&) {
                                           if (++calls == 3) throw Error(Errc::internal, "stop", "a reader failed");
                                         }),
                 Error);
    EXPECT_EQ(calls, 3);  // no call after the one that threw
    std::map<std::string, std::string> out;
    tx.for_each_report_cell("specialty", "2025-01", "2025-12", [&](const ReportCell& c) {
      EXPECT_EQ(c.dim, "specialty");
      out[c.key] = c.data;
    });
    return out;
  });
  EXPECT_EQ(seen, written);
  // A reader that throws out of its whole transaction: the connection goes back to the pool
  // and serves the next transactions.
  for (int round = 0; round < 3; ++round) {
    EXPECT_THROW(store().read([](ReadTx& tx) {
      tx.for_each_report_cell("specialty", "2025-01", "2025-12",
                              [](const ReportCell&) { throw Error(Errc::conflict, "stop", "a reader failed"); });
    }),
                 Error);
    auto n = store().read([](ReadTx& tx) {
      size_t count = 0;
      tx.for_each_report_cell("specialty", "2025-01", "2025-12", [&](const ReportCell&) { ++count; });
      return count;
    });
    EXPECT_EQ(n, written.size());
  }
}

TEST_F(PgStoreTest, TheAuditTableIsAppendOnly) {
  store().write([](WriteTx& tx) {
    for (const char* ev : {"one", "two"}) {
      AuditEntry e{.event = ev};
      tx.append_audit(e);
    }
  });
  auto chain = audit_chain(store());
  ASSERT_EQ(chain.size(), 2u);
  for (const char* change : {"UPDATE audit SET user_name = 'Mallory'", "UPDATE audit SET hash = NULL, prev_hash = NULL, chain_pos = NULL",
                             "DELETE FROM audit", "TRUNCATE audit",
                             "INSERT INTO audit (at, event, chain_pos, prev_hash, hash) VALUES (now(), 'x', 3, '', 'h')"})
    EXPECT_THROW(sql(change), Error) << change;
  // Someone with the rights to switch the guard off can change a row; the hash shows it.
  sql("ALTER TABLE audit DISABLE TRIGGER audit_append_only; UPDATE audit SET user_name = 'Mallory' WHERE seq = " +
      std::to_string(chain[0].seq) + "; ALTER TABLE audit ENABLE TRIGGER audit_append_only");
  auto tampered = audit_chain(store());
  EXPECT_NE(audit_hash(tampered[0]), tampered[0].hash);
  EXPECT_EQ(audit_hash(tampered[1]), tampered[1].hash);
}

// A sealer whose instance committed no audit rows (a read-only command: `meekijk report`)
// leaves without a last pass — no connection on the way out; one that was poked seals what
// was committed before it goes, whether its thread or its last pass gets there first.
TEST(PgSealer, OnlyAnInstanceThatCommittedAuditRowsSealsOnItsWayOut) {
  if (auto why = PgBackend::missing()) {
    if (pg_tests_off()) GTEST_SKIP() << "MEEKIJK_TEST_PG=off: " << *why;
    FAIL() << *why;
  }
  TempDir tmp;
  PgBackend backend(tmp.path());
  std::ostringstream sink;
  Logger log(sink);
  backend.open(log).reset();  // the schema; this store committed nothing
  // A row as a writer of another instance commits it: chain columns empty.
  postgres_execute(backend.url, "INSERT INTO audit (at, event) VALUES (now(), 'pending')");
  auto chain_pos = [&] {
    auto conn = pg::Connection::open(backend.url);
    return conn->exec("SELECT coalesce(chain_pos, 0) FROM audit WHERE event = 'pending'").first().integer(0);
  };
  { pg::Sealer read_only(backend.url, log, std::chrono::hours(1)); }
  EXPECT_EQ(chain_pos(), 0) << sink.str();
  {
    pg::Sealer writer(backend.url, log, std::chrono::hours(1));
    writer.poke();
  }
  EXPECT_EQ(chain_pos(), 1);
}

// While another instance's sealer holds the chain head, new entries wait unsealed and are
// walked after the chain; flush_audit() waits for the head and then seals them.
TEST_F(PgStoreTest, UnsealedEntriesWaitForTheHeadAndComeLast) {
  store().write([](WriteTx& tx) {
    AuditEntry e{.event = "sealed"};
    tx.append_audit(e);
  });
  ASSERT_EQ(audit_chain(store()).size(), 1u);
  auto holder = std::async(std::launch::async, [&] {
    sql("BEGIN; SELECT 1 FROM audit_head FOR UPDATE; SELECT pg_sleep(1.5); COMMIT");
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  store().write([](WriteTx& tx) {
    AuditEntry e{.event = "waiting"};
    tx.append_audit(e);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(400));  // the background sealer had its turns
  std::vector<AuditEntry> walked;
  store().read([&](ReadTx& tx) {
    tx.for_each_audit([&](const AuditEntry& e) {
      walked.push_back(e);
      return true;
    });
  });
  ASSERT_EQ(walked.size(), 2u);
  EXPECT_EQ(walked[0].chain_pos, 1);
  EXPECT_EQ(walked[1].event, "waiting");
  EXPECT_EQ(walked[1].chain_pos, 0);
  EXPECT_TRUE(walked[1].hash.empty());
  auto chain = audit_chain(store());  // waits for the holder, then seals
  holder.get();
  ASSERT_EQ(chain.size(), 2u);
  expect_valid_chain(chain);
}

}  // namespace
}  // namespace mk::store::test
