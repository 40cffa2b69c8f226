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
    std::vector<ServiceView> out;
    for (auto& s : tx.services()) {
      if (!s.active) continue;
      ServiceView v;
      v.organization_name = names[s.organization_id];
      v.accepts_caller = gp && access::service_accepts(tx, s, ctx.actor.organization_id);
      if (s.routing == domain::Routing::direct) v.consultants = tx.users_of_service(s.id);
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

MeView Directory::me(const RequestContext& ctx) {
  return store_.read([&](store::ReadTx& tx) {
    auto u = tx.user(ctx.actor.id);
    auto o = tx.organization(ctx.actor.organization_id);
    if (!u || !o) throw Error(Errc::unauthorized, "Not logged in", "the account no longer exists");
    return MeView{*u, *o};
  });
}

}  // namespace mk::app
