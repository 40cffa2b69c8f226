// Contracts, declaration lines, statements and the no-contract list, on every backend:
// round trips, the overlap rule, "at most once per consult", scoping filters and sums.
#include "backend.hpp"
#include "core/error.hpp"
#include "fixtures.hpp"

namespace mk::store::test {
namespace {

using domain::Contract;
using domain::DeclarationLine;

Date day(int y, unsigned m, unsigned d) { return std::chrono::year(y) / std::chrono::month(m) / std::chrono::day(d); }

template <class B>
class BillingStoreTest : public StoreTest<B> {
 protected:
  void SetUp() override {
    StoreTest<B>::SetUp();
    if (!this->ready()) return;
    save_region(this->store(), r_);
    for (int n : {1, 2}) {
      consults_.push_back(make_consult(r_, n, make_patient("p" + std::to_string(n), "999990019", "Jansen"), t0()));
      this->store().write([&](WriteTx& tx) { insert_with_patient(tx, consults_.back()); });
    }
  }
  Contract contract(const std::string& id, Date from, std::optional<Date> to) {
    Contract c;
    c.id = ContractId(id);
    c.ref = id + "-ref";
    c.requester_care_group_id = r_.care_group.id;
    c.provider_organization_id = r_.hospital.id;
    c.modality = domain::Modality::e_consult;
    c.valid_from = from;
    c.valid_to = to;
    c.payer_id = r_.care_group.id;
    c.gp_fee_cents = 2500;
    c.gp_code = "13045";
    c.consultant_fee_kind = domain::FeeKind::per_minute;
    c.consultant_rate_centicents = 18750;
    c.consultant_fee_cap_cents = 9000;
    c.consultant_code = "190009";
    c.updated_at = t0();
    return c;
  }
  DeclarationLine line(const Consult& c, domain::Party party, Date d, const OrgId& org, int64_t cents) {
    DeclarationLine l;
    l.id = c.id.str() + "-" + std::string(domain::to_string(party));
    l.consult_id = c.id;
    l.reference = c.reference;
    l.date = d;
    l.party = party;
    l.organization_id = org;
    l.organization_agb = "01234567";
    l.practitioner_id = party == domain::Party::gp ? r_.gp.id : r_.consultant.id;
    l.practitioner_agb = "01100001";
    l.payer_id = r_.care_group.id;
    l.code = party == domain::Party::gp ? "13045" : "190009";
    l.amount_cents = cents;
    l.contract_id = ContractId("k1");
    l.minutes_spent = 7;
    l.created_at = t0();
    return l;
  }
  Region r_ = make_region();
  std::vector<Consult> consults_;
};
TYPED_TEST_SUITE(BillingStoreTest, Backends, BackendNames);

TYPED_TEST(BillingStoreTest, ContractsRoundTripAndOverlappingPeriodsAreRefused) {
  auto& s = this->store();
  auto a = this->contract("k1", day(2026, 1, 1), day(2026, 6, 30));
  s.write([&](WriteTx& tx) { tx.save_contract(a); });
  auto back = s.read([&](ReadTx& tx) { return tx.contract(a.id); });
  ASSERT_TRUE(back);
  EXPECT_EQ(back->ref, "k1-ref");
  EXPECT_EQ(back->valid_from, day(2026, 1, 1));
  EXPECT_EQ(back->valid_to, day(2026, 6, 30));
  EXPECT_EQ(back->consultant_fee_kind, domain::FeeKind::per_minute);
  EXPECT_EQ(back->consultant_rate_centicents, 18750);
  EXPECT_EQ(back->consultant_fee_cap_cents, 9000);
  EXPECT_FALSE(back->deductible_applies);
  EXPECT_EQ(back->updated_at, t0());
  EXPECT_EQ(s.read([&](ReadTx& tx) { return tx.contract_by_ref("k1-ref"); })->id, a.id);

  // Sharing the last day is an overlap; the day after is not.
  auto b = this->contract("k2", day(2026, 6, 30), std::nullopt);
  try {
    s.write([&](WriteTx& tx) { tx.save_contract(b); });
    FAIL() << "an overlapping contract was stored";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::conflict);
  }
  b.valid_from = day(2026, 7, 1);
  s.write([&](WriteTx& tx) { tx.save_contract(b); });
  // An open-ended contract overlaps everything after it.
  auto c = this->contract("k3", day(2030, 1, 1), day(2030, 12, 31));
  EXPECT_THROW(s.write([&](WriteTx& tx) { tx.save_contract(c); }), Error);
  // Another modality is another pair.
  c.modality = domain::Modality::on_site;
  s.write([&](WriteTx& tx) { tx.save_contract(c); });
  // Updating a contract does not clash with itself.
  a.gp_fee_cents = 2600;
  a.version = 2;
  s.write([&](WriteTx& tx) { tx.save_contract(a); });
  EXPECT_EQ(s.read([&](ReadTx& tx) { return tx.contract(a.id); })->gp_fee_cents, 2600);

  auto pair = s.read([&](ReadTx& tx) {
    return tx.contracts({this->r_.care_group.id, this->r_.hospital.id, domain::Modality::e_consult});
  });
  ASSERT_EQ(pair.size(), 2u);
  EXPECT_EQ(pair[0].id, a.id);
  EXPECT_EQ(pair[1].id, b.id);
  EXPECT_FALSE(pair[1].valid_to);
  EXPECT_EQ(s.read([&](ReadTx& tx) { return tx.contracts({}); }).size(), 3u);
  EXPECT_TRUE(s.read([&](ReadTx& tx) { return tx.contracts({this->r_.practice.id, {}, {}}); }).empty());
}

TYPED_TEST(BillingStoreTest, DeclarationsAreStoredOnceAndSummedPerOrganisation) {
  auto& s = this->store();
  s.write([&](WriteTx& tx) { tx.save_contract(this->contract("k1", day(2026, 1, 1), std::nullopt)); });
  const auto& r = this->r_;
  const auto& c1 = this->consults_[0];
  const auto& c2 = this->consults_[1];
  using domain::Party;
  EXPECT_TRUE(s.write([&](WriteTx& tx) {
    return tx.insert_declarations({this->line(c1, Party::gp, day(2026, 3, 31), r.practice.id, 2500),
                                   this->line(c1, Party::consultant, day(2026, 3, 31), r.hospital.id, 1313)});
  }));
  // A second attempt for the same consult adds nothing.
  EXPECT_FALSE(s.write([&](WriteTx& tx) {
    auto again = this->line(c1, Party::gp, day(2026, 3, 31), r.practice.id, 2500);
    again.id = "other-id";
    return tx.insert_declarations({again});
  }));
  s.write([&](WriteTx& tx) {
    tx.insert_declarations({this->line(c2, Party::gp, day(2026, 3, 2), r.practice.id, 2500),
                            this->line(c2, Party::consultant, day(2026, 3, 2), r.hospital.id, 9000)});
  });
  auto all = s.read([&](ReadTx& tx) { return tx.declarations({"2026-03", true, {}, {}}); });
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].consult_id, c2.id);  // by date
  EXPECT_EQ(all[0].party, Party::consultant);
  EXPECT_EQ(all[0].date, day(2026, 3, 2));
  EXPECT_EQ(all[3].consult_id, c1.id);
  EXPECT_EQ(all[3].amount_cents, 2500);
  EXPECT_EQ(all[3].practitioner_id, r.gp.id);
  EXPECT_EQ(all[3].minutes_spent, 7);
  EXPECT_TRUE(s.read([&](ReadTx& tx) { return tx.declarations({"2026-04", true, {}, {}}); }).empty());

  auto practice_only = s.read([&](ReadTx& tx) { return tx.declarations({"2026-03", false, {r.practice.id}, {}}); });
  ASSERT_EQ(practice_only.size(), 2u);
  for (const auto& l : practice_only) EXPECT_EQ(l.party, Party::gp);
  EXPECT_EQ(s.read([&](ReadTx& tx) { return tx.declarations({"2026-03", false, {}, {r.care_group.id}}); }).size(), 4u);
  EXPECT_TRUE(s.read([&](ReadTx& tx) { return tx.declarations({"2026-03", false, {}, {}}); }).empty());

  auto st = s.read([&](ReadTx& tx) { return tx.statement({"2026-03", true, {}, {}}); });
  ASSERT_EQ(st.size(), 2u);
  int64_t total = 0;
  for (const auto& l : st) {
    total += l.amount_cents;
    EXPECT_EQ(l.lines, 2);
    EXPECT_EQ(l.deductible_lines, 0);
    if (l.party == Party::gp) EXPECT_EQ(l.amount_cents, 5000);
    else EXPECT_EQ(l.amount_cents, 10313);
  }
  EXPECT_EQ(total, 15313);
}

TYPED_TEST(BillingStoreTest, NoContractRowsAreListedReplacedAndRemoved) {
  auto& s = this->store();
  const auto& r = this->r_;
  const auto& c1 = this->consults_[0];
  domain::Unbilled u{c1.id, c1.reference, day(2026, 3, 31), r.practice.id, r.hospital.id,
                     domain::Modality::e_consult, "no_contract", t0()};
  s.write([&](WriteTx& tx) { tx.save_unbilled(u); });
  u.reason = "no_care_group";
  s.write([&](WriteTx& tx) { tx.save_unbilled(u); });
  auto got = s.read([&](ReadTx& tx) { return tx.unbilled({"2026-03", true, {}, {}}); });
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].reason, "no_care_group");
  EXPECT_EQ(got[0].date, day(2026, 3, 31));
  // Seen by the practice's side and by the provider's side, not by a payer filter alone.
  EXPECT_EQ(s.read([&](ReadTx& tx) { return tx.unbilled({"2026-03", false, {r.practice.id}, {}}); }).size(), 1u);
  EXPECT_EQ(s.read([&](ReadTx& tx) { return tx.unbilled({"2026-03", false, {r.hospital.id}, {}}); }).size(), 1u);
  EXPECT_TRUE(s.read([&](ReadTx& tx) { return tx.unbilled({"2026-03", false, {}, {r.care_group.id}}); }).empty());
  s.write([&](WriteTx& tx) { tx.delete_unbilled(c1.id); });
  EXPECT_TRUE(s.read([&](ReadTx& tx) { return tx.unbilled({"2026-03", true, {}, {}}); }).empty());
}

}  // namespace
}  // namespace mk::store::test
