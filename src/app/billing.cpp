#include "app/billing.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "app/access.hpp"
#include "app/json_input.hpp"
#include "domain/calendar.hpp"
#include "domain/workflow.hpp"

namespace mk::app {
namespace {

using domain::Contract;
using domain::OrgType;
using domain::Role;


std::optional<domain::Organization> care_group_of(store::ReadTx& tx, const OrgId& practice) {
  auto o = tx.organization(practice);
  for (int depth = 0; o && depth < 16; ++depth) {
    if (contracting_group(o->type)) return o;
    if (!o->part_of) break;
    o = tx.organization(*o->part_of);
  }
  return std::nullopt;
}

// The contract in force on `day` for the care group and the service's organisation — or,
// when that has none, the nearest organisation above it (a department's hospital).
std::optional<Contract> contract_for(store::ReadTx& tx, const OrgId& care_group, const OrgId& provider,
                                     domain::Modality m, Date day) {
  std::optional<OrgId> org = provider;
  for (int depth = 0; org && depth < 16; ++depth) {
    for (auto& c : tx.contracts({care_group, *org, m}))
      if (c.in_force_on(day)) return std::move(c);
    auto o = tx.organization(*org);
    org = o ? o->part_of : std::nullopt;
  }
  return std::nullopt;
}

std::string user_agb(store::ReadTx& tx, const std::optional<UserId>& id) {
  if (!id) return "";
  auto u = tx.user(*id);
  return u ? u->agb : "";
}

// Names (and AGB codes) of organisations and users, each looked up once per request.
class Names {
 public:
  explicit Names(store::ReadTx& tx) : tx_(tx) {}
  const domain::Organization& org(const OrgId& id) {
    auto it = orgs_.find(id.str());
    if (it == orgs_.end()) {
      auto o = tx_.organization(id);
      it = orgs_.emplace(id.str(), o ? *o : domain::Organization{id, "", "", OrgType::gp_practice, {}, "", ""}).first;
    }
    return it->second;
  }
  std::string user(const std::optional<UserId>& id) {
    if (!id) return "";
    auto it = users_.find(id->str());
    if (it == users_.end()) {
      auto u = tx_.user(*id);
      it = users_.emplace(id->str(), u ? u->name : "").first;
    }
    return it->second;
  }

 private:
  store::ReadTx& tx_;
  std::map<std::string, domain::Organization> orgs_;
  std::map<std::string, std::string> users_;
};

ContractView contract_view(Names& names, Contract c) {
  ContractView v{std::move(c), "", "", ""};
  v.care_group_name = names.org(v.contract.requester_care_group_id).name;
  v.provider_name = names.org(v.contract.provider_organization_id).name;
  v.payer_name = names.org(v.contract.payer_id).name;
  return v;
}

void require_month(const std::string& month) {
  if (!domain::valid_month(month))
    throw Error(Errc::validation, "The request has invalid fields", "month: must be YYYY-MM",
                {{"month", "must be a month as YYYY-MM, e.g. 2026-10"}});
}

bool contains(const std::vector<OrgId>& list, const OrgId& id) {
  return std::find(list.begin(), list.end(), id) != list.end();
}

// What the caller may see of one month, optionally narrowed to one organisation's subtree.
store::BillingFilter billing_scope(store::ReadTx& tx, const Actor& actor, const std::string& month,
                                   const std::optional<OrgId>& organization) {
  require_month(month);
  store::BillingFilter f;
  f.month = month;
  auto narrow_to = [&](const OrgId& org) {
    if (!tx.organization(org))
      throw Error(Errc::validation, "The request has invalid fields", "organization_id: unknown",
                  {{"organization_id", "is not a known organisation"}});
    f.organizations = access::org_subtree(tx, org);
    f.payers = {org};
  };
  switch (actor.role) {
    case Role::regional_admin:
      if (organization) narrow_to(*organization);
      else f.everything = true;
      return f;
    case Role::insurer:
      if (organization && *organization != actor.organization_id)
        throw Error(Errc::forbidden, "Forbidden", "an insurer sees the lines addressed to it");
      f.payers = {actor.organization_id};
      return f;
    case Role::care_group_manager:
    case Role::coordinator: {
      auto own = access::org_subtree(tx, actor.organization_id);
      if (organization && !contains(own, *organization))
        throw Error(Errc::forbidden, "Forbidden", "organization_id: outside the caller's organisation");
      f.organizations = organization ? access::org_subtree(tx, *organization) : own;
      return f;
    }
    default:
      throw Error(Errc::forbidden, "Forbidden", "billing data is for the regional admin, insurers, care groups and hospitals");
  }
}

bool may_see_contract(store::ReadTx& tx, const Actor& actor, const Contract& c, std::vector<OrgId>& own) {
  switch (actor.role) {
    case Role::regional_admin: return true;
    case Role::insurer: return c.payer_id == actor.organization_id;
    case Role::care_group_manager:
    case Role::coordinator:
      if (own.empty()) own = access::org_subtree(tx, actor.organization_id);
      return contains(own, c.requester_care_group_id) || contains(own, c.provider_organization_id);
    default: return false;
  }
}

void require_admin(const Actor& actor) {
  if (actor.role != Role::regional_admin)
    throw Error(Errc::forbidden, "Forbidden", "only the regional admin manages contracts and billing runs");
}

BillingMonth month_view(store::ReadTx& tx, const store::BillingFilter& f) {
  Names names(tx);
  BillingMonth m;
  m.month = f.month;
  for (auto& l : tx.declarations(f)) {
    DeclarationView v{std::move(l), "", "", ""};
    v.organization_name = names.org(v.line.organization_id).name;
    v.practitioner_name = names.user(v.line.practitioner_id);
    v.payer_name = names.org(v.line.payer_id).name;
    m.total_cents += v.line.amount_cents;
    m.items.push_back(std::move(v));
  }
  for (auto& u : tx.unbilled(f)) {
    UnbilledView v{std::move(u), "", ""};
    v.practice_name = names.org(v.item.practice_id).name;
    v.provider_name = names.org(v.item.provider_organization_id).name;
    m.no_contract.push_back(std::move(v));
  }
  return m;
}

// Never to the patient: lines that would charge the deductible stop every export.
[[noreturn]] void refuse_deductible_lines(const std::string& which) {
  throw Error(Errc::conflict, "Export refused",
              which + " would charge the patient's deductible (deductible_applies): a meekijkconsult never is; "
              "correct the contract first");
}

Statement statement_view(store::ReadTx& tx, const store::BillingFilter& f) {
  Names names(tx);
  Statement s;
  s.month = f.month;
  for (auto& l : tx.statement(f)) {
    if (l.deductible_lines > 0) refuse_deductible_lines(std::to_string(l.deductible_lines) + " line(s)");
    const auto& org = names.org(l.organization_id);
    StatementView v{std::move(l), org.name, org.agb, ""};
    v.payer_name = names.org(v.line.payer_id).name;
    s.total_cents += v.line.amount_cents;
    s.items.push_back(std::move(v));
  }
  return s;
}

void refuse_deductible(const BillingMonth& m) {
  for (const auto& v : m.items)
    if (v.line.deductible_applies) refuse_deductible_lines("the lines of contract " + v.line.contract_id.str());
}

}  // namespace

bool contracting_group(domain::OrgType t) {
  return t == domain::OrgType::care_group || t == domain::OrgType::health_centre;
}

static void declare_session(store::WriteTx& tx, const domain::Consult& c, const OrgId& care_group, IdGenerator& ids,
                            Timestamp now);

bool declare_consult(store::WriteTx& tx, const domain::Consult& c, IdGenerator& ids, Timestamp now) {
  if (!c.closed_at || !c.submitted_at) return false;
  auto service = tx.service(c.service_id);
  if (!service) throw Error(Errc::internal, "Internal error", "closed consult without a service");
  Date day = domain::amsterdam_date(*c.closed_at);
  domain::Unbilled unbilled{c.id, c.reference, day, c.practice_id, service->organization_id, c.modality, "", now};
  auto care_group = care_group_of(tx, c.practice_id);
  if (!care_group) {
    unbilled.reason = "no_care_group";
    tx.save_unbilled(unbilled);
    return false;
  }
  auto contract = contract_for(tx, care_group->id, service->organization_id, c.modality,
                               domain::amsterdam_date(*c.submitted_at));
  if (!contract) {
    unbilled.reason = "no_contract";
    tx.save_unbilled(unbilled);
    return false;
  }
  auto practice = tx.organization(c.practice_id);
  auto provider = tx.organization(contract->provider_organization_id);
  auto consultant = advising_consultant(c);
  BillingAgbs agbs{practice ? practice->agb : "", user_agb(tx, c.requester_id), provider ? provider->agb : "",
                   user_agb(tx, consultant)};
  if (tx.insert_declarations(declaration_lines(c, *contract, agbs, ids, now))) tx.delete_unbilled(c.id);
  if (c.modality == domain::Modality::on_site) declare_session(tx, c, care_group->id, ids, now);
  return true;
}

// The fee per session: one line for the consultant's organisation, written with the session's
// first closed consult, from the on_site contract in force on the session date for that
// consult's care group (a session open to several care groups is billed under the first
// closed consult's). Never twice: the store inserts nothing when the session has its line.
static void declare_session(store::WriteTx& tx, const domain::Consult& c, const OrgId& care_group, IdGenerator& ids,
                            Timestamp now) {
  auto booking = tx.booking_of(c.id);
  auto session = booking ? tx.onsite_session(booking->session_id) : std::nullopt;
  auto service = session ? tx.service(session->service_id) : std::nullopt;
  if (!service) return;
  auto contract = contract_for(tx, care_group, service->organization_id, domain::Modality::on_site, session->date);
  if (!contract || !contract->session_fee_cents) return;
  auto provider = tx.organization(contract->provider_organization_id);
  domain::DeclarationLine l;
  l.id = ids.next();
  l.consult_id = c.id;
  l.reference = session->id;
  l.date = session->date;
  l.party = domain::Party::consultant;
  l.organization_id = contract->provider_organization_id;
  l.organization_agb = provider ? provider->agb : "";
  l.practitioner_id = session->consultant_id;
  l.practitioner_agb = user_agb(tx, session->consultant_id);
  l.payer_id = contract->payer_id;
  l.code = contract->consultant_code;
  l.amount_cents = *contract->session_fee_cents;
  l.deductible_applies = contract->deductible_applies;
  l.contract_id = contract->id;
  l.modality = domain::Modality::on_site;
  l.created_at = now;
  l.session_id = session->id;
  tx.insert_declarations({l});
}

std::vector<domain::DeclarationLine> declaration_lines(const domain::Consult& c, const domain::Contract& contract,
                                                       const BillingAgbs& agbs, IdGenerator& ids, Timestamp now) {
  const Date day = domain::amsterdam_date(*c.closed_at);
  auto line = [&](domain::Party party) {
    domain::DeclarationLine l;
    l.id = ids.next();
    l.consult_id = c.id;
    l.reference = c.reference;
    l.date = day;
    l.party = party;
    l.payer_id = contract.payer_id;
    l.deductible_applies = contract.deductible_applies;
    l.contract_id = contract.id;
    l.modality = c.modality;
    l.minutes_spent = c.minutes_spent_total;
    l.created_at = now;
    return l;
  };
  auto gp = line(domain::Party::gp);
  gp.organization_id = c.practice_id;
  gp.organization_agb = agbs.practice;
  gp.practitioner_id = c.requester_id;
  gp.practitioner_agb = agbs.gp;
  gp.code = contract.gp_code;
  gp.amount_cents = contract.gp_fee_cents;
  auto cons = line(domain::Party::consultant);
  cons.organization_id = contract.provider_organization_id;
  cons.organization_agb = agbs.provider;
  cons.practitioner_id = advising_consultant(c);
  cons.practitioner_agb = agbs.consultant;
  cons.code = contract.consultant_code;
  cons.amount_cents = contract.consultant_fee(c.minutes_spent_total);
  return {gp, cons};
}

std::optional<UserId> advising_consultant(const domain::Consult& c) {
  auto author = domain::latest_advice_author(c);
  return author ? author : c.assignee_id;
}

std::vector<ContractView> Billing::contracts(const RequestContext& ctx) {
  return store_.read([&](store::ReadTx& tx) {
    if (ctx.actor.role != Role::regional_admin && ctx.actor.role != Role::insurer &&
        ctx.actor.role != Role::care_group_manager && ctx.actor.role != Role::coordinator)
      throw Error(Errc::forbidden, "Forbidden", "contracts are for the regional admin, insurers, care groups and hospitals");
    Names names(tx);
    std::vector<OrgId> own;
    std::vector<ContractView> out;
    for (auto& c : tx.contracts({}))
      if (may_see_contract(tx, ctx.actor, c, own)) out.push_back(contract_view(names, std::move(c)));
    return out;
  });
}

namespace {
std::function<std::optional<domain::Organization>(const std::string&)> by_id(store::ReadTx& tx) {
  return [&tx](const std::string& id) { return tx.organization(OrgId(id)); };
}
}  // namespace

ContractView Billing::create_contract(const RequestContext& ctx, const ContractInput& in) {
  require_admin(ctx.actor);
  return store_.write([&](store::WriteTx& tx) {
    Contract c;
    c.id = ids_.make<ContractId>();
    Validation v;
    if (in.version) v.add("version", "is not set on create");
    apply_contract(c, in, true, by_id(tx), v);
    v.throw_if_any();
    c.version = 1;
    c.updated_at = clock_.now();
    tx.save_contract(c);
    audit_.record(tx, ctx, {"contract.create", "C"}, {"", "contract", c.id.str(), "", "", c.provider_organization_id.str()});
    Names names(tx);
    return contract_view(names, std::move(c));
  });
}

ContractView Billing::update_contract(const RequestContext& ctx, const ContractId& id, const ContractInput& in) {
  require_admin(ctx.actor);
  return store_.write([&](store::WriteTx& tx) {
    auto c = tx.contract(id);
    if (!c) throw Error(Errc::not_found, "Not found", "no such contract");
    if (in.version && *in.version != c->version)
      throw Error(Errc::conflict, "Conflict",
                  "the contract was changed by someone else (version " + std::to_string(c->version) + "); reload it");
    Validation v;
    apply_contract(*c, in, false, by_id(tx), v);
    v.throw_if_any();
    c->version += 1;
    c->updated_at = clock_.now();
    tx.save_contract(*c);
    audit_.record(tx, ctx, {"contract.update", "U"}, {"", "contract", c->id.str(), "", "", c->provider_organization_id.str()});
    Names names(tx);
    return contract_view(names, std::move(*c));
  });
}

BillingMonth Billing::declarations(const RequestContext& ctx, const std::string& month,
                                   const std::optional<OrgId>& organization) {
  auto m = store_.read([&](store::ReadTx& tx) { return month_view(tx, billing_scope(tx, ctx.actor, month, organization)); });
  refuse_deductible(m);
  return m;
}

Statement Billing::statement(const RequestContext& ctx, const std::string& month, const std::optional<OrgId>& organization) {
  return store_.read([&](store::ReadTx& tx) { return statement_view(tx, billing_scope(tx, ctx.actor, month, organization)); });
}

ReprocessResult Billing::reprocess(const RequestContext& ctx, const std::string& month) {
  require_admin(ctx.actor);
  require_month(month);
  return store_.write([&](store::WriteTx& tx) {
    ReprocessResult r;
    auto now = clock_.now();
    for (const auto& u : tx.unbilled({month, true, {}, {}})) {
      auto c = tx.consult(u.consult_id);  // locked until commit, like a close
      if (!c) continue;
      if (declare_consult(tx, *c, ids_, now)) ++r.billed;
      else ++r.still_no_contract;
    }
    audit_.record(tx, ctx, {"billing.reprocess", "E"}, {"", "billing", month, "", "", ""});
    return r;
  });
}

BillingMonth Billing::export_month(const std::string& month) {
  require_month(month);
  auto m = store_.read([&](store::ReadTx& tx) { return month_view(tx, {month, true, {}, {}}); });
  refuse_deductible(m);
  return m;
}

Statement Billing::export_statement(const std::string& month) {
  require_month(month);
  return store_.read([&](store::ReadTx& tx) { return statement_view(tx, {month, true, {}, {}}); });
}

}  // namespace mk::app
