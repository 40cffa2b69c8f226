// `meekijk demo`: generates the Rotterdam demo region in memory (demo_orgs, demo_services,
// demo_staff, demo_patients, demo_history) and writes it in a few large transactions, so
// seeding takes seconds. The access log starts with one entry saying who created the data.
#include "app/demo_region.hpp"

#include <algorithm>
#include <fstream>

#include "app/billing.hpp"
#include "app/demo_lifecycle.hpp"
#include "app/reports.hpp"
#include "app/demo_model.hpp"
#include "core/error.hpp"
#include "domain/calendar.hpp"
#include "domain/identifiers.hpp"

namespace mk::app {
namespace {

constexpr size_t kConsultsPerTransaction = 2000;  // fewer commits: each costs an fsync

Error already_seeded(std::string_view command = "demo") {
  return Error(Errc::conflict, "Region already present",
               "the data directory already holds organisations; `meekijk " + std::string(command) +
                   "` fills only an empty one");
}

// Whether some service of `provider` takes consults from care group `group`.
bool accepts_group(const demo::Directory& d, const OrgId& provider, const OrgId& group) {
  for (const auto& s : d.services)
    if (s.organization_id == provider &&
        (s.accepts.empty() || std::find(s.accepts.begin(), s.accepts.end(), group) != s.accepts.end()))
      return true;
  return false;
}

}  // namespace

namespace demo {

// The region's contracts (DESIGN §5): every care group and health centre with every organisation that offers a
// service, per modality it offers, paid by an insurer from the start of the history on.
// Hospitals and treatment centres take a fixed fee; health centres and kader pools one per
// minute (with a cap), so the demo's statements show both kinds.
std::vector<domain::Contract> build_contracts(const Directory& d, IdGenerator& ids, Timestamp now, int history_days,
                                              const std::vector<std::string>& payer_refs, bool accepted_only) {
  using domain::OrgType;
  std::vector<OrgId> payers;
  for (const auto& ref : payer_refs) payers.push_back(d.orgs[d.org(ref)].id);
  const Date from = domain::amsterdam_date(now - std::chrono::days(history_days + 1));
  std::vector<std::pair<OrgId, domain::Modality>> offered;
  for (const auto& s : d.services)
    for (auto m : s.modalities)
      if (std::find(offered.begin(), offered.end(), std::pair{s.organization_id, m}) == offered.end())
        offered.emplace_back(s.organization_id, m);
  std::vector<domain::Contract> out;
  size_t groups = 0;
  for (const auto& cg : d.orgs) {
    if (cg.type != OrgType::care_group && cg.type != OrgType::health_centre) continue;
    const OrgId payer = payers[groups++ % payers.size()];
    for (const auto& [provider, modality] : offered) {
      if (accepted_only && !accepts_group(d, provider, cg.id)) continue;
      const auto& p = d.orgs[d.org_index(provider)];
      bool fixed = p.type == OrgType::hospital || p.type == OrgType::zbc;
      bool on_site = modality == domain::Modality::on_site;
      domain::Contract c;
      c.id = ids.make<ContractId>();
      c.ref = "demo-" + cg.ref + "-" + p.ref + (on_site ? "-on-site" : "");
      c.requester_care_group_id = cg.id;
      c.provider_organization_id = provider;
      c.modality = modality;
      c.valid_from = from;
      c.payer_id = payer;
      c.gp_fee_cents = on_site ? 3500 : 2500;
      c.gp_code = on_site ? "MK-HA-LOC" : "MK-HA";
      c.consultant_fee_kind = fixed ? domain::FeeKind::fixed : domain::FeeKind::per_minute;
      c.consultant_fee_cents = fixed ? (on_site ? 9000 : 4500) : 0;
      c.consultant_rate_centicents = fixed ? 0 : 18750;  // € 1,875 a minute
      if (!fixed) c.consultant_fee_cap_cents = 6000;
      c.consultant_code = on_site ? "MK-SP-LOC" : "MK-SP";
      c.updated_at = now;
      out.push_back(std::move(c));
    }
  }
  return out;
}

// The photo's bytes, stored once by content address before any row names them.
void save_photo(store::Store& store, const domain::Attachment& photo) {
  auto temp = store.blobs().temp_dir() / ("demo-" + photo.sha256);
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(photo_bytes().data(), static_cast<std::streamsize>(photo_bytes().size()));
    if (!out.flush()) throw Error(Errc::internal, "Demo photo", "could not write " + temp.string());
  }
  store.blobs().put(temp, photo.sha256);
}

}  // namespace demo

namespace demo {

void save_directory(store::Store& store, const Directory& d, const std::vector<domain::Contract>& contracts,
                    AuditTrail& audit, const Seeder& who) {
  RequestContext ctx;
  ctx.actor.id = UserId("system");
  ctx.actor.name = "meekijk " + who.command + " (seed)";
  ctx.actor.role = domain::Role::regional_admin;
  ctx.actor.organization_id = d.orgs[d.org(who.root_ref)].id;
  ctx.request_id = who.command + "-seed";
  const std::string event = who.command + ".seed";
  store.write([&](store::WriteTx& tx) {
    if (!tx.organizations().empty()) throw already_seeded(who.command);
    for (const auto& o : d.orgs) tx.save_organization(o);  // parents come first
    for (const auto& s : d.services) tx.save_service(s);
    for (const auto& u : d.users) tx.save_user(u);
    for (const auto& c : contracts) tx.save_contract(c);
    // Illustrative average costs of a hospital referral (first outpatient visit and its
    // follow-up), for the report's avoided cost; a region imports its own (referral_costs).
    set_referral_costs(tx, {{"dermatology", 21000}, {"cardiology", 38000}, {"neurology", 34000},
                            {"orthopaedics", 29000}, {"internal_medicine", 33000}, {"*", 25000}});
    AuditSubject subject;
    subject.object_type = "region";
    subject.object_id = ctx.actor.organization_id.str();
    audit.record(tx, ctx, {event, "C"}, subject);
  });
}

}  // namespace demo

namespace {

void save_batch(store::WriteTx& tx, IdGenerator& ids, std::vector<domain::Consult>& consults, size_t from, size_t to) {
  for (size_t i = from; i < to; ++i) {
    auto& c = consults[i];
    // As the live system does at creation: the year of the creation date in Amsterdam.
    const int year = int(domain::amsterdam_date(c.created_at).year());
    c.reference = domain::format_reference(year, tx.next_reference_number(year));
    tx.insert_consult(c);
    // As the live system does at close: the declaration lines.
    if (c.closed_at) declare_consult(tx, c, ids, *c.closed_at);
  }
}

void save_history(store::Store& store, IdGenerator& ids, const demo::Directory& d,
                  std::vector<domain::Consult>& consults) {
  // Oldest first, so references count up with time as they would have.
  std::stable_sort(consults.begin(), consults.end(),
                   [](const auto& a, const auto& b) { return a.created_at < b.created_at; });
  for (size_t from = 0; from == 0 || from < consults.size(); from += kConsultsPerTransaction) {
    const size_t to = std::min(consults.size(), from + kConsultsPerTransaction);
    store.write([&](store::WriteTx& tx) {
      if (from == 0)
        for (const auto& p : d.patients) tx.save_patient(p);
      save_batch(tx, ids, consults, from, to);
      if (to == consults.size()) tx.set_meta("demo_seeded", "1");
    });
  }
}

}  // namespace

bool region_present(store::Store& store) {
  return store.read([](store::ReadTx& tx) { return !tx.organizations().empty(); });
}

DemoReport seed_demo_region(store::Store& store, IdGenerator& ids, const Clock& clock, AuditTrail& audit,
                            const DemoOptions& options) {
  if (region_present(store)) throw already_seeded();
  const Timestamp now = clock.now();
  demo::Rng rng(options.seed);
  const std::string hash = hash_password(options.password, options.password_cost);  // once: argon2id is slow

  demo::Directory d;
  demo::build_organizations(d, rng, ids, std::max(1, options.practices));
  demo::build_services(d, rng, ids);
  demo::build_staff(d, rng, ids, hash);
  demo::build_patients(d, rng, ids, now);
  d.photo = demo::photo_attachment();
  auto consults = demo::build_history(d, rng, ids, now, std::max(0, options.history_days));
  auto sessions = demo::build_sessions(d, ids, now, consults);

  demo::save_directory(store, d,
                       demo::build_contracts(d, ids, now, std::max(0, options.history_days), {"zilveren-kruis"}),
                       audit, {"demo", "zorgimpuls"});
  demo::save_photo(store, d.photo);
  save_history(store, ids, d, consults);
  store.write([&](store::WriteTx& tx) {
    for (const auto& s : sessions.sessions) tx.insert_onsite_session(s);
    for (const auto& b : sessions.bookings) tx.insert_booking(b);
  });

  DemoReport report;
  report.logins = demo_logins();
  report.organizations = static_cast<int>(d.orgs.size());
  report.practices = static_cast<int>(d.practices.size());
  report.users = static_cast<int>(d.users.size());
  report.services = static_cast<int>(d.services.size());
  report.consults = static_cast<int>(consults.size());
  return report;
}

}  // namespace mk::app
