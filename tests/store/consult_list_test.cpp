// consults(): every filter and both orders against an in-memory oracle, keyset paging over
// several pages, rows inserted between pages, summary fields, bad cursors.
#include <algorithm>
#include <set>

#include "backend.hpp"
#include "core/error.hpp"
#include "fixtures.hpp"

namespace mk::store::test {
namespace {

using domain::ConsultStatus;

constexpr ConsultStatus kStatuses[] = {ConsultStatus::draft,    ConsultStatus::submitted, ConsultStatus::accepted,
                                       ConsultStatus::answered, ConsultStatus::closed,    ConsultStatus::awaiting_gp,
                                       ConsultStatus::cancelled};

// ASCII plus the one accented capital the fixtures use (Ö → ö).
std::string lower(std::string s) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] >= 'A' && s[i] <= 'Z') s[i] = char(s[i] + 32);
    if (s.compare(i, 2, "\xC3\x96") == 0) s[i + 1] = '\xB6';
  }
  return s;
}

// The FHIR searches' fields (issue 7); identifiers have a test of their own.
bool matches_fhir(const ConsultFilter& f, const Consult& c) {
  auto within = [](const std::optional<Timestamp>& t, const std::optional<Timestamp>& from,
                   const std::optional<Timestamp>& to) {
    if (!from && !to) return true;
    return t && (!from || *t >= *from) && (!to || *t < *to);
  };
  if (!f.ids.empty() && std::find(f.ids.begin(), f.ids.end(), c.id) == f.ids.end()) return false;
  if (f.patient_id && c.patient.id != *f.patient_id) return false;
  if (!f.patient_bsn.empty() && c.patient.bsn != f.patient_bsn) return false;
  if (f.requester_id && c.requester_id != *f.requester_id) return false;
  if (f.unassigned && c.assignee_id) return false;
  if (!f.reference.empty() && c.reference != f.reference) return false;
  return within(c.submitted_at, f.submitted_from, f.submitted_to) &&
         within(std::optional<Timestamp>(c.updated_at), f.updated_from, f.updated_to);
}

bool matches(const ConsultFilter& f, const Consult& c) {
  auto in = [](const auto& list, const auto& v) { return list.empty() || std::find(list.begin(), list.end(), v) != list.end(); };
  if (f.practice_id && c.practice_id != *f.practice_id) return false;
  if (!in(f.service_ids, c.service_id) || !in(f.statuses, c.status)) return false;
  if (f.assignee_id && c.assignee_id != f.assignee_id) return false;
  std::string needle = lower(f.text);
  if (!needle.empty() && lower(c.reference).find(needle) == std::string::npos &&
      lower(c.patient.name).find(needle) == std::string::npos && c.patient.bsn.find(needle) == std::string::npos)
    return false;
  if (f.closed_before && !(c.closed_at && *c.closed_at < *f.closed_before)) return false;
  if (f.follow_up_missing && c.follow_up) return false;
  if (f.outcome && !(c.outcome && c.outcome->result == *f.outcome)) return false;
  if (f.due_before && !(c.due_at && *c.due_at < *f.due_before)) return false;
  if (f.unanswered && c.first_answer_at) return false;
  if (f.exclude_drafts && c.status == ConsultStatus::draft) return false;
  return matches_fhir(f, c);
}

bool before(ConsultOrder order, const Consult& a, const Consult& b) {
  if (order == ConsultOrder::updated_desc)
    return a.updated_at != b.updated_at ? a.updated_at > b.updated_at : a.id > b.id;
  if (a.due_at.has_value() != b.due_at.has_value()) return a.due_at.has_value();
  if (a.due_at != b.due_at) return *a.due_at < *b.due_at;
  return a.id < b.id;
}

template <class B>
class ConsultListTest : public StoreTest<B> {
 protected:
  void SetUp() override {
    StoreTest<B>::SetUp();
    if (!this->ready()) return;
    save_region(this->store(), region_);
    Patient patients[] = {make_patient("pa", "111222333", "\xC3\x96zdemir, A."),
                          make_patient("pb", "123456782", "J. Jansen"),
                          make_patient("pc", "999888777", "M. de Vries")};
    for (int n = 1; n <= 25; ++n) consults_.push_back(make_varied(n, patients[n % 3]));
    this->store().write([&](WriteTx& tx) {
      for (auto& c : consults_) insert_with_patient(tx, c);
    });
  }

  Consult make_varied(int n, const Patient& p) {
    const Region& r = region_;
    Consult c = make_consult(r, n, p, at_minute((n * 7) % 11));  // many equal updated_at: id breaks ties
    if (n % 3 == 0) {
      c.practice_id = r.other_practice.id;
      c.requester_id = c.created_by = r.other_gp.id;
    }
    if (n % 2) c.service_id = r.other_service.id;
    if (n % 4 == 0) c.assignee_id = r.consultant.id;
    c.status = kStatuses[n % 7];
    if (n % 5) c.due_at = at_minute(100 + (n * 3) % 8);
    if (n % 6 == 1) c.first_answer_at = at_minute(90);  // answered once, back in a second round
    if (c.status == ConsultStatus::closed) {
      c.closed_at = at_minute(200 + n);
      auto result = n % 3 == 0 ? domain::OutcomeResult::referred : domain::OutcomeResult::treated_by_gp;
      c.outcome = domain::Outcome{result, 4, true, ""};
    }
    if (c.status == ConsultStatus::closed && n % 2 == 0) c.follow_up = domain::FollowUp{false, at_minute(300), r.gp.id};
    for (int m = 0; m < n % 3; ++m) c.messages.push_back(make_message(c, c.id.str() + "-m" + std::to_string(m), at_minute(m), "x"));
    if (n % 4 == 1) c.attachments.push_back(make_attachment(c, c.id.str() + "-a", at_minute(1), 'c'));
    return c;
  }

  std::vector<std::string> expected(const ConsultFilter& f, ConsultOrder order) {
    std::vector<Consult> hits;
    for (const auto& c : consults_)
      if (matches(f, c)) hits.push_back(c);
    std::sort(hits.begin(), hits.end(), [&](const Consult& a, const Consult& b) { return before(order, a, b); });
    std::vector<std::string> ids;
    for (const auto& c : hits) ids.push_back(c.id.str());
    return ids;
  }

  Page<ConsultSummary> page(const ConsultFilter& f, ConsultOrder order, const std::string& after, int limit) {
    return this->store().read([&](ReadTx& tx) { return tx.consults(f, order, PageRequest{after, limit}); });
  }

  // Follows `next` to the end; counts the pages.
  std::vector<std::string> all_pages(const ConsultFilter& f, ConsultOrder order, int limit, int* pages) {
    std::vector<std::string> ids;
    std::string after;
    *pages = 0;
    do {
      auto p = page(f, order, after, limit);
      EXPECT_LE(p.items.size(), size_t(limit));
      ++*pages;
      for (const auto& s : p.items) ids.push_back(s.id.str());
      after = p.next;
    } while (!after.empty() && *pages < 100);
    return ids;
  }

  Region region_ = make_region();
  std::vector<Consult> consults_;
};
TYPED_TEST_SUITE(ConsultListTest, Backends, BackendNames);

TYPED_TEST(ConsultListTest, EveryFilterAndOrderPagesLikeTheOracle) {
  const Region& r = this->region_;
  std::vector<std::pair<std::string, ConsultFilter>> filters;
  filters.push_back({"none", {}});
  filters.push_back({"practice", {.practice_id = r.practice.id}});
  filters.push_back({"one service", {.service_ids = {r.service.id}}});
  filters.push_back({"two services", {.service_ids = {r.service.id, r.other_service.id}}});
  filters.push_back({"assignee", {.assignee_id = r.consultant.id}});
  filters.push_back({"statuses", {.statuses = {ConsultStatus::submitted, ConsultStatus::accepted}}});
  filters.push_back({"text accent", {.text = "\xC3\xB6ZDEM"}});
  filters.push_back({"text name", {.text = "jAnSeN"}});
  filters.push_back({"text reference", {.text = "mk-2026-00001"}});
  filters.push_back({"text bsn", {.text = "88877"}});
  filters.push_back({"closed before", {.closed_before = at_minute(215)}});
  filters.push_back({"follow-up due", {.statuses = {ConsultStatus::closed}, .follow_up_missing = true}});
  filters.push_back({"no drafts", {.exclude_drafts = true}});
  filters.push_back({"outcome", {.outcome = domain::OutcomeResult::treated_by_gp}});
  filters.push_back({"overdue", {.statuses = {ConsultStatus::submitted, ConsultStatus::accepted},
                                 .due_before = at_minute(105), .unanswered = true}});
  filters.push_back({"combined", {.practice_id = r.practice.id, .service_ids = {r.other_service.id},
                                  .exclude_drafts = true}});
  filters.push_back({"ids", {.ids = {ConsultId("c1003"), ConsultId("c1010"), ConsultId("c9999")}}});
  filters.push_back({"patient bsn", {.patient_bsn = "123456782"}});
  filters.push_back({"requester", {.requester_id = r.other_gp.id}});
  filters.push_back({"unassigned queue", {.service_ids = {r.service.id}, .statuses = {ConsultStatus::submitted},
                                          .unassigned = true}});
  filters.push_back({"reference", {.reference = "MK-2026-000007"}});
  filters.push_back({"updated range", {.updated_from = at_minute(3), .updated_to = at_minute(7)}});
  filters.push_back({"submitted since", {.submitted_from = at_minute(5) - std::chrono::hours(1)}});
  for (auto order : {ConsultOrder::updated_desc, ConsultOrder::due_asc}) {
    for (const auto& [name, f] : filters) {
      SCOPED_TRACE(name + (order == ConsultOrder::updated_desc ? " / updated_desc" : " / due_asc"));
      auto want = this->expected(f, order);
      int pages = 0;
      EXPECT_EQ(this->all_pages(f, order, 2, &pages), want);
      if (want.size() > 4) {
        EXPECT_GT(pages, 2);
      }
      EXPECT_EQ(this->all_pages(f, order, 50, &pages), want);
    }
  }
  EXPECT_EQ(this->expected({}, ConsultOrder::updated_desc).size(), 25u);
  EXPECT_FALSE(this->expected({.text = "\xC3\xB6ZDEM"}, ConsultOrder::due_asc).empty());
  EXPECT_FALSE(this->expected({.closed_before = at_minute(215)}, ConsultOrder::due_asc).empty());
  EXPECT_FALSE(this->expected({.outcome = domain::OutcomeResult::treated_by_gp}, ConsultOrder::due_asc).empty());
  EXPECT_FALSE(this->expected({.due_before = at_minute(105), .unanswered = true}, ConsultOrder::due_asc).empty());
  EXPECT_LT(this->expected({.unanswered = true}, ConsultOrder::due_asc).size(), 25u);
  for (const auto& [name, f] : filters)  // the FHIR filters select something, but not everything
    if (f.unassigned || f.updated_from || f.submitted_from || !f.patient_bsn.empty() || f.requester_id) {
      auto n = this->expected(f, ConsultOrder::updated_desc).size();
      EXPECT_TRUE(n > 0 && n < 25u) << name << ": " << n;
    }
}

TYPED_TEST(ConsultListTest, ClientIdentifiersAreUniquePerPracticeAndFindTheirConsult) {
  if (!this->ready()) return;
  const Region& r = this->region_;
  domain::ExternalIdentifier his{"https://his.example/id", "42"};
  this->store().write([&](WriteTx& tx) {
    EXPECT_TRUE(tx.add_consult_identifier(ConsultId("c1001"), r.practice.id, his));
    EXPECT_FALSE(tx.add_consult_identifier(ConsultId("c1002"), r.practice.id, his));  // taken in this practice
    EXPECT_TRUE(tx.add_consult_identifier(ConsultId("c1003"), r.other_practice.id, his));
  });
  int pages = 0;
  EXPECT_EQ(this->all_pages({.practice_id = r.practice.id, .identifier = his}, ConsultOrder::updated_desc, 10, &pages),
            std::vector<std::string>{"c1001"});
  EXPECT_EQ(this->all_pages({.identifier = his}, ConsultOrder::updated_desc, 10, &pages).size(), 2u);
  this->store().read([&](ReadTx& tx) {
    EXPECT_EQ(tx.consult_identifiers(ConsultId("c1001")), std::vector<domain::ExternalIdentifier>{his});
    EXPECT_TRUE(tx.consult_identifiers(ConsultId("c1002")).empty());
    EXPECT_EQ(tx.consult_of_message(MessageId("c1001-m0")), ConsultId("c1001"));
    EXPECT_EQ(tx.consult_of_attachment(AttachmentId("c1001-a")), ConsultId("c1001"));
    EXPECT_FALSE(tx.consult_of_message(MessageId("nope")).has_value());
  });
}

TYPED_TEST(ConsultListTest, RowsInsertedBetweenPagesCauseNoDuplicatesOrSkips) {
  for (auto order : {ConsultOrder::updated_desc, ConsultOrder::due_asc}) {
    SCOPED_TRACE(order == ConsultOrder::updated_desc ? "updated_desc" : "due_asc");
    auto original = this->expected({}, order);
    auto first = this->page({}, order, "", 6);
    ASSERT_EQ(first.items.size(), 6u);
    // One row that sorts before the cursor (must not appear), one after it (must appear once).
    int base = order == ConsultOrder::updated_desc ? 100 : 200;
    Consult early = this->make_varied(base + 1, this->consults_[0].patient);
    Consult late = this->make_varied(base + 2, this->consults_[0].patient);
    early.updated_at = at_minute(1000);
    late.updated_at = at_minute(-1000);
    early.due_at = at_minute(-1000);
    late.due_at.reset();
    this->store().write([&](WriteTx& tx) {
      insert_with_patient(tx, early);
      insert_with_patient(tx, late);
    });
    std::vector<std::string> seen;
    for (const auto& s : first.items) seen.push_back(s.id.str());
    std::string after = first.next;
    while (!after.empty()) {
      auto p = this->page({}, order, after, 6);
      for (const auto& s : p.items) seen.push_back(s.id.str());
      after = p.next;
    }
    original.push_back(late.id.str());  // sorts last in both orders
    EXPECT_EQ(seen, original);
    EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), seen.size());
    this->consults_.push_back(early);
    this->consults_.push_back(late);
  }
}

TYPED_TEST(ConsultListTest, SummaryCarriesPatientCountsAndOutcome) {
  Consult c = make_full_consult(this->region_, this->consults_[1].patient);
  c.id = ConsultId("full");
  c.reference = "MK-2026-999999";
  c.updated_at = at_minute(5000);
  c.version = 7;
  c.first_answer_at = at_minute(42);
  this->store().write([&](WriteTx& tx) { insert_with_patient(tx, c); });
  auto p = this->page({}, ConsultOrder::updated_desc, "", 1);
  ASSERT_EQ(p.items.size(), 1u);
  const ConsultSummary& s = p.items[0];
  EXPECT_EQ(s.id, c.id);
  EXPECT_EQ(s.reference, c.reference);
  EXPECT_EQ(s.modality, domain::Modality::on_site);
  EXPECT_EQ(s.patient.bsn, c.patient.bsn);
  EXPECT_EQ(s.patient.name, c.patient.name);
  EXPECT_EQ(s.patient.birth_date, c.patient.birth_date);
  EXPECT_EQ(s.question, c.question);
  EXPECT_EQ(s.urgency, domain::Urgency::soon);
  EXPECT_EQ(s.status, ConsultStatus::closed);
  EXPECT_EQ(s.assignee_id, c.assignee_id);
  EXPECT_EQ(s.due_at, c.due_at);
  EXPECT_EQ(s.closed_at, c.closed_at);
  EXPECT_EQ(s.first_answer_at, c.first_answer_at);
  EXPECT_EQ(s.version, c.version);
  ASSERT_TRUE(s.outcome);
  EXPECT_EQ(s.outcome->result, domain::OutcomeResult::referred_elsewhere);
  EXPECT_EQ(s.outcome->usefulness, 4);
  EXPECT_EQ(s.message_count, 2);
  EXPECT_EQ(s.attachment_count, 1);
  EXPECT_FALSE(p.next.empty());
}

TYPED_TEST(ConsultListTest, BadCursorsAreRejected) {
  auto first = this->page({}, ConsultOrder::updated_desc, "", 3);
  ASSERT_FALSE(first.next.empty());
  for (const std::string& bad : {std::string("garbage"), std::string("u|not-a-time|c1001"), std::string("u||"),
                                 std::string("x|2026-03-01T10:00:00.000Z|c1")}) {
    try {
      this->page({}, ConsultOrder::updated_desc, bad, 3);
      ADD_FAILURE() << "accepted cursor " << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), Errc::bad_request);
    }
  }
  // A cursor of one order is not valid for the other.
  EXPECT_THROW(this->page({}, ConsultOrder::due_asc, first.next, 3), Error);
}

}  // namespace
}  // namespace mk::store::test
