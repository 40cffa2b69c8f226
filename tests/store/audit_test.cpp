// The NEN 7513 audit chain: the store chains what is appended (SQLite at once, PostgreSQL by
// its sealer after commit), walks it in chain order, pages it newest first with filters.
#include <openssl/sha.h>

#include <set>
#include <thread>

#include "backend.hpp"
#include "core/error.hpp"
#include "fixtures.hpp"
#include "store/audit_hash.hpp"

namespace mk::store::test {
namespace {

template <class B>
class AuditTest : public StoreTest<B> {
 protected:
  // Appends an entry; the chain fields the caller sets are the store's to overwrite.
  AuditEntry append(WriteTx& tx, AuditEntry e) {
    e.prev_hash = "forged";
    e.hash = "forged";
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
};
TYPED_TEST_SUITE(AuditTest, Backends, BackendNames);

// The chain's hash is SHA-256 (hex) of the canonical form, the same on every call and thread
// (audit_hash keeps one digest context per thread): checked against OpenSSL's one-shot SHA256.
TEST(AuditHash, IsTheSha256OfTheCanonicalFormOnEveryCallAndThread) {
  auto hex = [](const std::string& text) {
    unsigned char d[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), d);
    std::string out;
    for (unsigned char c : d) {
      out += "0123456789abcdef"[c >> 4];
      out += "0123456789abcdef"[c & 0xf];
    }
    return out;
  };
  std::vector<AuditEntry> entries(3);
  for (size_t i = 0; i < entries.size(); ++i) {
    entries[i].seq = int64_t(i + 1);
    entries[i].event = "consult.read";
    entries[i].user_id = "u" + std::to_string(i);
    entries[i].patient_bsn = i ? "123456782" : "";
    entries[i].prev_hash = std::string(64, char('a' + i));
  }
  for (const auto& e : entries) {
    std::string expected = hex(domain::audit_canonical(e));
    EXPECT_EQ(audit_hash(e), expected);
    EXPECT_EQ(audit_hash(e), expected);  // the reused context starts afresh
    std::string on_thread;
    std::thread([&] { on_thread = audit_hash(e); }).join();
    EXPECT_EQ(on_thread, expected);
  }
  EXPECT_NE(audit_hash(entries[0]), audit_hash(entries[1]));
}

TYPED_TEST(AuditTest, AppendAssignsSeqAndTheStoreChains) {
  EXPECT_TRUE(audit_chain(this->store()).empty());
  auto entries = this->seed();
  ASSERT_EQ(entries.size(), 10u);
  for (size_t i = 1; i < entries.size(); ++i) EXPECT_GT(entries[i].seq, entries[i - 1].seq);
  for (const auto& e : entries) {  // chained at once, or not yet: never what the caller said
    EXPECT_NE(e.hash, "forged");
    EXPECT_EQ(e.chain_pos == 0, e.hash.empty());
  }
  auto chain = audit_chain(this->store());
  ASSERT_EQ(chain.size(), 10u);
  expect_valid_chain(chain);
  for (size_t i = 0; i < chain.size(); ++i) expect_same(chain[i], entries[i]);  // one commit: seq order
}

TYPED_TEST(AuditTest, ForEachWalksInChainOrderAndStops) {
  auto entries = this->seed();
  auto walked = audit_chain(this->store());
  ASSERT_EQ(walked.size(), entries.size());
  for (size_t i = 0; i < walked.size(); ++i) expect_same(walked[i], entries[i]);
  int visited = 0;
  this->store().read([&](ReadTx& tx) { tx.for_each_audit([&](const AuditEntry&) { return ++visited < 3; }); });
  EXPECT_EQ(visited, 3);
}

TYPED_TEST(AuditTest, RolledBackAppendLeavesNoTrace) {
  auto entries = this->seed();
  EXPECT_THROW(this->store().write([&](WriteTx& tx) {
    this->append(tx, this->entry(50, "u9", "", "c9", "p0", "h0"));
    throw Error(Errc::forbidden, "denied");
  }),
               Error);
  auto next = this->store().write([&](WriteTx& tx) { return this->append(tx, this->entry(51, "u9", "", "c9", "p0", "h0")); });
  EXPECT_GT(next.seq, entries.back().seq);
  auto chain = audit_chain(this->store());
  ASSERT_EQ(chain.size(), 11u);
  expect_valid_chain(chain);
  EXPECT_EQ(chain.back().request_id, "req-51");
  EXPECT_EQ(chain.back().prev_hash, chain[9].hash);
}

// Another store on the same database (another process: `meekijk import`, `token create`)
// appends in between: this store's next entry chains onto that one, not onto its own last
// (the SQLite writer remembers the head of the chain between jobs).
TYPED_TEST(AuditTest, EntriesOfAnotherStoreOnTheSameDatabaseAreChainedOnto) {
  auto entries = this->seed();
  {
    Logger other_log(std::cerr, LogLevel::warn);
    auto other = this->backend().open(other_log);
    other->write([&](WriteTx& tx) { this->append(tx, this->entry(40, "u7", "", "c7", "p0", "h0")); });
  }
  this->store().write([&](WriteTx& tx) { this->append(tx, this->entry(41, "u8", "", "c8", "p0", "h0")); });
  auto chain = audit_chain(this->store());
  ASSERT_EQ(chain.size(), 12u);
  expect_valid_chain(chain);
  EXPECT_EQ(chain[10].request_id, "req-40");
  EXPECT_EQ(chain[11].request_id, "req-41");
  EXPECT_EQ(chain[11].prev_hash, chain[10].hash);
}

// Concurrent writers (some rolling back) still make one chain holding exactly the committed
// entries: with SQLite through the single writer, with PostgreSQL through the sealer.
TYPED_TEST(AuditTest, ConcurrentWritersMakeOneValidChain) {
  constexpr int kThreads = 8, kEach = 25;
  std::vector<std::vector<int64_t>> committed(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        try {
          auto seqs = this->store().write([&](WriteTx& tx) {
            std::vector<int64_t> out;
            for (int k = 0; k <= i % 2; ++k)
              out.push_back(this->append(tx, this->entry(t * 100 + i, "u" + std::to_string(t), "", "c", "p0", "h0")).seq);
            if (i % 5 == 4) throw Error(Errc::conflict, "rolled back");
            return out;
          });
          committed[size_t(t)].insert(committed[size_t(t)].end(), seqs.begin(), seqs.end());
        } catch (const Error&) {
        }
      }
    });
  for (auto& th : threads) th.join();
  std::set<int64_t> expected;
  for (const auto& v : committed) expected.insert(v.begin(), v.end());
  auto chain = audit_chain(this->store());
  expect_valid_chain(chain);
  std::set<int64_t> chained;
  for (const auto& e : chain) chained.insert(e.seq);
  EXPECT_EQ(chain.size(), expected.size());
  EXPECT_EQ(chained, expected);
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
