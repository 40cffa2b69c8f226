// The people of the demo region: the memorable accounts (demo_accounts.cpp), 1–4 GPs per
// practice plus some assistants, 1–4 consultants per service, a coordinator per hospital and
// treatment centre, and a manager per care group. All share one password hash: argon2id is
// slow on purpose, so it is computed once.
#include <algorithm>

#include "app/demo_model.hpp"

namespace mk::app::demo {
namespace {

using domain::OrgType;
using domain::Role;
using domain::Sex;

struct UserSpec {
  Role role;
  std::string email, name;
  size_t org;
  std::string agb;
};

size_t add_user(Directory& d, IdGenerator& ids, const std::string& hash, UserSpec spec) {
  domain::User u;
  u.id = ids.make<UserId>();
  u.ref = spec.email;
  u.email = std::move(spec.email);
  u.name = std::move(spec.name);
  u.role = spec.role;
  u.organization_id = d.orgs[spec.org].id;
  u.agb = std::move(spec.agb);
  u.password_hash = hash;
  d.users.push_back(std::move(u));
  return d.users.size() - 1;
}

Practice* practice_of(Directory& d, size_t org) {
  for (auto& p : d.practices)
    if (p.org == org) return &p;
  return nullptr;
}

void join_service(Directory& d, size_t user, size_t service) {
  d.users[user].services.push_back(d.services[service].id);
  d.staffing[service].consultants.push_back(user);
}

void add_named(Directory& d, Rng& rng, IdGenerator& ids, const std::string& hash) {
  for (const auto& a : named_accounts()) {
    size_t org = d.org(a.org_ref);
    std::string agb;
    if (a.role == Role::gp || a.role == Role::consultant) agb = d.unique_agb(rng, a.role == Role::gp ? "01" : "03");
    d.used_emails.push_back(a.email);
    size_t u = add_user(d, ids, hash, {a.role, a.email, a.name, org, agb});
    for (const auto& ref : a.service_refs) join_service(d, u, d.service(ref));
    if (auto* p = practice_of(d, org)) {
      if (a.role == Role::gp) p->gps.push_back(u);
      if (a.role == Role::assistant) p->assistants.push_back(u);
    }
    if (a.role == Role::coordinator)
      for (size_t s = 0; s < d.services.size(); ++s)
        if (d.services[s].organization_id == d.orgs[org].id) d.staffing[s].coordinator = u;
  }
}

Sex any_sex(Rng& rng) { return chance(rng, 0.55) ? Sex::female : Sex::male; }

void add_practice_staff(Directory& d, Rng& rng, IdGenerator& ids, const std::string& hash, Practice& p,
                        const std::vector<double>& gp_weights) {
  const std::string& domain = d.mail_domains[p.org];
  int gps = 1 + static_cast<int>(pick_weighted(rng, gp_weights));
  for (int k = static_cast<int>(p.gps.size()); k < gps; ++k) {
    std::string name = person_name(rng, any_sex(rng));
    std::string email = d.unique_email(mail_local_part(name), domain);
    p.gps.push_back(add_user(d, ids, hash, {Role::gp, email, name, p.org, d.unique_agb(rng, "01")}));
  }
  if (p.assistants.empty() && chance(rng, 0.45)) {
    std::string name = person_name(rng, chance(rng, 0.85) ? Sex::female : Sex::male);
    std::string email = d.unique_email("assistent", domain);
    p.assistants.push_back(add_user(d, ids, hash, {Role::assistant, email, name, p.org, ""}));
  }
}

void add_consultants(Directory& d, Rng& rng, IdGenerator& ids, const std::string& hash, size_t s) {
  const auto& service = d.services[s];
  size_t org = d.org_index(service.organization_id);
  bool kader = d.orgs[org].type == OrgType::care_group;
  int wanted = 1 + static_cast<int>(pick_weighted(rng, {0.2, 0.35, 0.3, 0.15}));
  for (int k = static_cast<int>(d.staffing[s].consultants.size()); k < wanted; ++k) {
    std::string name = person_name(rng, any_sex(rng));
    std::string email = d.unique_email(mail_local_part(name), d.mail_domains[org]);
    size_t u = add_user(d, ids, hash, {Role::consultant, email, name, org, d.unique_agb(rng, kader ? "01" : "03")});
    join_service(d, u, s);
  }
}

void add_coordinators(Directory& d, Rng& rng, IdGenerator& ids, const std::string& hash) {
  for (size_t org = 0; org < d.orgs.size(); ++org) {
    if (d.orgs[org].type != OrgType::hospital && d.orgs[org].type != OrgType::zbc) continue;
    std::optional<size_t> coordinator;
    for (size_t s = 0; s < d.services.size(); ++s)
      if (d.services[s].organization_id == d.orgs[org].id && d.staffing[s].coordinator)
        coordinator = d.staffing[s].coordinator;
    if (!coordinator) {
      std::string email = d.unique_email("coordinator", d.mail_domains[org]);
      coordinator = add_user(d, ids, hash, {Role::coordinator, email, person_name(rng, any_sex(rng)), org, ""});
    }
    for (size_t s = 0; s < d.services.size(); ++s)
      if (d.services[s].organization_id == d.orgs[org].id) d.staffing[s].coordinator = coordinator;
  }
}

void add_managers(Directory& d, Rng& rng, IdGenerator& ids, const std::string& hash) {
  for (size_t org = 0; org < d.orgs.size(); ++org) {
    if (d.orgs[org].type != OrgType::care_group) continue;
    std::string email = "manager@" + d.mail_domains[org];
    if (std::find(d.used_emails.begin(), d.used_emails.end(), email) != d.used_emails.end()) continue;
    email = d.unique_email("manager", d.mail_domains[org]);
    add_user(d, ids, hash, {Role::care_group_manager, email, person_name(rng, any_sex(rng)), org, ""});
  }
}

}  // namespace

void build_staff(Directory& d, Rng& rng, IdGenerator& ids, const std::string& password_hash, const StaffShape& shape) {
  if (shape.named) add_named(d, rng, ids, password_hash);
  for (auto& p : d.practices) add_practice_staff(d, rng, ids, password_hash, p, shape.gp_weights);
  for (size_t s = 0; s < d.services.size(); ++s) add_consultants(d, rng, ids, password_hash, s);
  add_coordinators(d, rng, ids, password_hash);
  add_managers(d, rng, ids, password_hash);
}

}  // namespace mk::app::demo
