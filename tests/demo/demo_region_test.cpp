// `meekijk demo`: the Rotterdam demo region seeded into a fresh SQLite data directory. The
// full-size region is seeded once for the suite; its shape is checked through the store port.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <tuple>

#include "app/access.hpp"
#include "app/audit.hpp"
#include "app/crypto.hpp"
#include "app/demo_region.hpp"
#include "app/reports.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "domain/billing.hpp"
#include "domain/calendar.hpp"
#include "domain/identifiers.hpp"
#include "domain/teaching.hpp"
#include "domain/workflow.hpp"
#include "store/report_cells.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace mk::app {
namespace {

using domain::ConsultStatus;
using domain::OrgType;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "mk-demo-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

Timestamp now_for_tests() { return parse_timestamp("2026-11-18T13:30:00Z").value(); }  // a Wednesday

// A seeded data directory with everything the seeding needs.
struct SeededRegion {
  explicit SeededRegion(DemoOptions options) : clock(now_for_tests()), audit(clock), log(log_text) {
    init_crypto();
    store::SqliteOptions o;
    o.data_dir = tmp.path() / "data";
    store = store::open_sqlite_store(o, log);
    auto start = std::chrono::steady_clock::now();
    report = seed_demo_region(*store, ids, clock, audit, options);
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

  std::vector<domain::Consult> all_consults() {
    return store->read([](store::ReadTx& tx) {
      std::vector<domain::Consult> out;
      store::PageRequest page{"", 500};
      do {
        auto p = tx.consults({}, store::ConsultOrder::updated_desc, page);
        for (const auto& s : p.items) out.push_back(tx.consult(s.id).value());
        page.after = p.next;
      } while (!page.after.empty());
      return out;
    });
  }

  TempDir tmp;
  ManualClock clock;
  RandomIdGenerator ids{clock};
  AuditTrail audit;
  std::ostringstream log_text;
  Logger log;
  std::unique_ptr<store::Store> store;
  DemoReport report;
  double seconds = 0;
};

DemoOptions test_options() {
  DemoOptions o;
  o.password_cost = PasswordCost::minimum();
  return o;
}

class DemoRegionTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    region_ = new SeededRegion(test_options());
    consults_ = new std::vector<domain::Consult>(region_->all_consults());
    std::cout << "[ seeding  ] " << region_->report.consults << " consults, " << region_->report.organizations
              << " organisations (" << region_->report.practices << " practices), " << region_->report.services
              << " services, " << region_->report.users << " users in " << region_->seconds << " s\n";
  }
  static void TearDownTestSuite() {
    delete consults_;
    delete region_;
  }
  static store::Store& store() { return *region_->store; }
  static const std::vector<domain::Consult>& consults() { return *consults_; }

  static SeededRegion* region_;
  static std::vector<domain::Consult>* consults_;
};
SeededRegion* DemoRegionTest::region_ = nullptr;
std::vector<domain::Consult>* DemoRegionTest::consults_ = nullptr;

double pct(size_t part, size_t whole) { return whole ? 100.0 * double(part) / double(whole) : 0.0; }
double hours(Timestamp from, Timestamp to) { return double((to - from).count()) / 3600000.0; }

TEST_F(DemoRegionTest, SeedsTheNamedOrganisationsWithTheirTypes) {
  std::map<std::string, OrgType> expected{
      {"ZorgImpuls", OrgType::region_office},        {"IZER", OrgType::care_group},
      {"Cohaesie", OrgType::care_group},              {"Zorggroep Capelle", OrgType::care_group},
      {"Aristo 6", OrgType::care_group},              {"HOED Nieuwerkerk", OrgType::care_group},
      {"ZONboog", OrgType::health_centre},            {"Gezond op Zuid", OrgType::health_centre},
      {"Gezondheidscentrum Levinas", OrgType::health_centre},
      {"Gezondheidscentrum Mathenesserlaan", OrgType::health_centre},
      {"Gezondheidscentrum Mariastraat", OrgType::health_centre},
      {"Gezondheidscentrum Lijn 2", OrgType::health_centre},
      {"Gezondheidscentrum Sanitas", OrgType::health_centre},
      {"Gezondheidscentrum Charley Toorop", OrgType::health_centre},
      {"Huisartsenpraktijk Janson", OrgType::gp_practice}, {"Zilveren Kruis", OrgType::insurer},
      {"Gemeente Rotterdam", OrgType::municipality},  {"Erasmus MC", OrgType::hospital},
      {"Maasstad Ziekenhuis", OrgType::hospital},     {"Ikazia Ziekenhuis", OrgType::hospital},
      {"Franciscus Gasthuis & Vlietland", OrgType::hospital}, {"IJsselland Ziekenhuis", OrgType::hospital},
      {"Van Weel-Bethesda Ziekenhuis", OrgType::hospital},   {"Spijkenisse Medisch Centrum", OrgType::hospital},
      {"Dermatologie Kliniek Rotterdam", OrgType::zbc}, {"Oogkliniek Rotterdam", OrgType::zbc},
      {"Bergman Clinics Rotterdam", OrgType::zbc}};
  auto orgs = store().read([](store::ReadTx& tx) { return tx.organizations(); });
  std::map<std::string, domain::Organization> by_name;
  for (const auto& o : orgs) by_name[o.name] = o;
  for (const auto& [name, type] : expected) {
    ASSERT_TRUE(by_name.count(name)) << name;
    EXPECT_EQ(by_name[name].type, type) << name;
  }
  const auto& root = by_name["ZorgImpuls"];
  EXPECT_FALSE(root.part_of);
  EXPECT_EQ(by_name["IZER"].part_of, root.id);
  EXPECT_EQ(by_name["Huisartsenpraktijk Janson"].part_of, by_name["IZER"].id);
  EXPECT_EQ(by_name["Gezondheidscentrum Levinas"].part_of, by_name["Gezond op Zuid"].id);

  int practices = 0;
  for (const auto& o : orgs) {
    if (o.type != OrgType::gp_practice) continue;
    ++practices;
    EXPECT_TRUE(domain::valid_agb(o.agb)) << o.name;
    ASSERT_TRUE(domain::normalise_postcode(o.postcode)) << o.name;
    char first = o.postcode[0], second = o.postcode[1];
    EXPECT_TRUE((first == '3' && (second == '0' || second == '1' || second == '2')) || (first == '2' && second == '9'))
        << o.name << " " << o.postcode;
    EXPECT_TRUE(o.part_of) << o.name;
  }
  EXPECT_EQ(practices, 180);
  EXPECT_EQ(region_->report.practices, 180);
}

TEST_F(DemoRegionTest, OffersServicesForAtLeastTwelveSpecialtiesAndKaderPools) {
  auto services = store().read([](store::ReadTx& tx) { return tx.services(); });
  std::set<std::string> specialties;
  int direct = 0, on_site = 0, restricted = 0, kader = 0;
  for (const auto& s : services) {
    specialties.insert(s.specialty);
    direct += s.routing == domain::Routing::direct;
    on_site += s.offers(domain::Modality::on_site);
    restricted += !s.accepts.empty();
    kader += s.name.rfind("Kaderhuisarts", 0) == 0;
    EXPECT_GE(s.response_days, 1);
    EXPECT_LE(s.response_days, 5);
    auto staff = store().read([&](store::ReadTx& tx) { return tx.users_of_service(s.id); });
    EXPECT_GE(staff.size(), 1u) << s.ref;
    EXPECT_LE(staff.size(), 4u) << s.ref;
  }
  EXPECT_GE(specialties.size(), 12u);
  EXPECT_GT(direct, 0);
  EXPECT_GT(on_site, 0);
  EXPECT_GT(restricted, kader);  // some hospital services accept only certain care groups
  EXPECT_GE(kader, 3);
}

TEST_F(DemoRegionTest, TheWalkThroughAccountsWork) {
  store().read([](store::ReadTx& tx) {
    for (const auto& login : demo_logins()) {
      auto u = tx.user_by_email(login.email);
      ASSERT_TRUE(u) << login.email;
      EXPECT_EQ(domain::to_string(u->role), login.role) << login.email;
      EXPECT_TRUE(u->active);
    }
    auto gp = tx.user_by_email("huisarts@janson.example").value();
    EXPECT_TRUE(verify_password(gp.password_hash, "meekijk-demo"));
    EXPECT_FALSE(verify_password(gp.password_hash, "wrong password"));

    auto derm = tx.service_by_ref("maasstad-dermatology").value();
    EXPECT_TRUE(access::service_accepts(tx, derm, gp.organization_id));
    auto derm_staff = tx.users_of_service(derm.id);
    EXPECT_TRUE(std::any_of(derm_staff.begin(), derm_staff.end(),
                            [](const auto& u) { return u.email == "dermatoloog@maasstad.example"; }));

    auto cardio = tx.service_by_ref("erasmusmc-cardiology").value();
    EXPECT_EQ(cardio.routing, domain::Routing::direct);
    auto cardio_staff = tx.users_of_service(cardio.id);
    EXPECT_TRUE(std::any_of(cardio_staff.begin(), cardio_staff.end(),
                            [](const auto& u) { return u.email == "cardioloog@erasmusmc.example"; }));
    EXPECT_EQ(tx.meta("demo_seeded"), "1");
  });
}

// The intake forms (issue 5): dermatology asks for the body location and a photo, and the
// history satisfies what the server enforces at submit — the photo is stored once.
TEST_F(DemoRegionTest, DermatologyConsultsHaveTheirPhotoAndBodyLocation) {
  std::map<ServiceId, domain::Service> services;
  store().read([&](store::ReadTx& tx) {
    for (auto& s : tx.services()) services[s.id] = s;
  });
  int forms = 0;
  for (const auto& [id, s] : services) {
    if (s.specialty != "dermatology") continue;
    ++forms;
    ASSERT_TRUE(s.intake.field("body_location")) << s.ref;
    EXPECT_TRUE(s.intake.field("body_location")->required);
    EXPECT_EQ(s.intake.min_photos, 1);
  }
  EXPECT_GE(forms, 5);
  int checked = 0;
  std::set<std::string> blobs;
  for (const auto& c : consults()) {
    if (c.status == ConsultStatus::draft || c.redirect_count > 0) continue;
    const auto& s = services.at(c.service_id);
    Validation v;
    domain::validate_intake_values(s.intake, c.intake, v);
    domain::check_intake_complete(s.intake, c.intake, c.attachments, v);
    EXPECT_TRUE(v.ok()) << c.reference << ": " << (v.ok() ? "" : v.errors()[0].field + " " + v.errors()[0].message);
    if (s.specialty != "dermatology") continue;
    ++checked;
    for (const auto& a : c.attachments) blobs.insert(a.sha256);
  }
  EXPECT_GT(checked, 500);
  ASSERT_EQ(blobs.size(), 1u);
  EXPECT_TRUE(store().blobs().exists(*blobs.begin()));
}

TEST_F(DemoRegionTest, LoginsAreTheSameWhateverTheSeed) {
  auto a = demo_logins();
  auto b = demo_logins();
  ASSERT_EQ(a.size(), b.size());
  EXPECT_GE(a.size(), 12u);
  for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].email, b[i].email);
  EXPECT_EQ(region_->report.logins.size(), a.size());
}

TEST_F(DemoRegionTest, PatientsHaveTestBsnsAndStatusesMatchTimestamps) {
  ASSERT_GT(consults().size(), 6000u);
  ASSERT_LT(consults().size(), 10000u);
  std::map<ConsultStatus, int> statuses;
  int overdue_open = 0;
  for (const auto& c : consults()) {
    SCOPED_TRACE(c.reference);
    statuses[c.status] += 1;
    EXPECT_TRUE(domain::valid_bsn(c.patient.bsn));
    EXPECT_EQ(c.patient.bsn.substr(0, 5), "99999");
    EXPECT_TRUE(c.patient.birth_date);
    ASSERT_FALSE(c.events.empty());
    EXPECT_EQ(c.events.front().type, "created");
    EXPECT_TRUE(std::is_sorted(c.events.begin(), c.events.end(), [](auto& a, auto& b) { return a.at < b.at; }));
    EXPECT_LE(c.updated_at, now_for_tests());
    EXPECT_EQ(c.status == ConsultStatus::draft, !c.submitted_at);
    if (c.submitted_at) {
      ASSERT_TRUE(c.due_at);
      EXPECT_GT(*c.due_at, *c.submitted_at);
      EXPECT_TRUE(c.intended_referral);
      EXPECT_TRUE(c.patient_informed);
    }
    if (c.first_answer_at) {
      EXPECT_GE(*c.first_answer_at, *c.submitted_at);
    }
    if (c.status == ConsultStatus::answered || c.status == ConsultStatus::closed) {
      EXPECT_TRUE(c.first_answer_at);
      EXPECT_TRUE(c.answer);
    }
    EXPECT_EQ(c.status == ConsultStatus::closed, c.closed_at.has_value());
    EXPECT_EQ(c.status == ConsultStatus::closed, c.outcome.has_value());
    EXPECT_EQ(c.status == ConsultStatus::cancelled, c.cancelled_at.has_value());
    if (c.follow_up) {
      EXPECT_EQ(c.status, ConsultStatus::closed);
    }
    overdue_open += domain::is_overdue(c.status, c.due_at, c.first_answer_at, now_for_tests());
  }
  std::cout << "[ statuses ]";
  for (const auto& [status, n] : statuses) std::cout << " " << domain::to_string(status) << "=" << n;
  std::cout << ", overdue=" << overdue_open << "\n";
  for (auto s : {ConsultStatus::draft, ConsultStatus::submitted, ConsultStatus::accepted, ConsultStatus::awaiting_gp,
                 ConsultStatus::answered, ConsultStatus::closed, ConsultStatus::cancelled})
    EXPECT_GT(statuses[s], 0) << domain::to_string(s);
  EXPECT_GT(overdue_open, 0);
}

TEST_F(DemoRegionTest, HasTheShapeOfTheRotterdamResults) {
  size_t closed = 0, treated = 0, intended_yes = 0, avoided = 0, intended_no = 0, prompted = 0;
  size_t answered = 0, late = 0, redirected = 0, cancelled = 0, learned = 0, follow_ups = 0, referred_90 = 0;
  size_t old_treated = 0;
  std::vector<double> response;
  for (const auto& c : consults()) {
    redirected += c.redirect_count > 0;
    cancelled += c.status == ConsultStatus::cancelled;
    if (c.first_answer_at) {
      ++answered;
      response.push_back(hours(*c.submitted_at, *c.first_answer_at));
      late += *c.first_answer_at > *c.due_at;
    }
    if (c.status != ConsultStatus::closed) continue;
    ++closed;
    bool t = c.outcome->result == domain::OutcomeResult::treated_by_gp;
    treated += t;
    learned += c.outcome->learned;
    if (*c.intended_referral == domain::IntendedReferral::yes) ++intended_yes, avoided += t;
    if (*c.intended_referral == domain::IntendedReferral::no)
      ++intended_no, prompted += c.outcome->result == domain::OutcomeResult::referred;
    if (t && *c.closed_at + std::chrono::days{120} < now_for_tests()) {
      ++old_treated;
      follow_ups += c.follow_up.has_value();
      referred_90 += c.follow_up && c.follow_up->referred_within_90d;
    }
  }
  std::sort(response.begin(), response.end());
  const double median = response[response.size() / 2];
  std::cout << "[ shape    ] treated_by_gp " << pct(treated, closed) << "%, avoided " << pct(avoided, intended_yes)
            << "%, prompted " << pct(prompted, intended_no) << "%, median answer " << median << " h, p90 "
            << response[response.size() * 9 / 10] << " h, late " << pct(late, answered) << "%, redirected "
            << pct(redirected, consults().size()) << "%, cancelled " << pct(cancelled, consults().size())
            << "%, learned " << pct(learned, closed) << "%, follow-up " << pct(follow_ups, old_treated)
            << "% (referred " << pct(referred_90, follow_ups) << "%)\n";
  EXPECT_GE(pct(treated, closed), 60.0);
  EXPECT_LE(pct(treated, closed), 75.0);
  EXPECT_GE(median, 12.0);
  EXPECT_LE(median, 36.0);
  EXPECT_NEAR(pct(avoided, intended_yes), 70.0, 5.0);
  EXPECT_LT(pct(prompted, intended_no), 8.0);
  EXPECT_NEAR(pct(late, answered), 10.0, 5.0);
  EXPECT_NEAR(pct(redirected, consults().size()), 5.0, 3.0);
  EXPECT_NEAR(pct(cancelled, consults().size()), 5.0, 3.0);
  EXPECT_GT(pct(follow_ups, old_treated), 70.0);
}

// Every closed consult of the history is billed like a live close: two lines (practice and
// consultant organisation), none for cancelled or open consults, nothing without a contract.
// Maasstad dermatology's Wednesday sessions at Janson: the past ones hold closed on-site consults
// (billed on the on-site contract), the coming ones have free slots.
TEST_F(DemoRegionTest, OnSiteSessionsHoldClosedConsultsAndFutureOnesHaveFreeSlots) {
  const Date today = domain::amsterdam_date(now_for_tests());
  int past_booked = 0, future_free = 0;
  store().read([&](store::ReadTx& tx) {
    for (const auto& s : tx.onsite_sessions({})) {
      auto bookings = tx.onsite_bookings(s.id);
      if (s.date < today) {
        for (const auto& b : bookings) {
          auto c = tx.consult(b.consult_id);
          ASSERT_TRUE(c);
          EXPECT_EQ(c->modality, domain::Modality::on_site);
          EXPECT_EQ(c->service_id, s.service_id);
          if (c->status == domain::ConsultStatus::closed) ++past_booked;
        }
      } else {
        future_free += s.slots - int(bookings.size());
      }
    }
  });
  EXPECT_GT(past_booked, 0);
  EXPECT_GT(future_free, 0);
}

TEST_F(DemoRegionTest, EveryClosedConsultIsBilledOnceOnBothSides) {
  std::map<std::string, int> lines_per_consult;
  std::set<std::string> months;
  for (const auto& c : consults())
    if (c.closed_at) months.insert(domain::month_of(domain::amsterdam_date(*c.closed_at)));
  size_t unbilled = 0;
  int64_t total = 0;
  store().read([&](store::ReadTx& tx) {
    EXPECT_FALSE(tx.contracts({}).empty());
    for (const auto& m : months) {
      for (const auto& l : tx.declarations({m, true, {}, {}})) {
        ++lines_per_consult[l.consult_id.str()];
        total += l.amount_cents;
        EXPECT_FALSE(l.deductible_applies);
        EXPECT_GT(l.amount_cents, 0);
      }
      for (const auto& u : tx.unbilled({m, true, {}, {}})) {
        ++unbilled;
        ADD_FAILURE() << u.reference << " not billed: " << u.reason << " (practice "
                      << tx.organization(u.practice_id)->ref << ", provider "
                      << tx.organization(u.provider_organization_id)->ref << ", "
                      << domain::to_string(u.modality) << ")";
      }
    }
  });
  size_t closed = 0;
  for (const auto& c : consults()) {
    auto it = lines_per_consult.find(c.id.str());
    if (c.status == ConsultStatus::closed) {
      ++closed;
      EXPECT_TRUE(it != lines_per_consult.end() && it->second == 2) << c.reference;
    } else {
      EXPECT_TRUE(it == lines_per_consult.end()) << c.reference;
    }
  }
  EXPECT_EQ(unbilled, 0u);
  EXPECT_EQ(lines_per_consult.size(), closed);
  std::cout << "[ billing  ] " << closed << " closed consults billed, EUR " << total / 100 << "\n";
}

// The triple-aim report reconciles exactly with a brute-force recomputation from the raw
// consults of the generated region (issue 6): every indicator, for several groupings.
struct Brute {
  int64_t consults = 0, treated = 0, intended_yes = 0, avoided = 0, intended_no = 0, prompted = 0, followed = 0,
          not_referred = 0, answered = 0, within = 0, useful_sum = 0, useful_n = 0, learned = 0;
  std::set<std::string> patients, practices;
  std::vector<double> hours;
};

std::optional<double> brute_pct(int64_t part, int64_t whole) {
  return whole ? std::optional(100.0 * double(part) / double(whole)) : std::nullopt;
}
std::optional<double> nearest_rank(std::vector<double> v, double q) {
  if (v.empty()) return std::nullopt;
  std::sort(v.begin(), v.end());
  size_t rank = static_cast<size_t>(std::ceil(q * double(v.size())));
  return v[rank == 0 ? 0 : rank - 1];
}

void expect_reconciles(const app::Indicators& got, const Brute& b, const std::string& what) {
  SCOPED_TRACE(what);
  ASSERT_EQ(got.suppressed, b.patients.size() < 10);
  if (got.suppressed) return;
  EXPECT_EQ(got.consults, b.consults);
  EXPECT_EQ(got.patients, int64_t(b.patients.size()));
  EXPECT_EQ(got.treated_by_gp_pct, brute_pct(b.treated, b.consults));
  EXPECT_EQ(got.intended_referrals, b.intended_yes);
  EXPECT_EQ(got.avoided_referrals, b.avoided);
  EXPECT_EQ(got.avoided_referral_pct, brute_pct(b.avoided, b.intended_yes));
  EXPECT_EQ(got.prompted_referral_pct, brute_pct(b.prompted, b.intended_no));
  EXPECT_EQ(got.confirmed_avoided_pct, brute_pct(b.not_referred, b.followed));
  EXPECT_EQ(got.answered, b.answered);
  EXPECT_EQ(got.median_response_hours, nearest_rank(b.hours, 0.5));
  EXPECT_EQ(got.p90_response_hours, nearest_rank(b.hours, 0.9));
  EXPECT_EQ(got.within_target_pct, brute_pct(b.within, b.answered));
  EXPECT_EQ(got.learned_pct, brute_pct(b.learned, b.consults));
  if (b.useful_n) {
    EXPECT_EQ(got.mean_usefulness, double(b.useful_sum) / double(b.useful_n));
  }
  EXPECT_EQ(got.practices, int64_t(b.practices.size()));
}

// The brute-force group key of a closed consult, from the directory as the report names it.
struct BruteKeys {
  explicit BruteKeys(store::Store& store) {
    store.read([&](store::ReadTx& tx) {
      for (const auto& s : tx.services()) services[s.id.str()] = s;
      for (const auto& o : tx.organizations()) orgs[o.id.str()] = o;
    });
  }
  std::string group_of(const std::string& practice) const {
    for (auto it = orgs.find(practice); it != orgs.end();) {
      const auto& o = it->second;
      if (o.type == domain::OrgType::care_group || o.type == domain::OrgType::health_centre) return o.id.str();
      if (!o.part_of) break;
      it = orgs.find(o.part_of->str());
    }
    return "";
  }
  std::string key(app::ReportBy by, const domain::Consult& c) const {
    const auto& s = services.at(c.service_id.str());
    switch (by) {
      case app::ReportBy::month: return domain::month_of(domain::amsterdam_date(*c.closed_at));
      case app::ReportBy::specialty: return s.specialty;
      case app::ReportBy::service: return s.id.str();
      case app::ReportBy::hospital: return s.organization_id.str();
      case app::ReportBy::care_group: return group_of(c.practice_id.str());
      case app::ReportBy::practice: return c.practice_id.str();
      case app::ReportBy::modality: return std::string(domain::to_string(c.modality));
      case app::ReportBy::pc4: return c.patient.postcode.substr(0, 4);
    }
    return "";
  }
  std::map<std::string, domain::Service> services;
  std::map<std::string, domain::Organization> orgs;
};

void add_brute(Brute& b, const domain::Consult& c) {
  ++b.consults;
  b.patients.insert(c.patient.bsn);
  b.practices.insert(c.practice_id.str());
  bool treated = c.outcome->result == domain::OutcomeResult::treated_by_gp;
  b.treated += treated;
  if (c.intended_referral == domain::IntendedReferral::yes) ++b.intended_yes, b.avoided += treated;
  if (c.intended_referral == domain::IntendedReferral::no)
    ++b.intended_no, b.prompted += c.outcome->result == domain::OutcomeResult::referred;
  if (treated && c.follow_up) ++b.followed, b.not_referred += !c.follow_up->referred_within_90d;
  if (c.first_answer_at) {
    ++b.answered;
    b.hours.push_back(double((*c.first_answer_at - *c.submitted_at).count()) / 3'600'000.0);
    b.within += c.due_at && *c.first_answer_at <= *c.due_at;
  }
  if (c.outcome->usefulness > 0) b.useful_sum += c.outcome->usefulness, ++b.useful_n;
  b.learned += c.outcome->learned;
}

// Every grouping, over a period with partial months at both ends (cells for the whole months
// in between, consults for the edges) and over whole months only (cells alone).
TEST_F(DemoRegionTest, TheTripleAimReportReconcilesWithTheRawConsults) {
  app::Reports reports(store());
  BruteKeys keys(store());
  const std::pair<Date, Date> periods[] = {
      {domain::amsterdam_date(now_for_tests() - std::chrono::days(365)), domain::amsterdam_date(now_for_tests())},
      {*parse_date("2026-01-01"), *parse_date("2026-10-31")}};
  for (const auto& [from, to] : periods)
    for (int b = 0; b <= int(app::ReportBy::pc4); ++b) {
      auto by = static_cast<app::ReportBy>(b);
      auto report = reports.triple_aim_region(from, to, by);
      std::map<std::string, Brute> groups;
      Brute total;
      for (const auto& c : consults()) {
        if (c.status != ConsultStatus::closed) continue;
        Date closed = domain::amsterdam_date(*c.closed_at);
        if (std::chrono::sys_days(closed) < std::chrono::sys_days(from) ||
            std::chrono::sys_days(closed) > std::chrono::sys_days(to))
          continue;
        add_brute(groups[keys.key(by, c)], c);
        add_brute(total, c);
      }
      const std::string what = std::string(app::to_string(by)) + " from " + format_date(from);
      ASSERT_EQ(report.groups.size(), groups.size()) << what;
      for (const auto& g : report.groups) expect_reconciles(g, groups[g.key], what + " " + g.key);
      expect_reconciles(report.total, total, what + " total");
      EXPECT_GT(report.total.fees_cents, 0);
      EXPECT_GT(report.total.avoided_cost_cents, 0);
      EXPECT_EQ(report.total.net_cents, report.total.avoided_cost_cents - report.total.fees_cents);
    }
}

// The cells kept by every write of the seeding (inserts of closed consults, their declaration
// lines) equal the cells of a rebuild from scratch.
TEST_F(DemoRegionTest, TheCellsKeptOnEveryWriteEqualARebuild) {
  namespace rc = store::report_cells;
  auto all_cells = [&] {
    std::map<std::string, rc::Cell> out;
    store().read([&](store::ReadTx& tx) {
      EXPECT_TRUE(rc::built(tx));
      for (auto d : rc::kDims)
        tx.for_each_report_cell(rc::dim_name(d), "0000-00", "9999-99", [&](const store::ReportCell& c) {
          auto cell = rc::Cell::decode(c.data);
          std::sort(cell.response_ms.begin(), cell.response_ms.end());
          std::sort(cell.patients.begin(), cell.patients.end());
          out[c.dim + "/" + c.month + "/" + c.key] = std::move(cell);
        });
    });
    return out;
  };
  auto kept = all_cells();
  auto n = store().write([](store::WriteTx& tx) { return rc::rebuild(tx); });
  EXPECT_GT(n, 1000);
  auto rebuilt = all_cells();
  ASSERT_EQ(kept.size(), rebuilt.size());
  for (const auto& [key, cell] : rebuilt) {
    SCOPED_TRACE(key);
    ASSERT_TRUE(kept.count(key));
    const auto& k = kept.at(key);
    EXPECT_EQ(k.sums, cell.sums);
    EXPECT_EQ(k.response_ms, cell.response_ms);
    EXPECT_EQ(k.patients, cell.patients);
    EXPECT_EQ(k.practices, cell.practices);
    EXPECT_EQ(k.avoided_per_specialty, cell.avoided_per_specialty);
  }
}

// A teaching case never holds the patient's data: the scrubbing over every generated consult.
TEST_F(DemoRegionTest, ScrubbedTextsOfEveryConsultHoldNoPatientData) {
  size_t texts = 0;
  for (const auto& c : consults()) {
    std::vector<std::string> all = {c.question};
    if (c.answer) all.push_back(c.answer->advice);
    for (const auto& m : c.messages) all.push_back(m.text);
    for (const auto& text : all) {
      auto scrubbed = domain::scrub_patient_data(text, c.patient);
      ++texts;
      EXPECT_FALSE(domain::mentions_patient(scrubbed, c.patient)) << c.reference << ": " << scrubbed;
      EXPECT_EQ(scrubbed.find(c.patient.bsn), std::string::npos) << c.reference;
    }
  }
  EXPECT_GT(texts, consults().size());
}

// Rotterdam: a third of the practices take part, and they send most consults.
TEST_F(DemoRegionTest, ParticipatingPracticesSendMostConsults) {
  std::map<std::string, int> per_practice;
  std::set<std::string> last_year;
  for (const auto& c : consults()) {
    per_practice[c.practice_id.str()] += 1;
    if (c.submitted_at && *c.submitted_at + std::chrono::days{365} > now_for_tests())
      last_year.insert(c.practice_id.str());
  }
  std::vector<int> counts;
  for (const auto& [id, n] : per_practice) counts.push_back(n);
  counts.resize(180, 0);
  std::sort(counts.rbegin(), counts.rend());
  int top_third = 0, all = 0;
  for (size_t i = 0; i < counts.size(); ++i) (i < 60 ? top_third : all) += counts[i];
  all += top_third;
  std::cout << "[ practice ] with consults: " << per_practice.size() << ", last year: " << last_year.size()
            << ", top third sends " << pct(size_t(top_third), size_t(all)) << "%\n";
  EXPECT_GT(pct(size_t(top_third), size_t(all)), 70.0);
  EXPECT_GT(last_year.size(), 45u);
  EXPECT_LT(last_year.size(), 135u);
}

TEST_F(DemoRegionTest, TheAccessLogStartsWithTheSeeding) {
  std::vector<domain::AuditEntry> entries;
  store().read([&](store::ReadTx& tx) {
    tx.for_each_audit([&](const domain::AuditEntry& e) {
      entries.push_back(e);
      return true;
    });
  });
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries.front().event, "demo.seed");
  EXPECT_EQ(entries.front().action, "C");
  EXPECT_TRUE(verify_audit_chain(store()).ok);
}

TEST_F(DemoRegionTest, ASecondSeedIsRefused) {
  EXPECT_TRUE(region_present(store()));
  try {
    seed_demo_region(store(), region_->ids, region_->clock, region_->audit, test_options());
    FAIL() << "expected a conflict";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::conflict);
  }
}

// Same seed, same region: compare what ids do not influence.
TEST(DemoRegionSeedTest, TheSameSeedGivesTheSameRegion) {
  DemoOptions small = test_options();
  small.practices = 40;
  small.history_days = 120;
  auto shape = [](SeededRegion& r) {
    std::vector<std::tuple<std::string, std::string, std::string, std::string>> out;
    for (const auto& c : r.all_consults())
      out.emplace_back(c.reference, std::string(domain::to_string(c.status)), c.patient.bsn,
                       format_timestamp(c.updated_at));
    std::sort(out.begin(), out.end());
    return out;
  };
  SeededRegion a(small), b(small);
  EXPECT_EQ(a.report.consults, b.report.consults);
  EXPECT_EQ(a.report.users, b.report.users);
  EXPECT_EQ(a.report.organizations, b.report.organizations);
  EXPECT_EQ(shape(a), shape(b));

  small.seed += 1;
  SeededRegion c(small);
  EXPECT_NE(shape(a), shape(c));
}

TEST(DemoRegionEmptyTest, AnEmptyStoreHasNoRegion) {
  TempDir tmp;
  std::ostringstream text;
  Logger log(text);
  store::SqliteOptions o;
  o.data_dir = tmp.path() / "data";
  auto s = store::open_sqlite_store(o, log);
  EXPECT_FALSE(region_present(*s));
}

}  // namespace
}  // namespace mk::app
