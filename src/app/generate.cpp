// `meekijk generate` (app/generate.hpp): the directory in memory, then years of consults
// streamed through the bulk path by a loader thread while this thread makes the next batch.
#include "app/generate.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "app/billing.hpp"
#include "app/crypto.hpp"
#include "app/demo_lifecycle.hpp"
#include "app/demo_model.hpp"
#include "core/error.hpp"
#include "domain/calendar.hpp"
#include "domain/identifiers.hpp"
#include "store/report_cells.hpp"

namespace mk::app {
namespace {

using namespace std::chrono;
using domain::OrgType;

constexpr size_t kBatch = 5000;        // consults per bulk transaction
constexpr size_t kBatchesInFlight = 3;  // bounded memory between the two threads
constexpr double kPatientsPerConsultYear = 0.3;

struct Batch {
  std::vector<domain::Consult> consults;
  std::vector<std::vector<domain::DeclarationLine>> lines;  // per closed consult, in order
};

// Valid (11-check) BSNs from 990000000 upward — synthetic, for test data only.
std::vector<std::string> synthetic_bsns(size_t n) {
  std::vector<std::string> out;
  char buf[16];
  for (long v = 990000000; out.size() < n && v <= 999999999; ++v) {
    std::snprintf(buf, sizeof buf, "%09ld", v);
    if (domain::valid_bsn(buf)) out.emplace_back(buf);
  }
  return out;
}

double seconds_since(steady_clock::time_point t) { return duration<double>(steady_clock::now() - t).count(); }

// The report row the store's report query would read back for a generated closed consult
// (store/report_rows.hpp): the cells are built from these while the consults are loaded.
store::ReportRow report_row_of(const domain::Consult& c, const std::vector<domain::DeclarationLine>& lines) {
  store::ReportRow r;
  r.id = c.id;
  r.practice_id = c.practice_id;
  r.service_id = c.service_id;
  r.modality = c.modality;
  r.patient_bsn = c.patient.bsn;
  r.pc4 = c.patient.postcode.substr(0, 4);
  r.submitted_at = c.submitted_at.value_or(Timestamp{});
  r.closed_at = c.closed_at.value_or(Timestamp{});
  r.first_answer_at = c.first_answer_at;
  r.due_at = c.due_at;
  r.intended_referral = c.intended_referral;
  if (c.outcome) {
    r.result = c.outcome->result;
    r.usefulness = c.outcome->usefulness;
    r.learned = c.outcome->learned;
  }
  if (c.follow_up) r.referred_within_90d = c.follow_up->referred_within_90d;
  for (const auto& l : lines) (l.party == domain::Party::gp ? r.gp_fee_cents : r.consultant_fee_cents) += l.amount_cents;
  return r;
}

}  // namespace

struct Generator::State {
  GenerateOptions o;
  std::ostream& progress;
  demo::Rng rng;
  std::unique_ptr<SeededIdGenerator> ids;
  Timestamp now{};  // the end of the history
  int history_days = 0;
  double per_year = 0;
  demo::Directory d;
  std::vector<domain::Contract> contracts;
  std::string root_ref;
  // Billing without queries: the contracting group of each practice (nearest care group or
  // health centre, as app/billing.cpp finds it) and the contract per group × provider × modality.
  std::unordered_map<std::string, size_t> org_by_id, user_by_id, service_org;
  std::map<std::tuple<size_t, size_t, int>, size_t> contract_of;
  std::unique_ptr<store::report_cells::Builder> cells;  // filled by load()

  State(const GenerateOptions& options, std::ostream& out) : o(options), progress(out), rng(options.seed) {}

  size_t contracting_group(size_t org) const {
    for (int depth = 0; depth < 16; ++depth) {
      const auto& x = d.orgs[org];
      if (x.type == OrgType::care_group || x.type == OrgType::health_centre) return org;
      if (!x.part_of) break;
      org = org_by_id.at(x.part_of->str());
    }
    return SIZE_MAX;
  }

  std::string user_agb(const std::optional<UserId>& id) const {
    if (!id) return "";
    auto it = user_by_id.find(id->str());
    return it == user_by_id.end() ? "" : d.users[it->second].agb;
  }

  // The lines Consults::close would write (declare_consult), or none without a contract.
  std::vector<domain::DeclarationLine> bill(const domain::Consult& c) {
    const size_t practice = org_by_id.at(c.practice_id.str());
    const size_t group = contracting_group(practice);
    const size_t provider = service_org.at(c.service_id.str());
    auto it = contract_of.find({group, provider, int(c.modality)});
    if (group == SIZE_MAX || it == contract_of.end()) return {};
    const auto& contract = contracts[it->second];
    if (!contract.in_force_on(domain::amsterdam_date(*c.submitted_at))) return {};
    BillingAgbs agbs{d.orgs[practice].agb, user_agb(c.requester_id), d.orgs[provider].agb,
                     user_agb(advising_consultant(c))};
    return declaration_lines(c, contract, agbs, *ids, *c.closed_at);
  }
};

Generator::Generator(const GenerateOptions& options, std::ostream& progress)
    : s_(std::make_unique<State>(options, progress)) {
  auto& s = *s_;
  if (s.o.scale != "rotterdam" && s.o.scale != "national")
    throw Error(Errc::validation, "Bad option", "--scale must be rotterdam or national");
  if (s.o.years < 1 || s.o.years > 20) throw Error(Errc::validation, "Bad option", "--years must be 1 to 20");
  const bool national = s.o.scale == "national";
  s.per_year = double(s.o.consults_per_year > 0 ? s.o.consults_per_year : national ? 2'000'000 : 100'000);
  if (s.o.end == Date{}) throw Error(Errc::validation, "Bad option", "the end date of the history is required");
  s.now = domain::amsterdam_midnight(s.o.end);
  s.history_days = 365 * s.o.years + s.o.years / 4;
  const Date first{sys_days{s.o.end} - days{s.history_days}};
  s.ids = std::make_unique<SeededIdGenerator>(
      s.o.seed, uint64_t(duration_cast<milliseconds>(domain::amsterdam_midnight(first).time_since_epoch()).count()));

  const auto t0 = steady_clock::now();
  const std::string hash = hash_password(s.o.password, PasswordCost::interactive());
  if (national) {
    demo::build_national_region(s.d, s.rng, *s.ids, {});
    demo::build_staff(s.d, s.rng, *s.ids, hash, {false, {0.15, 0.30, 0.30, 0.25}});
    s.root_ref = "meekijk-nl";
  } else {
    demo::build_organizations(s.d, s.rng, *s.ids, 180);
    demo::build_services(s.d, s.rng, *s.ids);
    demo::build_staff(s.d, s.rng, *s.ids, hash);
    s.root_ref = "zorgimpuls";
  }
  const size_t patients = std::max<size_t>(1000, size_t(s.per_year * kPatientsPerConsultYear));
  demo::build_patients(s.d, s.rng, *s.ids, s.now, synthetic_bsns(patients));
  s.d.photo = demo::photo_attachment();
  s.contracts = demo::build_contracts(s.d, *s.ids, s.now, s.history_days,
                                      national ? std::vector<std::string>{"zilveren-kruis", "vgz", "cz", "menzis"}
                                               : std::vector<std::string>{"zilveren-kruis"},
                                      national);
  for (size_t i = 0; i < s.d.orgs.size(); ++i) s.org_by_id.emplace(s.d.orgs[i].id.str(), i);
  for (size_t i = 0; i < s.d.users.size(); ++i) s.user_by_id.emplace(s.d.users[i].id.str(), i);
  for (const auto& svc : s.d.services) s.service_org.emplace(svc.id.str(), s.org_by_id.at(svc.organization_id.str()));
  for (size_t i = 0; i < s.contracts.size(); ++i) {
    const auto& c = s.contracts[i];
    s.contract_of[{s.org_by_id.at(c.requester_care_group_id.str()), s.org_by_id.at(c.provider_organization_id.str()),
                   int(c.modality)}] = i;
  }
  s.progress << "generate: directory of " << s.d.orgs.size() << " organisations, " << s.d.users.size() << " users, "
             << s.d.services.size() << " services, " << s.d.patients.size() << " patients, " << s.contracts.size()
             << " contracts built in " << seconds_since(t0) << " s\n";
}

Generator::~Generator() = default;

void Generator::save_directory(store::Store& store, AuditTrail& audit) {
  const auto t0 = steady_clock::now();
  demo::save_directory(store, s_->d, s_->contracts, audit, {"generate", s_->root_ref});
  demo::save_photo(store, s_->d.photo);
  store.write([](store::WriteTx& tx) { tx.set_meta("generated", "1"); });
  s_->progress << "generate: directory saved in " << seconds_since(t0) << " s\n";
}

GenerateSummary Generator::load(store::BulkLoader& loader) {
  auto& s = *s_;
  GenerateSummary sum;
  const auto t0 = steady_clock::now();
  for (const auto& p : s.d.patients) loader.add_patient(p);
  loader.commit();
  sum.patients = int64_t(s.d.patients.size());
  s.progress << "generate: " << sum.patients << " patients loaded in " << seconds_since(t0) << " s\n";

  s.cells = std::make_unique<store::report_cells::Builder>(store::report_cells::Directory(s.d.orgs, s.d.services));
  // The loader thread takes full batches; this thread plans and replays the next ones.
  std::mutex m;
  std::condition_variable cv;
  std::deque<Batch> queue;
  bool done = false;
  std::exception_ptr failed;
  std::thread worker([&] {
    try {
      for (;;) {
        Batch b;
        {
          std::unique_lock lock(m);
          cv.wait(lock, [&] { return done || !queue.empty(); });
          if (queue.empty()) return;
          b = std::move(queue.front());
          queue.pop_front();
        }
        cv.notify_all();
        // The cells of months that can no longer grow (closed before the consults now being
        // created, with a month to spare) go into the store with this batch: memory holds
        // the months in flight, not five national years of cells.
        if (!b.consults.empty()) {
          const Date d = domain::amsterdam_date(b.consults.front().created_at);
          s.cells->drain_before(domain::month_of((d.year() / d.month() - months(1)) / 1),
                                [&](store::ReportCell&& cell) { loader.add_report_cell(cell); });
        }
        size_t line = 0;
        for (const auto& c : b.consults) {
          loader.add_consult(c);
          if (!c.closed_at) continue;
          loader.add_declarations(b.lines[line]);
          s.cells->add(report_row_of(c, b.lines[line++]));
        }
        loader.commit();
      }
    } catch (...) {
      std::lock_guard lock(m);
      failed = std::current_exception();
      cv.notify_all();
    }
  });
  auto hand_over = [&](Batch&& b) {
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return failed || queue.size() < kBatchesInFlight; });
    if (failed) std::rethrow_exception(failed);
    queue.push_back(std::move(b));
    cv.notify_all();
  };

  const auto t1 = steady_clock::now();
  auto last_report = t1;
  std::map<int, int64_t> counters;  // year → last reference number
  Date day{};
  Batch batch;
  try {
    demo::stream_history(s.d, s.rng, *s.ids, s.now, s.history_days, s.per_year, [&](domain::Consult&& c) {
      // As the live system: the reference counts per year of creation (Amsterdam).
      day = domain::amsterdam_date(c.created_at);
      const int year = int(day.year());
      c.reference = domain::format_reference(year, ++counters[year]);
      if (c.closed_at) {
        batch.lines.push_back(s.bill(c));
        sum.declarations += int64_t(batch.lines.back().size());
        ++sum.closed;
      }
      sum.messages += int64_t(c.messages.size());
      sum.events += int64_t(c.events.size());
      ++sum.consults;
      batch.consults.push_back(std::move(c));
      if (batch.consults.size() < kBatch) return;
      hand_over(std::move(batch));
      batch = Batch{};
      if (seconds_since(last_report) >= 5) {
        last_report = steady_clock::now();
        const double t = seconds_since(t1);
        s.progress << "generate: " << sum.consults << " consults (up to " << format_date(day) << ") in " << int(t)
                   << " s, " << int(double(sum.consults) / t) << "/s\n";
      }
    });
    if (!batch.consults.empty()) hand_over(std::move(batch));
  } catch (...) {
    {
      std::lock_guard lock(m);
      done = true;
    }
    cv.notify_all();
    worker.join();
    throw;
  }
  {
    std::lock_guard lock(m);
    done = true;
  }
  cv.notify_all();
  worker.join();
  if (failed) std::rethrow_exception(failed);
  for (auto [year, last] : counters) loader.set_reference_counter(year, last);
  loader.commit();
  s.progress << "generate: " << sum.consults << " consults (" << sum.closed << " closed, " << sum.messages
             << " messages, " << sum.events << " events, " << sum.declarations << " declaration lines) in "
             << seconds_since(t1) << " s\n";

  const auto t2 = steady_clock::now();
  loader.finish();
  s.progress << "generate: indexes and statistics in " << seconds_since(t2) << " s\n";

  sum.organizations = int(s.d.orgs.size());
  sum.practices = int(s.d.practices.size());
  sum.users = int(s.d.users.size());
  sum.services = int(s.d.services.size());
  sum.contracts = int(s.contracts.size());
  for (const auto& u : s.d.users) sum.gps += u.role == domain::Role::gp;
  for (const auto& o : s.d.orgs) sum.hospitals += o.type == OrgType::hospital;
  sum.end = s.o.end;
  sum.first_day = Date{sys_days{s.o.end} - days{s.history_days}};
  return sum;
}

int64_t Generator::write_report_cells(store::Store& store) {
  if (!s_->cells) return 0;
  auto n = store.write([&](store::WriteTx& tx) { return store::report_cells::complete(tx, *s_->cells); });
  s_->cells.reset();
  return n;
}

}  // namespace mk::app
