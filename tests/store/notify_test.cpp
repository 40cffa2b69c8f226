// WriteTx::notify and Store::listen over every backend: delivered after commit, never for a
// rolled-back transaction or a write rolled back inside a shared SQLite batch, each once, and
// to the listener registered now. (Across instances and reconnects: pg_notify_test.cpp.)
#include <atomic>
#include <condition_variable>
#include <future>
#include <latch>
#include <thread>

#include "backend.hpp"
#include "core/error.hpp"
#include "notify_support.hpp"

namespace mk::store::test {
namespace {

using namespace std::chrono_literals;

template <class B>
class NotifyTest : public StoreTest<B> {
 protected:
  uint64_t commits() { return this->store().commit_latency().count(); }
  void notify(const std::string& payload) {
    this->store().write([&](WriteTx& tx) { tx.notify(payload); });
  }
  Received received_;
};
TYPED_TEST_SUITE(NotifyTest, Backends, BackendNames);

TYPED_TEST(NotifyTest, DeliveredAfterCommitInOrder) {
  this->store().listen(this->received_.listener());
  const std::string quoted = R"({"a":"é'\"\\","b":null})";  // JSON, quotes, UTF-8: as sent
  this->store().write([&](WriteTx& tx) {
    tx.set_meta("k", "v");
    tx.notify("one");
    tx.notify(quoted);
    std::this_thread::sleep_for(100ms);  // time enough to arrive, were it delivered early
    EXPECT_TRUE(this->received_.items().empty()) << "delivered before commit";
  });
  ASSERT_TRUE(this->received_.wait_for(quoted));
  EXPECT_EQ(this->received_.items(), (std::vector<std::string>{"one", quoted}));
}

TYPED_TEST(NotifyTest, NothingForARolledBackTransaction) {
  this->store().listen(this->received_.listener());
  EXPECT_THROW(this->store().write([](WriteTx& tx) {
    tx.notify("lost");
    throw Error(Errc::conflict, "changed my mind");
  }),
               Error);
  this->notify("after");  // delivered in commit order: "lost" would have come first
  ASSERT_TRUE(this->received_.wait_for("after"));
  EXPECT_EQ(this->received_.items(), std::vector<std::string>{"after"});
}

// With SQLite the three writes share one batch (one COMMIT): the one that throws is rolled back
// to its savepoint, and takes its notification with it; the others' are delivered.
TYPED_TEST(NotifyTest, AWriteRolledBackInASharedBatchTakesOnlyItsOwn) {
  this->store().listen(this->received_.listener());
  uint64_t before = this->commits();
  std::latch started{1};
  std::promise<void> release;
  std::thread blocker([&] {
    this->store().write([&](WriteTx& tx) {
      tx.notify("blocker");
      started.count_down();
      release.get_future().wait();
    });
  });
  started.wait();
  std::atomic<int> ready{0};
  std::vector<std::thread> writers;
  for (std::string name : {"a", "b", "c"})
    writers.emplace_back([&, name] {
      ++ready;
      try {
        this->store().write([&](WriteTx& tx) {
          tx.set_meta(name, "1");
          tx.notify(name);
          if (name == "b") throw Error(Errc::conflict, "b fails");
        });
      } catch (const Error&) {
      }
    });
  while (ready.load() < 3) std::this_thread::yield();
  std::this_thread::sleep_for(300ms);  // let them queue behind the blocker
  release.set_value();
  blocker.join();
  for (auto& w : writers) w.join();
  if (TypeParam::groups_commits) {
    EXPECT_LE(this->commits() - before, 2u) << "the writes were meant to share a batch";
  }
  this->notify("sentinel");
  ASSERT_TRUE(this->received_.wait_for("sentinel"));
  auto got = this->received_.items();
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<std::string>{"a", "blocker", "c", "sentinel"}));
}

TYPED_TEST(NotifyTest, EveryNotificationOfConcurrentWritersArrivesOnce) {
  this->store().listen(this->received_.listener());
  constexpr int kThreads = 16, kEach = 8;
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&, i] {
      for (int j = 0; j < kEach; ++j) this->notify("n" + std::to_string(i * kEach + j));
    });
  for (auto& t : threads) t.join();
  ASSERT_TRUE(this->received_.wait_for_count(kThreads * kEach));
  std::this_thread::sleep_for(100ms);  // nothing more (no duplicates) comes after
  auto got = this->received_.items();
  std::set<std::string> unique(got.begin(), got.end());
  EXPECT_EQ(got.size(), size_t(kThreads * kEach));
  EXPECT_EQ(unique.size(), size_t(kThreads * kEach));
}

TYPED_TEST(NotifyTest, ANewListenerReplacesTheOld) {
  Received first;
  this->store().listen(first.listener());
  this->notify("1");
  ASSERT_TRUE(first.wait_for("1"));
  this->store().listen(this->received_.listener());
  this->notify("2");
  ASSERT_TRUE(this->received_.wait_for("2"));
  EXPECT_EQ(first.items(), std::vector<std::string>{"1"});
  EXPECT_EQ(this->received_.items(), std::vector<std::string>{"2"});
}

TYPED_TEST(NotifyTest, PayloadsUpToTheLimit) {
  this->store().listen(this->received_.listener());
  std::string largest(kMaxNotifyPayload, 'x');
  this->notify(largest);
  try {
    this->notify(std::string(kMaxNotifyPayload + 1, 'y'));
    ADD_FAILURE() << "a payload over the limit was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::internal);
  }
  this->notify("sentinel");
  ASSERT_TRUE(this->received_.wait_for("sentinel"));
  EXPECT_EQ(this->received_.items(), (std::vector<std::string>{largest, "sentinel"}));
}

TYPED_TEST(NotifyTest, AListenerThatThrowsIsLoggedAndKeepsListening) {
  std::atomic<int> calls{0};
  this->store().listen([&](const std::string& payload) {
    ++calls;
    if (payload == "boom") throw std::runtime_error("listener bug");
    this->received_.listener()(payload);
  });
  this->notify("boom");
  this->notify("fine");
  ASSERT_TRUE(this->received_.wait_for("fine"));
  EXPECT_EQ(calls.load(), 2);
}

}  // namespace
}  // namespace mk::store::test
