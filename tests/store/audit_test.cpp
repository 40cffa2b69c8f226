// The NEN 7513 audit chain: head, append, oldest-first walk, newest-first filtered pages.
#include "backend.hpp"
#include "core/error.hpp"
#include "fixtures.hpp"

namespace mk::store::test {
namespace {

template <class B>
class AuditTest : public StoreTest<B> {
 protected:
  // Appends an entry chained to the current head (the "hash" is a stand-in for app/'s hash).
  AuditEntry append(WriteTx& tx, AuditEntry e) {
    e.prev_hash = tx.lock_audit_head();
    e.hash = "h" + std::to_string(++appended_);
    tx.append_audit(e);
    return e;
  }

  AuditEntry entry(int minute, const std::string& user, const std::string& bsn, const std::string& consult,
                   const std::string& practice, const std::string& provider) {
    AuditEntry e;
    e.at = at_minute(minute);
    e.event = "consult.read";
    e.action = "R";
    e.outcome = "success";
    e.user_id = user;
    e.user_name = "User " + user;
    e.user_email = user + "@example.test";
    e.role = "gp";
    e.organization_id = practice;
    e.on_behalf_of = "gp";
    e.patient_bsn = bsn;
    e.object_type = "consult";
    e.object_id = consult;
    e.ip = "192.0.2.1";
    e.request_id = "req-" + std::to_string(minute);
    e.consult_id = consult;
    e.subject_practice_id = practice;
    e.subject_provider_org_id = provider;
    return e;
  }

  // Ten entries, minute i: users u0/u1, patients by parity, consults c0..c2, practices p0/p1,
  // providers h0/h1.
  std::vector<AuditEntry> seed() {
    return this->store().write([&](WriteTx& tx) {
      std::vector<AuditEntry> out;
      for (int i = 0; i < 10; ++i)
        out.push_back(append(tx, entry(i, "u" + std::to_string(i % 2), i % 2 ? "111222333" : "123456782",
                                       "c" + std::to_string(i % 3), "p" + std::to_string(i % 2),
                                       i < 5 ? "h0" : "h1")));
      return out;
    });
  }

  std::vector<int64_t> seqs(const AuditFilter& f, int limit) {
    std::vector<int64_t> out;
    std::string after;
    int pages = 0;
    do {
      auto p = this->store().read([&](ReadTx& tx) { return tx.audit(f, PageRequest{after, limit}); });
      EXPECT_LE(p.items.size(), size_t(limit));
      for (const auto& e : p.items) out.push_back(e.seq);
      after = p.next;
    } while (!after.empty() && ++pages < 100);
    return out;
  }

  int appended_ = 0;
};
TYPED_TEST_SUITE(AuditTest, Backends, BackendNames);

TYPED_TEST(AuditTest, AppendAssignsSeqAndChains) {
  EXPECT_EQ(this->store().write([](WriteTx& tx) { return tx.lock_audit_head(); }), "");
  auto entries = this->seed();
  ASSERT_EQ(entries.size(), 10u);
  EXPECT_EQ(entries[0].prev_hash, "");
  for (size_t i = 1; i < entries.size(); ++i) {
    EXPECT_EQ(entries[i].seq, entries[i - 1].seq + 1);
    EXPECT_EQ(entries[i].prev_hash, entries[i - 1].hash);
  }
  EXPECT_EQ(this->store().write([](WriteTx& tx) { return tx.lock_audit_head(); }), "h10");
}

TYPED_TEST(AuditTest, ForEachWalksOldestFirstAndStops) {
  auto entries = this->seed();
  std::vector<AuditEntry> walked;
  this->store().read([&](ReadTx& tx) {
    tx.for_each_audit([&](const AuditEntry& e) {
      walked.push_back(e);
      return true;
    });
  });
  ASSERT_EQ(walked.size(), entries.size());
  for (size_t i = 0; i < walked.size(); ++i) expect_same(walked[i], entries[i]);
  int visited = 0;
  this->store().read([&](ReadTx& tx) { tx.for_each_audit([&](const AuditEntry&) { return ++visited < 3; }); });
  EXPECT_EQ(visited, 3);
}

TYPED_TEST(AuditTest, RolledBackAppendLeavesTheHeadAlone) {
  auto entries = this->seed();
  EXPECT_THROW(this->store().write([&](WriteTx& tx) {
    this->append(tx, this->entry(50, "u9", "", "c9", "p0", "h0"));
    EXPECT_EQ(tx.lock_audit_head(), "h11");
    throw Error(Errc::forbidden, "denied");
  }),
               Error);
  auto next = this->store().write([&](WriteTx& tx) { return this->append(tx, this->entry(51, "u9", "", "c9", "p0", "h0")); });
  EXPECT_EQ(next.prev_hash, "h10");
  EXPECT_GT(next.seq, entries.back().seq);
  int count = 0;
  this->store().read([&](ReadTx& tx) { tx.for_each_audit([&](const AuditEntry&) { return ++count > 0; }); });
  EXPECT_EQ(count, 11);
}

TYPED_TEST(AuditTest, PagesNewestFirstWithEveryFilter) {
  auto entries = this->seed();
  auto seq_of = [&](std::initializer_list<int> idx) {
    std::vector<int64_t> out;
    for (int i : idx) out.push_back(entries[size_t(i)].seq);
    return out;
  };
  EXPECT_EQ(this->seqs({}, 3), seq_of({9, 8, 7, 6, 5, 4, 3, 2, 1, 0}));
  EXPECT_EQ(this->seqs({.patient_bsn = "111222333"}, 2), seq_of({9, 7, 5, 3, 1}));
  EXPECT_EQ(this->seqs({.consult_id = "c1"}, 2), seq_of({7, 4, 1}));
  EXPECT_EQ(this->seqs({.user_id = "u0"}, 2), seq_of({8, 6, 4, 2, 0}));
  EXPECT_EQ(this->seqs({.from = at_minute(3), .to = at_minute(6)}, 2), seq_of({5, 4, 3}));  // [from, to)
  EXPECT_EQ(this->seqs({.subject_orgs = {OrgId("p1")}}, 2), seq_of({9, 7, 5, 3, 1}));
  EXPECT_EQ(this->seqs({.subject_orgs = {OrgId("h0")}}, 2), seq_of({4, 3, 2, 1, 0}));
  // practice p1 OR provider h1
  EXPECT_EQ(this->seqs({.subject_orgs = {OrgId("p1"), OrgId("h1")}}, 4), seq_of({9, 8, 7, 6, 5, 3, 1}));
  EXPECT_EQ(this->seqs({.subject_orgs = {OrgId("h1")}, .user_id = "u0", .from = at_minute(6)}, 1), seq_of({8, 6}));
  EXPECT_TRUE(this->seqs({.patient_bsn = "000000000"}, 5).empty());
}

TYPED_TEST(AuditTest, EntriesRoundTripAndNewRowsDoNotShiftPages) {
  auto entries = this->seed();
  auto first = this->store().read([](ReadTx& tx) { return tx.audit({}, PageRequest{"", 4}); });
  ASSERT_EQ(first.items.size(), 4u);
  expect_same(first.items[0], entries[9]);
  this->store().write([&](WriteTx& tx) { this->append(tx, this->entry(60, "u0", "", "c0", "p0", "h0")); });
  auto second = this->store().read([&](ReadTx& tx) { return tx.audit({}, PageRequest{first.next, 4}); });
  ASSERT_EQ(second.items.size(), 4u);
  EXPECT_EQ(second.items[0].seq, entries[5].seq);
  EXPECT_THROW(this->store().read([](ReadTx& tx) { return tx.audit({}, PageRequest{"abc", 4}); }), Error);
}

}  // namespace
}  // namespace mk::store::test
