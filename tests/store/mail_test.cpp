// The e-mail outbox and the users' mail settings, on every backend: enqueue, claim with a
// lease, sent and failed rows, one overdue mail per consult and user, and what a rollback does.
#include <algorithm>

#include "backend.hpp"
#include "core/error.hpp"
#include "fixtures.hpp"

namespace mk::store::test {
namespace {

template <class B>
class MailTest : public StoreTest<B> {
 protected:
  void SetUp() override {
    StoreTest<B>::SetUp();
    if (!this->ready()) return;
    save_region(this->store(), region_);
    consult_ = make_consult(region_, 1, make_patient("p1", "999990019", "Jansen"), t0());
    this->store().write([&](WriteTx& tx) { insert_with_patient(tx, consult_); });
  }
  MailItem item(const std::string& id, const User& to, const std::string& kind, Timestamp at) {
    MailItem m;
    m.id = id;
    m.user_id = to.id;
    m.kind = kind;
    m.consult_id = consult_.id;
    m.reference = consult_.reference;
    m.created_at = at;
    return m;
  }
  std::vector<MailItem> claim(Timestamp now, Timestamp lease, int limit = 10) {
    return this->store().write([&](WriteTx& tx) { return tx.claim_mail(now, lease, limit); });
  }
  Region region_ = make_region();
  Consult consult_;
};
TYPED_TEST_SUITE(MailTest, Backends, BackendNames);

TYPED_TEST(MailTest, SettingsDefaultToEverythingAndRoundTrip) {
  auto& s = this->store();
  const auto gp = this->region_.gp.id;
  EXPECT_EQ(s.read([&](ReadTx& tx) { return tx.mail_kinds(gp); }), kAllMailKinds);
  s.write([&](WriteTx& tx) { tx.set_mail_kinds(gp, 0b0101); });
  EXPECT_EQ(s.read([&](ReadTx& tx) { return tx.mail_kinds(gp); }), 0b0101u);
  s.write([&](WriteTx& tx) { tx.set_mail_kinds(gp, 0); });
  EXPECT_EQ(s.read([&](ReadTx& tx) { return tx.mail_kinds(gp); }), 0u);
  // Other users keep the default.
  EXPECT_EQ(s.read([&](ReadTx& tx) { return tx.mail_kinds(this->region_.consultant.id); }), kAllMailKinds);
}

TYPED_TEST(MailTest, ClaimTakesDueRowsOldestFirstWithTheAddressAndALease) {
  auto& s = this->store();
  const auto& r = this->region_;
  s.write([&](WriteTx& tx) {
    EXPECT_TRUE(tx.enqueue_mail(this->item("m2", r.gp, "answered", at_minute(2))));
    EXPECT_TRUE(tx.enqueue_mail(this->item("m1", r.consultant, "new_consult", at_minute(1))));
    EXPECT_TRUE(tx.enqueue_mail(this->item("m3", r.gp, "info_requested", at_minute(30))));
  });
  auto got = this->claim(at_minute(10), at_minute(15));
  ASSERT_EQ(got.size(), 2u);  // m3 is not due yet
  EXPECT_EQ(got[0].id, "m1");
  EXPECT_EQ(got[0].to, r.consultant.email);
  EXPECT_EQ(got[0].kind, "new_consult");
  EXPECT_EQ(got[0].reference, this->consult_.reference);
  EXPECT_EQ(got[0].consult_id, this->consult_.id);
  EXPECT_EQ(got[0].attempts, 1);
  EXPECT_EQ(got[1].id, "m2");
  EXPECT_EQ(got[1].to, r.gp.email);
  // Leased: not claimed again before the lease ends, claimed again after it.
  EXPECT_TRUE(this->claim(at_minute(14), at_minute(20)).empty());
  s.write([&](WriteTx& tx) { tx.mail_sent("m1", at_minute(11)); });
  auto again = this->claim(at_minute(16), at_minute(25));
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].id, "m2");
  EXPECT_EQ(again[0].attempts, 2);
  // The limit holds.
  EXPECT_EQ(this->claim(at_minute(40), at_minute(45), 1).size(), 1u);
}

TYPED_TEST(MailTest, FailedRowsRetryAtTheirTimeAndGivenUpRowsNever) {
  auto& s = this->store();
  const auto& r = this->region_;
  s.write([&](WriteTx& tx) {
    tx.enqueue_mail(this->item("a", r.gp, "answered", at_minute(0)));
    tx.enqueue_mail(this->item("b", r.gp, "answered", at_minute(0)));
  });
  ASSERT_EQ(this->claim(at_minute(1), at_minute(6)).size(), 2u);
  s.write([&](WriteTx& tx) {
    tx.mail_failed("a", "smtp: connection refused", at_minute(3), false);
    tx.mail_failed("b", "smtp: mailbox unavailable", at_minute(3), true);
  });
  EXPECT_TRUE(this->claim(at_minute(2), at_minute(9)).empty());
  auto retried = this->claim(at_minute(4), at_minute(9));
  ASSERT_EQ(retried.size(), 1u);
  EXPECT_EQ(retried[0].id, "a");
  auto later = this->claim(at_minute(100), at_minute(105));  // a again after its lease; b never
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0].id, "a");
  EXPECT_EQ(later[0].attempts, 3);
}

TYPED_TEST(MailTest, OneOverdueMailPerConsultAndUser) {
  auto& s = this->store();
  const auto& r = this->region_;
  bool first = s.write([&](WriteTx& tx) { return tx.enqueue_mail(this->item("o1", r.consultant, "overdue", t0())); });
  bool second = s.write([&](WriteTx& tx) { return tx.enqueue_mail(this->item("o2", r.consultant, "overdue", t0())); });
  bool other_user = s.write([&](WriteTx& tx) { return tx.enqueue_mail(this->item("o3", r.gp, "overdue", t0())); });
  // Other kinds may repeat (a second answer after a follow-up question is a second mail).
  bool answered1 = s.write([&](WriteTx& tx) { return tx.enqueue_mail(this->item("a1", r.gp, "answered", t0())); });
  bool answered2 = s.write([&](WriteTx& tx) { return tx.enqueue_mail(this->item("a2", r.gp, "answered", t0())); });
  EXPECT_TRUE(first);
  EXPECT_FALSE(second);
  EXPECT_TRUE(other_user);
  EXPECT_TRUE(answered1);
  EXPECT_TRUE(answered2);
  EXPECT_EQ(this->claim(at_minute(1), at_minute(2)).size(), 4u);
}

TYPED_TEST(MailTest, ARolledBackChangeLeavesNoMail) {
  auto& s = this->store();
  const auto& r = this->region_;
  EXPECT_THROW(s.write([&](WriteTx& tx) {
    tx.enqueue_mail(this->item("x", r.gp, "answered", t0()));
    throw Error(Errc::conflict, "Concurrent change", "the change failed after its mail was filed");
  }),
               Error);
  EXPECT_TRUE(this->claim(at_minute(1), at_minute(2)).empty());
}

}  // namespace
}  // namespace mk::store::test
