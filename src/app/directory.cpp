#include "app/directory.hpp"

#include <algorithm>
#include <map>

#include "app/access.hpp"
#include "core/error.hpp"

namespace mk::app {

std::vector<domain::Organization> Directory::organizations(const RequestContext&) {
  return store_.read([](store::ReadTx& tx) {
    auto orgs = tx.organizations();
    std::sort(orgs.begin(), orgs.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    return orgs;
  });
}

std::vector<ServiceView> Directory::services(const RequestContext& ctx) {
  return store_.read([&](store::ReadTx& tx) {
    std::map<OrgId, std::string> names;
    for (const auto& o : tx.organizations()) names[o.id] = o.name;
    bool gp = access::can_create_consults(ctx.actor);
    // Coordinators and the regional admin manage pools, so they see every service's consultants.
    bool manager = ctx.actor.role == domain::Role::coordinator || ctx.actor.role == domain::Role::regional_admin;
    std::vector<ServiceView> out;
    for (auto& s : tx.services()) {
      if (!s.active && ctx.actor.role != domain::Role::coordinator &&
          ctx.actor.role != domain::Role::regional_admin)
        continue;
      ServiceView v;
      v.organization_name = names[s.organization_id];
      v.accepts_caller = gp && access::service_accepts(tx, s, ctx.actor.organization_id);
      if (manager || s.routing == domain::Routing::direct) v.consultants = tx.users_of_service(s.id);
      v.service = std::move(s);
      out.push_back(std::move(v));
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
      return std::tie(a.service.specialty, a.organization_name, a.service.name) <
             std::tie(b.service.specialty, b.organization_name, b.service.name);
    });
    return out;
  });
}

std::vector<domain::User> Directory::users(const RequestContext& ctx, const std::optional<domain::Role>& role) {
  using domain::Role;
  const auto& a = ctx.actor;
  return store_.read([&](store::ReadTx& tx) {
    std::vector<OrgId> orgs;
    if (a.role == Role::gp || a.role == Role::assistant) orgs = {a.organization_id};
    else if (a.role == Role::coordinator) orgs = access::org_subtree(tx, a.organization_id);
    else if (a.role == Role::regional_admin)
      for (const auto& o : tx.organizations()) orgs.push_back(o.id);
    else throw Error(Errc::forbidden, "Not allowed", "your role has no user list");
    auto users = tx.users_of_organizations(orgs);
    std::erase_if(users, [&](const domain::User& u) { return !u.active || (role && u.role != *role); });
    return users;
  });
}

std::vector<domain::User> Directory::practitioners(const RequestContext& ctx) {
  using domain::Role;
  if (ctx.actor.role == Role::desk_officer || ctx.actor.role == Role::third_party)
    throw Error(Errc::forbidden, "Not allowed", "the desk roles do not read the practitioner directory");
  return store_.read([&](store::ReadTx& tx) {
    std::vector<OrgId> orgs;
    for (const auto& o : tx.organizations()) orgs.push_back(o.id);
    auto users = tx.users_of_organizations(orgs);
    std::erase_if(users, [](const domain::User& u) { return !u.active; });
    return users;
  });
}

MeView Directory::me(const RequestContext& ctx) {
  return store_.read([&](store::ReadTx& tx) {
    auto u = tx.user(ctx.actor.id);
    auto o = tx.organization(ctx.actor.organization_id);
    if (!u || !o) throw Error(Errc::unauthorized, "Not logged in", "the account no longer exists");
    return MeView{*u, *o, tx.mail_kinds(u->id)};
  });
}

MeView Directory::set_mail(const RequestContext& ctx, const std::vector<std::pair<MailKind, bool>>& changes) {
  store_.write([&](store::WriteTx& tx) {
    unsigned kinds = tx.mail_kinds(ctx.actor.id);
    for (auto [kind, on] : changes) {
      auto bit = static_cast<unsigned>(kind);
      kinds = on ? (kinds | bit) : (kinds & ~bit);
    }
    tx.set_mail_kinds(ctx.actor.id, kinds);
  });
  return me(ctx);
}

}  // namespace mk::app
