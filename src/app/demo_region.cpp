// `meekijk demo`: generates the Rotterdam demo region in memory (demo_orgs, demo_services,
// demo_staff, demo_patients, demo_history) and writes it in a few large transactions, so
// seeding takes seconds. The access log starts with one entry saying who created the data.
#include "app/demo_region.hpp"

#include <algorithm>
#include <fstream>

#include "app/demo_lifecycle.hpp"
#include "app/demo_model.hpp"
#include "core/error.hpp"
#include "domain/calendar.hpp"
#include "domain/identifiers.hpp"

namespace mk::app {
namespace {

constexpr size_t kConsultsPerTransaction = 2000;  // fewer commits: each costs an fsync

Error already_seeded() {
  return Error(Errc::conflict, "Region already present",
               "the data directory already holds organisations; `meekijk demo` seeds only an empty one");
}

RequestContext seeding_context(const demo::Directory& d) {
  RequestContext ctx;
  ctx.actor.id = UserId("system");
  ctx.actor.name = "meekijk demo (seed)";
  ctx.actor.role = domain::Role::regional_admin;
  ctx.actor.organization_id = d.orgs[d.org("zorgimpuls")].id;
  ctx.request_id = "demo-seed";
  return ctx;
}

void save_directory(store::Store& store, const demo::Directory& d, AuditTrail& audit) {
  store.write([&](store::WriteTx& tx) {
    if (!tx.organizations().empty()) throw already_seeded();
    for (const auto& o : d.orgs) tx.save_organization(o);  // parents come first
    for (const auto& s : d.services) tx.save_service(s);
    for (const auto& u : d.users) tx.save_user(u);
    AuditSubject subject;
    subject.object_type = "region";
    subject.object_id = d.orgs[d.org("zorgimpuls")].id.str();
    audit.record(tx, seeding_context(d), {"demo.seed", "C"}, subject);
  });
}

// The demo photo's bytes, stored once by content address before any row names them.
void save_photo(store::Store& store, const domain::Attachment& photo) {
  auto temp = store.blobs().temp_dir() / ("demo-" + photo.sha256);
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(demo::photo_bytes().data(), static_cast<std::streamsize>(demo::photo_bytes().size()));
    if (!out.flush()) throw Error(Errc::internal, "Demo photo", "could not write " + temp.string());
  }
  store.blobs().put(temp, photo.sha256);
}

void save_batch(store::WriteTx& tx, std::vector<domain::Consult>& consults, size_t from, size_t to) {
  for (size_t i = from; i < to; ++i) {
    auto& c = consults[i];
    // As the live system does at creation: the year of the creation date in Amsterdam.
    const int year = int(domain::amsterdam_date(c.created_at).year());
    c.reference = domain::format_reference(year, tx.next_reference_number(year));
    tx.insert_consult(c);
  }
}

void save_history(store::Store& store, const demo::Directory& d, std::vector<domain::Consult>& consults) {
  // Oldest first, so references count up with time as they would have.
  std::stable_sort(consults.begin(), consults.end(),
                   [](const auto& a, const auto& b) { return a.created_at < b.created_at; });
  for (size_t from = 0; from == 0 || from < consults.size(); from += kConsultsPerTransaction) {
    const size_t to = std::min(consults.size(), from + kConsultsPerTransaction);
    store.write([&](store::WriteTx& tx) {
      if (from == 0)
        for (const auto& p : d.patients) tx.save_patient(p);
      save_batch(tx, consults, from, to);
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

  save_directory(store, d, audit);
  save_photo(store, d.photo);
  save_history(store, d, consults);

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
