// The write path: group commit, savepoint isolation of failing jobs, concurrency, snapshots,
// durability across reopen, schema versions.
#include <atomic>
#include <future>
#include <latch>
#include <set>
#include <thread>

#include "backend.hpp"
#include "core/error.hpp"
#include "fixtures.hpp"

namespace mk::store::test {
namespace {

// Holds the writer inside one job until release(), so that the writes issued meanwhile are
// all queued when it lets go: what they do next shows how the backend batches them.
class WriterBlocker {
 public:
  explicit WriterBlocker(Store& store) {
    thread_ = std::thread([this, &store] {
      store.write([this](WriteTx& tx) {
        tx.set_meta("blocker", "1");
        started_.count_down();
        release_.get_future().wait();
      });
    });
    started_.wait();
  }
  // Waits for `callers` threads to be about to write, gives them time to enqueue, lets go.
  void release_after(const std::atomic<int>& ready, int callers) {
    while (ready.load() < callers) std::this_thread::yield();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    release_.set_value();
    thread_.join();
  }

 private:
  std::latch started_{1};
  std::promise<void> release_;
  std::thread thread_;
};

template <class B>
class WriteTest : public StoreTest<B> {
 protected:
  uint64_t commits() { return this->store().commit_latency().count(); }
  std::optional<std::string> meta(const std::string& key) {
    return this->store().read([&](ReadTx& tx) { return tx.meta(key); });
  }
};
TYPED_TEST_SUITE(WriteTest, Backends, BackendNames);

TYPED_TEST(WriteTest, ConcurrentWritesShareCommits) {
  constexpr int kThreads = 64;
  uint64_t before = this->commits();
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  {
    WriterBlocker blocker(this->store());
    for (int i = 0; i < kThreads; ++i)
      threads.emplace_back([&, i] {
        ++ready;
        this->store().write([&](WriteTx& tx) { tx.set_meta("k" + std::to_string(i), "v"); });
      });
    blocker.release_after(ready, kThreads);
  }
  for (auto& t : threads) t.join();
  uint64_t commits = this->commits() - before;  // the blocker's commit included
  for (int i = 0; i < kThreads; ++i) EXPECT_EQ(this->meta("k" + std::to_string(i)), "v");
  if (TypeParam::groups_commits) {
    EXPECT_LE(commits, 4u) << "64 queued writes should share a commit";
  } else {
    EXPECT_EQ(commits, uint64_t(kThreads + 1));
  }
}

TYPED_TEST(WriteTest, UnsynchronisedWritersStillGroup) {
  constexpr int kThreads = 64, kEach = 4;
  uint64_t before = this->commits();
  std::latch go(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&, i] {
      go.arrive_and_wait();
      for (int j = 0; j < kEach; ++j)
        this->store().write([&](WriteTx& tx) { tx.set_meta("k" + std::to_string(i * kEach + j), "v"); });
    });
  for (auto& t : threads) t.join();
  uint64_t commits = this->commits() - before;
  if (TypeParam::groups_commits) {
    EXPECT_LT(commits, uint64_t(kThreads * kEach / 2));
  } else {
    EXPECT_EQ(commits, uint64_t(kThreads * kEach));
  }
  EXPECT_EQ(this->meta("k255"), "v");
}

struct NotAnError {
  int code;
};

// Every third job throws mk::Error, every third a std::runtime_error, the rest succeed; all
// share batches. Each caller gets its own outcome; only the successful jobs' work remains,
// including their reference numbers (a rolled-back increment is not seen by the next job).
TYPED_TEST(WriteTest, ThrowingJobsRollBackAloneInAConcurrentBatch) {
  constexpr int kThreads = 48;
  uint64_t before = this->commits();
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  std::vector<std::string> outcome(kThreads);
  std::vector<int64_t> numbers(kThreads, 0);
  {
    WriterBlocker blocker(this->store());
    for (int i = 0; i < kThreads; ++i)
      threads.emplace_back([&, i] {
        ++ready;
        try {
          numbers[size_t(i)] = this->store().write([&](WriteTx& tx) {
            tx.set_meta("k" + std::to_string(i), "v");
            int64_t n = tx.next_reference_number(2030);
            if (i % 3 == 0) throw Error(Errc::conflict, "job " + std::to_string(i));
            if (i % 3 == 1) throw std::runtime_error("job " + std::to_string(i));
            return n;
          });
          outcome[size_t(i)] = "ok";
        } catch (const Error& e) {
          outcome[size_t(i)] = "mk:" + e.title();
        } catch (const std::runtime_error& e) {
          outcome[size_t(i)] = std::string("std:") + e.what();
        }
      });
    blocker.release_after(ready, kThreads);
  }
  for (auto& t : threads) t.join();
  std::set<int64_t> granted;
  for (int i = 0; i < kThreads; ++i) {
    std::string key = "k" + std::to_string(i), job = "job " + std::to_string(i);
    if (i % 3 == 0) {
      EXPECT_EQ(outcome[size_t(i)], "mk:" + job);
    }
    if (i % 3 == 1) {
      EXPECT_EQ(outcome[size_t(i)], "std:" + job);
    }
    if (i % 3 == 2) {
      EXPECT_EQ(outcome[size_t(i)], "ok");
    }
    EXPECT_EQ(this->meta(key).has_value(), i % 3 == 2) << key;
    if (i % 3 == 2) granted.insert(numbers[size_t(i)]);
  }
  EXPECT_EQ(granted.size(), size_t(kThreads / 3));
  EXPECT_EQ(*granted.begin(), 1);
  EXPECT_EQ(*granted.rbegin(), kThreads / 3);  // no gaps: the failed increments were undone
  if (TypeParam::groups_commits) {
    EXPECT_LE(this->commits() - before, 4u);
  }
}

// write_async (the fast path of the audited read): SQLite queues the job with the others and
// calls `done` once it is durable, or with what it threw, its work rolled back alone;
// PostgreSQL has no such path and says so, running nothing.
TYPED_TEST(WriteTest, SubmittedJobsCompleteOnceAfterTheirCommit) {
  constexpr int kJobs = 30;
  uint64_t before = this->commits();
  std::vector<std::promise<std::string>> results(kJobs);
  std::vector<std::future<std::string>> futures;
  for (auto& r : results) futures.push_back(r.get_future());
  std::vector<int> taken(kJobs, 0);
  {
    WriterBlocker blocker(this->store());
    std::atomic<int> ready{0};
    for (int i = 0; i < kJobs; ++i) {
      taken[size_t(i)] = this->store().write_async(
          [i](WriteTx& tx) {
            tx.set_meta("async" + std::to_string(i), "v");
            if (i % 3 == 0) throw Error(Errc::conflict, "job " + std::to_string(i));
          },
          [&results, i](std::exception_ptr error) {
            if (!error) return results[size_t(i)].set_value("ok");
            try {
              std::rethrow_exception(error);
            } catch (const Error& e) {
              results[size_t(i)].set_value("mk:" + e.title());
            } catch (...) {
              results[size_t(i)].set_value("other");
            }
          });
      ++ready;
    }
    blocker.release_after(ready, kJobs);
  }
  bool async = std::string_view(TypeParam::name) != "postgres";
  for (int i = 0; i < kJobs; ++i) {
    std::string key = "async" + std::to_string(i);
    if (!async) {
      EXPECT_EQ(taken[size_t(i)], 0);
      EXPECT_FALSE(this->meta(key).has_value()) << key;
      continue;
    }
    ASSERT_EQ(taken[size_t(i)], 1);
    ASSERT_EQ(futures[size_t(i)].wait_for(std::chrono::seconds(10)), std::future_status::ready) << key;
    EXPECT_EQ(futures[size_t(i)].get(), i % 3 == 0 ? "mk:job " + std::to_string(i) : "ok") << key;
    EXPECT_EQ(this->meta(key).has_value(), i % 3 != 0) << key;
  }
  if (async && TypeParam::groups_commits) {
    EXPECT_LE(this->commits() - before, 3u);  // the blocker's batch, then one or two for the 30
  }
}

TYPED_TEST(WriteTest, OtherExceptionsArriveAsTheyAre) {
  try {
    this->store().write([](WriteTx&) { throw NotAnError{42}; });
    FAIL() << "expected NotAnError";
  } catch (const NotAnError& e) {
    EXPECT_EQ(e.code, 42);
  }
  EXPECT_EQ(this->store().write([](WriteTx& tx) { return tx.next_reference_number(2026); }), 1);
}

TYPED_TEST(WriteTest, NestedWriteFailsInsteadOfHanging) {
  EXPECT_THROW(this->store().write([&](WriteTx&) { this->store().write([](WriteTx&) {}); }), Error);
}

TYPED_TEST(WriteTest, ConcurrentReferenceNumbersAreUniqueAndDense) {
  constexpr int kThreads = 16, kEach = 10;
  std::vector<std::vector<int64_t>> got(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&, i] {
      for (int j = 0; j < kEach; ++j)
        got[size_t(i)].push_back(this->store().write([](WriteTx& tx) { return tx.next_reference_number(2026); }));
    });
  for (auto& t : threads) t.join();
  std::set<int64_t> all;
  for (const auto& v : got) all.insert(v.begin(), v.end());
  EXPECT_EQ(all.size(), size_t(kThreads * kEach));
  EXPECT_EQ(*all.rbegin(), kThreads * kEach);
}

TYPED_TEST(WriteTest, ManyConcurrentReaders) {
  this->store().write([](WriteTx& tx) { tx.set_meta("x", "1"); });
  constexpr int kThreads = 64;
  std::atomic<int> ok{0};
  std::latch go(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&] {
      go.arrive_and_wait();
      for (int j = 0; j < 20; ++j)
        if (this->meta("x") == "1") ++ok;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), kThreads * 20);
  EXPECT_TRUE(this->store().ready());
}

TYPED_TEST(WriteTest, AReadSeesOneSnapshot) {
  this->store().write([](WriteTx& tx) { tx.set_meta("v", "1"); });
  this->store().read([&](ReadTx& tx) {
    EXPECT_EQ(tx.meta("v"), "1");
    std::thread([&] { this->store().write([](WriteTx& w) { w.set_meta("v", "2"); }); }).join();
    EXPECT_EQ(tx.meta("v"), "1");  // the committed change is not visible inside this read
  });
  EXPECT_EQ(this->meta("v"), "2");
}

TYPED_TEST(WriteTest, EverythingSurvivesAReopen) {
  Region r = make_region();
  save_region(this->store(), r);
  Consult c = make_full_consult(r, make_patient("p1", "111222333", "J. Jansen"));
  this->store().write([&](WriteTx& tx) {
    insert_with_patient(tx, c);
    tx.set_meta("k", "v");
    AuditEntry e;
    e.at = at_minute(1);
    e.event = "consult.create";
    tx.append_audit(e);
  });
  this->reopen();
  auto got = this->store().read([&](ReadTx& tx) { return tx.consult(c.id); });
  ASSERT_TRUE(got);
  expect_same(*got, c);
  EXPECT_EQ(this->meta("k"), "v");
  EXPECT_EQ(this->store().read([](ReadTx& tx) { return tx.organizations(); }).size(), 4u);
  auto chain = audit_chain(this->store());
  ASSERT_EQ(chain.size(), 1u);
  EXPECT_EQ(chain[0].event, "consult.create");
  expect_valid_chain(chain);
}

TYPED_TEST(WriteTest, SchemaIsRecordedAndAppliedOnce) {
  auto known = this->backend().known_schema_versions();
  ASSERT_FALSE(known.empty());
  EXPECT_NE(this->log_text_.str().find("store.schema_applied"), std::string::npos);
  EXPECT_EQ(this->backend().schema_versions(), known);
  this->reopen();
  EXPECT_EQ(this->log_text_.str().find("store.schema_applied"), std::string::npos) << this->log_text_.str();
  EXPECT_EQ(this->backend().schema_versions(), known);
}

TYPED_TEST(WriteTest, DescribeAndReady) {
  EXPECT_EQ(this->store().describe(), this->backend().expected_describe());
  EXPECT_TRUE(this->store().ready());
}

}  // namespace
}  // namespace mk::store::test
