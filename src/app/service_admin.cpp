#include "app/service_admin.hpp"

#include <algorithm>

#include "app/access.hpp"

namespace mk::app {
namespace {

bool contains(const std::vector<OrgId>& v, const OrgId& id) { return std::find(v.begin(), v.end(), id) != v.end(); }

void apply(store::ReadTx& tx, domain::Service& s, const ServicePatch& p, Validation& v) {
  for (const auto& e : p.input_errors) v.add(e.field, e.message);
  if (p.name) {
    if (p.name->empty() || p.name->size() > 200) v.add("name", "must be 1 to 200 characters");
    else s.name = *p.name;
  }
  if (p.response_days) {
    if (*p.response_days < 0 || *p.response_days > 60) v.add("response_days", "must be 0 to 60 working days");
    else s.response_days = static_cast<int>(*p.response_days);
  }
  if (p.routing) {
    if (auto r = domain::parse_enum<domain::Routing>(*p.routing)) s.routing = *r;
    else v.add("routing", "must be pool or direct");
  }
  if (p.modalities) {
    s.modalities.clear();
    for (const auto& m : *p.modalities) {
      if (auto e = domain::parse_enum<domain::Modality>(m)) s.modalities.push_back(*e);
      else v.add("modalities", "unknown modality '" + m + "'");
    }
    if (s.modalities.empty()) v.add("modalities", "needs at least one of e_consult, on_site");
  }
  if (p.accepts) {
    s.accepts.clear();
    for (const auto& id : *p.accepts) {
      auto o = tx.organization(OrgId(id));
      if (!o || (o->type != domain::OrgType::care_group && o->type != domain::OrgType::gp_practice))
        v.add("accepts", "'" + id + "' is not a care group or practice");
      else
        s.accepts.push_back(o->id);
    }
  }
  if (p.active) s.active = *p.active;
  if (p.intake) s.intake = *p.intake;
}

}  // namespace

domain::Service ServiceAdmin::load_manageable(store::ReadTx& tx, const RequestContext& ctx, const ServiceId& id) {
  auto s = tx.service(id);
  if (!s) throw Error(Errc::not_found, "Service not found", "no service '" + id.str() + "'");
  const auto& a = ctx.actor;
  if (a.role == domain::Role::regional_admin) return *s;
  if (a.role == domain::Role::coordinator && contains(access::org_subtree(tx, a.organization_id), s->organization_id))
    return *s;
  throw Error(Errc::forbidden, "Not allowed", "only a coordinator of the service's organisation changes it");
}

ServiceView ServiceAdmin::view(store::ReadTx& tx, domain::Service s) {
  ServiceView v;
  if (auto o = tx.organization(s.organization_id)) v.organization_name = o->name;
  v.consultants = tx.users_of_service(s.id);
  v.service = std::move(s);
  return v;
}

ServiceView ServiceAdmin::update(const RequestContext& ctx, const ServiceId& id, const ServicePatch& patch) {
  return store_.write([&](store::WriteTx& tx) {
    auto s = load_manageable(tx, ctx, id);
    Validation v;
    apply(tx, s, patch, v);
    v.throw_if_any();
    tx.save_service(s);
    audit_.record(tx, ctx, {"service.update", "U"}, {"", "service", s.id.str(), "", "", s.organization_id.str()});
    return view(tx, std::move(s));
  });
}

ServiceView ServiceAdmin::set_consultants(const RequestContext& ctx, const ServiceId& id,
                                          const std::vector<std::string>& users) {
  auto out = store_.write([&](store::WriteTx& tx) {
    auto s = load_manageable(tx, ctx, id);
    auto orgs = access::org_subtree(tx, s.organization_id);
    Validation v;
    std::vector<domain::User> wanted;
    for (const auto& uid : users) {
      auto u = tx.user(UserId(uid));
      if (!u || u->role != domain::Role::consultant || !contains(orgs, u->organization_id))
        v.add("user_ids", "'" + uid + "' is not a consultant of this organisation");
      else
        wanted.push_back(*u);
    }
    v.throw_if_any();
    auto in_wanted = [&](const UserId& u) {
      return std::any_of(wanted.begin(), wanted.end(), [&](const auto& w) { return w.id == u; });
    };
    for (auto u : tx.users_of_service(s.id)) {
      if (in_wanted(u.id)) continue;
      std::erase(u.services, s.id);
      tx.save_user(u);
    }
    for (auto& u : wanted) {
      if (std::find(u.services.begin(), u.services.end(), s.id) != u.services.end()) continue;
      u.services.push_back(s.id);
      tx.save_user(u);
    }
    audit_.record(tx, ctx, {"service.consultants", "U"}, {"", "service", s.id.str(), "", "", s.organization_id.str()});
    return view(tx, std::move(s));
  });
  credentials_.invalidate_all();  // committed: who left the pool loses its queue on the next request
  return out;
}

}  // namespace mk::app
