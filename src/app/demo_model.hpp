#pragma once
// Internals of `meekijk demo` (app/demo_region.hpp): the generated directory, the synthetic
// patients, and the random and calendar helpers the generators share. Everything is drawn
// from one seeded std::mt19937_64 in a fixed order, so the same seed gives the same region.
#include <cstddef>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "app/audit.hpp"
#include "core/ids.hpp"
#include "core/time.hpp"
#include "domain/consult.hpp"
#include "domain/onsite.hpp"
#include "domain/organization.hpp"
#include "store/store.hpp"

namespace mk::app::demo {

using Rng = std::mt19937_64;

// ---- random draws (demo_random.cpp) ---------------------------------------------------------
double uniform(Rng& rng, double lo = 0.0, double hi = 1.0);
int uniform_int(Rng& rng, int lo, int hi);  // inclusive
bool chance(Rng& rng, double p);
size_t pick_weighted(Rng& rng, const std::vector<double>& weights);  // some weight > 0
int poisson(Rng& rng, double mean);
// Log-normal duration: half the draws are below `median`; sigma widens the tail.
double lognormal(Rng& rng, double median, double sigma);

template <class T>
const T& pick(Rng& rng, const std::vector<T>& items) {
  return items[static_cast<size_t>(uniform_int(rng, 0, static_cast<int>(items.size()) - 1))];
}

// ---- time (demo_random.cpp) -----------------------------------------------------------------
// The instant of a wall-clock time in Amsterdam on date d.
Timestamp local_time(Date d, int minutes_after_midnight);
Timestamp plus_hours(Timestamp t, double hours);
double hours_between(Timestamp from, Timestamp to);
// t itself when it falls in office hours (08:00–18:00 on a working day), otherwise a moment in
// the first hours of the next working morning: people act when they are at work.
Timestamp at_work(Rng& rng, Timestamp t);

// ---- the directory (demo_orgs.cpp, demo_staff.cpp) --------------------------------------------
struct Practice {
  size_t org = 0;                    // index in Directory::orgs
  std::optional<size_t> care_group;  // index in Directory::orgs
  double weight = 0;                 // share of the region's consults; 0: not participating
  std::vector<size_t> gps;           // indices in Directory::users
  std::vector<size_t> assistants;
  std::vector<size_t> patients;  // indices in Directory::patients
};

struct Staffing {
  std::vector<size_t> consultants;    // indices in Directory::users
  std::optional<size_t> coordinator;  // of the service's organisation
  double weight = 1;                  // how popular the service is
  std::vector<std::string> near;      // PC4 prefixes for which it is the nearby provider
};

struct Directory {
  std::vector<domain::Organization> orgs;
  std::vector<std::string> mail_domains;  // parallel to orgs: "maasstad.example"
  std::vector<domain::Service> services;
  std::vector<Staffing> staffing;  // parallel to services
  std::vector<domain::User> users;
  std::vector<Practice> practices;
  std::vector<domain::Patient> patients;
  std::vector<std::string> used_emails;
  std::vector<std::string> used_agbs;
  // The synthetic photo attached where a service's intake form asks for photos (demo_photo.cpp):
  // sha256, file name, type and size; id, consult, time and uploader are set per consult.
  domain::Attachment photo;

  size_t org(std::string_view ref) const;      // throws Error{internal} when missing
  size_t service(std::string_view ref) const;  // likewise
  size_t org_index(const OrgId& id) const;     // likewise
  // Adds an organisation with a fresh id; part_of names an earlier one by ref ("" = root).
  size_t add_org(IdGenerator& ids, std::string ref, std::string name, domain::OrgType type,
                 std::string_view part_of, std::string mail_domain);
  std::string unique_agb(Rng& rng, std::string_view prefix);
  std::string unique_email(std::string local, std::string_view domain);
  // Whether service s takes consults from practice p (DESIGN §5 "accepts").
  bool accepts(size_t service, const Practice& p) const;
};

// Organisations: the named ones of the source documents and `practices` synthetic practices.
void build_organizations(Directory& d, Rng& rng, IdGenerator& ids, int practices);
// Services of the hospitals, treatment centres and kader-GP pools.
std::string specialty_label(std::string_view specialty);  // "dermatology" → "Dermatologie"
void build_services(Directory& d, Rng& rng, IdGenerator& ids);
// The intake form of the demo's dermatology services: body location (required) and one photo.
domain::IntakeForm dermatology_intake();
// The demo photo's attachment template and bytes (demo_photo.cpp).
domain::Attachment photo_attachment();
const std::string& photo_bytes();
// Every user, all with the same (already hashed) password: the named accounts of the demo
// (named = false: none, for a region without the demo's organisations), then GPs per practice
// drawn with gp_weights (1, 2, 3, 4 GPs), consultants, coordinators and managers.
struct StaffShape {
  bool named = true;
  std::vector<double> gp_weights = {0.25, 0.35, 0.25, 0.15};
};
void build_staff(Directory& d, Rng& rng, IdGenerator& ids, const std::string& password_hash,
                 const StaffShape& shape = {});
// The synthetic patients, each registered at a participating practice: one per BSN of `bsns`
// (empty: the 909 valid test BSNs 99999xxxx, shuffled).
void build_patients(Directory& d, Rng& rng, IdGenerator& ids, Timestamp now, std::vector<std::string> bsns = {});

// ---- the national region of `meekijk generate` (generate_national.cpp) --------------------------
struct NationalShape {
  int care_groups = 100, practices = 5000, hospitals = 80, treatment_centres = 20;
};
// Organisations and services (staff and patients come from build_staff/build_patients).
void build_national_region(Directory& d, Rng& rng, IdGenerator& ids, const NationalShape& shape);

// On-site sessions of the demo (demo_sessions.cpp): past ones holding some of the history's closed
// consults (made on_site here, before they are saved and billed) and future ones with free slots.
struct SeededSessions {
  std::vector<domain::OnsiteSession> sessions;
  std::vector<domain::Booking> bookings;
};
SeededSessions build_sessions(const Directory& d, IdGenerator& ids, Timestamp now, std::vector<domain::Consult>& consults);

// ---- what demo and generate both write (demo_region.cpp) ----------------------------------------
// The contracts (DESIGN §5): every care group and health centre with every organisation that
// offers a service (accepted_only: one of whose services accepts it), per modality offered,
// from the start of the history on; payers in turn per group from payer_refs.
std::vector<domain::Contract> build_contracts(const Directory& d, IdGenerator& ids, Timestamp now, int history_days,
                                              const std::vector<std::string>& payer_refs, bool accepted_only = false);
// Organisations, services, users, contracts and the referral costs in one write, with ONE audit
// entry "<command>.seed" by the system on behalf of the root organisation (ref). Throws
// Error{conflict} when the store already holds organisations.
struct Seeder {
  std::string command;   // "demo", "generate"
  std::string root_ref;  // the region office
};
void save_directory(store::Store& store, const Directory& d, const std::vector<domain::Contract>& contracts,
                    AuditTrail& audit, const Seeder& who);
// The demo photo's bytes into the store's blobs, before any attachment row names them.
void save_photo(store::Store& store, const domain::Attachment& photo);

// ---- the logins printed by `meekijk demo` (demo_accounts.cpp) ----------------------------------
struct NamedAccount {
  domain::Role role;
  std::string email;
  std::string name;
  std::string org_ref;
  std::vector<std::string> service_refs;  // consultants
  std::string description;
};
std::vector<NamedAccount> named_accounts();

// ---- synthetic people and places (demo_names.cpp) ------------------------------------------------
struct Area {
  std::string_view pc4;
  std::string_view neighbourhood;
};
// The PC4 areas where the practices of a care group or health centre lie.
std::vector<Area> areas_of(std::string_view parent_ref);
std::string person_name(Rng& rng, domain::Sex sex);  // "Sanne de Vries"
std::string practice_name(Rng& rng, const Area& area);
std::string postcode_in(Rng& rng, std::string_view pc4);  // "3083" → "3083KT"
// Lower-case ASCII letters and digits of `text` ("Van Weel-Bethesda" → "vanweelbethesda").
std::string slug(std::string_view text);
// "Sanne de Vries" → "s.devries"
std::string mail_local_part(std::string_view name);

}  // namespace mk::app::demo
