// The consult aggregate: patients by BSN, insert/read round trip, updates with optimistic
// concurrency, attachments, the per-year reference counter.
#include "backend.hpp"
#include "core/error.hpp"
#include "fixtures.hpp"

namespace mk::store::test {
namespace {

template <class B>
class ConsultTest : public StoreTest<B> {
 protected:
  void SetUp() override {
    StoreTest<B>::SetUp();
    if (this->ready()) save_region(this->store(), region_);
  }

  Consult stored(const ConsultId& id) {
    auto c = this->store().read([&](ReadTx& tx) { return tx.consult(id); });
    if (!c) throw std::runtime_error("consult missing");
    return *c;
  }

  Region region_ = make_region();
};
TYPED_TEST_SUITE(ConsultTest, Backends, BackendNames);

TYPED_TEST(ConsultTest, PatientIsASnapshotPerConsult) {
  // Two practices enter the same BSN differently: each consult keeps what its GP entered.
  Patient first = make_patient("p1", "111222333", "J. Jansen");
  Patient again = make_patient("p2", "111222333", "J. Jansen-de Vries");
  again.sex = domain::Sex::other;
  again.birth_date.reset();
  again.postcode = "3011AA";
  auto [id1, id2] = this->store().write([&](WriteTx& tx) {
    return std::pair{tx.save_patient(first), tx.save_patient(again)};
  });
  EXPECT_EQ(id1, PatientId("p1"));
  EXPECT_EQ(id2, PatientId("p2"));
  Consult a = make_consult(this->region_, 1, first, at_minute(0));
  Consult b = make_consult(this->region_, 2, again, at_minute(1));
  this->store().write([&](WriteTx& tx) {
    tx.insert_consult(a);
    tx.insert_consult(b);
  });
  EXPECT_EQ(this->stored(a.id).patient.name, "J. Jansen");
  Consult got = this->stored(b.id);
  EXPECT_EQ(got.patient.id, PatientId("p2"));
  EXPECT_EQ(got.patient.name, "J. Jansen-de Vries");
  EXPECT_EQ(got.patient.sex, domain::Sex::other);
  EXPECT_FALSE(got.patient.birth_date);
  EXPECT_EQ(got.patient.postcode, "3011AA");

  // Saving again with the same id updates that snapshot only.
  first.name = "J. Jansen (gecorrigeerd)";
  this->store().write([&](WriteTx& tx) { tx.save_patient(first); });
  EXPECT_EQ(this->stored(a.id).patient.name, "J. Jansen (gecorrigeerd)");
  EXPECT_EQ(this->stored(b.id).patient.name, "J. Jansen-de Vries");
}

TYPED_TEST(ConsultTest, WholeAggregateRoundTrip) {
  Consult c = make_full_consult(this->region_, make_patient("p1", "111222333", "J. Jansen"));
  this->store().write([&](WriteTx& tx) { insert_with_patient(tx, c); });
  expect_same(this->stored(c.id), c);
  EXPECT_FALSE(this->store().read([](ReadTx& tx) { return tx.consult(ConsultId("missing")); }));
}

// consult_for_read() is the same aggregate as consult(), in a read and in a write transaction
// (where it takes no lock: PostgreSQL's side of that is in postgres_test.cpp).
TYPED_TEST(ConsultTest, ReadingForShowIsTheSameAggregate) {
  Consult c = make_full_consult(this->region_, make_patient("p1", "111222333", "J. Jansen"));
  this->store().write([&](WriteTx& tx) { insert_with_patient(tx, c); });
  auto in_read = this->store().read([&](ReadTx& tx) { return tx.consult_for_read(c.id); });
  ASSERT_TRUE(in_read);
  expect_same(*in_read, c);
  auto in_write = this->store().write([&](WriteTx& tx) {
    EXPECT_FALSE(tx.consult_for_read(ConsultId("missing")));
    return tx.consult_for_read(c.id);
  });
  ASSERT_TRUE(in_write);
  expect_same(*in_write, c);
}

TYPED_TEST(ConsultTest, MinimalDraftRoundTrip) {
  Consult c = make_consult(this->region_, 2, make_patient("p1", "111222333", "J. Jansen"), at_minute(0));
  c.status = domain::ConsultStatus::draft;
  c.reference.clear();  // drafts may not be numbered yet
  c.intended_referral.reset();
  c.submitted_at.reset();
  Consult d = make_consult(this->region_, 3, c.patient, at_minute(1));
  d.reference.clear();
  this->store().write([&](WriteTx& tx) {
    insert_with_patient(tx, c);
    d.patient.id = c.patient.id;
    tx.insert_consult(d);
  });
  expect_same(this->stored(c.id), c);
  EXPECT_FALSE(this->stored(c.id).answer);
  EXPECT_FALSE(this->stored(c.id).outcome);
  EXPECT_FALSE(this->stored(c.id).follow_up);
}

TYPED_TEST(ConsultTest, ChildrenInTimeThenInsertionOrder) {
  Consult c = make_consult(this->region_, 1, make_patient("p1", "111222333", "J. Jansen"), at_minute(0));
  c.messages = {make_message(c, "late", at_minute(9), "late"), make_message(c, "tie-1", at_minute(5), "tie 1"),
                make_message(c, "tie-2", at_minute(5), "tie 2"), make_message(c, "early", at_minute(1), "early")};
  c.events = {make_event(c, "e-b", at_minute(3), "b"), make_event(c, "e-a", at_minute(3), "a")};
  this->store().write([&](WriteTx& tx) { insert_with_patient(tx, c); });
  Consult got = this->stored(c.id);
  std::vector<std::string> ids;
  for (const auto& m : got.messages) ids.push_back(m.id.str());
  EXPECT_EQ(ids, (std::vector<std::string>{"early", "tie-1", "tie-2", "late"}));
  EXPECT_EQ(got.events[0].id, EventId("e-b"));
  EXPECT_EQ(got.events[1].id, EventId("e-a"));
}

TYPED_TEST(ConsultTest, UpdateStoresHeaderAndNewChildren) {
  Consult c = make_consult(this->region_, 1, make_patient("p1", "111222333", "J. Jansen"), at_minute(0));
  c.messages = {make_message(c, "m1", at_minute(1), "question")};
  this->store().write([&](WriteTx& tx) { insert_with_patient(tx, c); });

  Consult next = this->stored(c.id);
  auto before = mark(next);
  next.status = domain::ConsultStatus::answered;
  next.assignee_id = this->region_.consultant.id;
  next.answer = domain::Answer{"advice text", false, 9};
  next.intake = {{"duration", "twee weken"}};
  next.first_answer_at = next.answered_at = at_minute(30);
  next.updated_at = at_minute(30);
  next.version = before.version + 1;
  next.messages.push_back(make_message(next, "m2", at_minute(30), "advice"));
  next.events.push_back(make_event(next, "e1", at_minute(30), "answered"));
  next.attachments.push_back(make_attachment(next, "a1", at_minute(30), 'b'));
  this->store().write([&](WriteTx& tx) { tx.update_consult(next, before); });
  expect_same(this->stored(c.id), next);
}

TYPED_TEST(ConsultTest, StaleVersionIsAConflictAndStoresNothing) {
  Consult c = make_consult(this->region_, 1, make_patient("p1", "111222333", "J. Jansen"), at_minute(0));
  this->store().write([&](WriteTx& tx) { insert_with_patient(tx, c); });
  Consult a = this->stored(c.id), b = a;
  auto before = mark(a);
  a.question = "changed by A";
  a.version = before.version + 1;
  b.question = "changed by B";
  b.version = before.version + 1;
  b.messages.push_back(make_message(b, "mb", at_minute(2), "from B"));
  this->store().write([&](WriteTx& tx) { tx.update_consult(a, before); });
  try {
    this->store().write([&](WriteTx& tx) { tx.update_consult(b, before); });
    FAIL() << "expected a conflict";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::conflict);
    EXPECT_EQ(e.title(), "Concurrent change");
  }
  Consult got = this->stored(c.id);
  EXPECT_EQ(got.question, "changed by A");
  EXPECT_TRUE(got.messages.empty());
  EXPECT_EQ(got.version, before.version + 1);
}

TYPED_TEST(ConsultTest, AttachmentLookupIsScopedToItsConsult) {
  Consult c = make_full_consult(this->region_, make_patient("p1", "111222333", "J. Jansen"));
  Consult other = make_consult(this->region_, 2, c.patient, at_minute(0));
  this->store().write([&](WriteTx& tx) {
    insert_with_patient(tx, c);
    insert_with_patient(tx, other);
  });
  auto a = this->store().read([&](ReadTx& tx) { return tx.attachment(c.id, AttachmentId("a1")); });
  ASSERT_TRUE(a);
  EXPECT_EQ(a->sha256, std::string(64, 'a'));
  EXPECT_EQ(a->size, 12345);
  EXPECT_FALSE(this->store().read([&](ReadTx& tx) { return tx.attachment(other.id, AttachmentId("a1")); }));
}

TYPED_TEST(ConsultTest, DuplicateReferenceIsAConflict) {
  Consult c = make_consult(this->region_, 1, make_patient("p1", "111222333", "J. Jansen"), at_minute(0));
  Consult d = make_consult(this->region_, 2, c.patient, at_minute(0));
  d.reference = c.reference;
  this->store().write([&](WriteTx& tx) { insert_with_patient(tx, c); });
  try {
    this->store().write([&](WriteTx& tx) { insert_with_patient(tx, d); });
    FAIL() << "expected a conflict";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::conflict);
    EXPECT_EQ(e.detail().find("111222333"), std::string::npos);  // no patient data in errors
  }
}

TYPED_TEST(ConsultTest, ReferenceCounterPerYear) {
  auto next = [&](int year) { return this->store().write([&](WriteTx& tx) { return tx.next_reference_number(year); }); };
  EXPECT_EQ(next(2026), 1);
  EXPECT_EQ(next(2026), 2);
  EXPECT_EQ(next(2027), 1);
  EXPECT_EQ(next(2026), 3);
  // A rolled-back write does not use up a number.
  EXPECT_THROW(this->store().write([](WriteTx& tx) {
    tx.next_reference_number(2026);
    throw std::runtime_error("abandoned");
  }),
               std::runtime_error);
  this->reopen();
  EXPECT_EQ(next(2026), 4);
  EXPECT_EQ(next(2027), 2);
}

}  // namespace
}  // namespace mk::store::test
