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

constexpr int64_t kMaxCents = 100'000'00;  // € 100.000 per line: beyond any real tariff
constexpr size_t kMaxCodeLength = 20;

// The group a practice contracts through: its nearest care group or health centre above it
// (practices of a health centre are not part of a care group; the centre contracts for them).
bool contracting_group(OrgType t) { return t == OrgType::care_group || t == OrgType::health_centre; }

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

// Optional text that may be given as null ("clear"): sets *given, returns the value.
std::optional<std::string> nullable_text(const boost::json::object& o, std::string_view key, JsonFields& f,
                                         bool& given) {
  auto it = o.find(key);
  given = it != o.end();
  if (!given || it->value().is_null()) return std::nullopt;
  return f.text(key);
}

std::optional<int64_t> nullable_integer(const boost::json::object& o, std::string_view key, JsonFields& f,
                                        bool& given) {
  auto it = o.find(key);
  given = it != o.end();
  if (!given || it->value().is_null()) return std::nullopt;
  return f.integer(key);
}

// A number of cents with at most two decimals (187.5 → 18750 hundredths of a cent).
std::optional<int64_t> centicents(const boost::json::object& o, std::string_view key, JsonFields& f) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::nullopt;
  const auto& v = it->value();
  double x = v.is_double() ? v.as_double() : v.is_int64() ? double(v.as_int64()) : v.is_uint64() ? double(v.as_uint64()) : -1;
  double scaled = std::round(x * 100);
  if (!v.is_number() || x < 0 || x > 1e7 || std::abs(x * 100 - scaled) > 1e-6) {
    f.validation().add(f.path(key), "must be a number of cents, at least 0, with at most two decimals");
    return std::nullopt;
  }
  return static_cast<int64_t>(scaled);
}

void check_code(const std::optional<std::string>& code, const std::string& path, Validation& v) {
  if (!code) return;
  if (code->empty() || code->size() > kMaxCodeLength) v.add(path, "must be 1 to 20 characters");
}

void check_cents(const std::optional<int64_t>& cents, const std::string& path, Validation& v) {
  if (cents && (*cents < 0 || *cents > kMaxCents)) v.add(path, "must be between 0 and 10000000 cents");
}

}  // namespace

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

ContractInput read_contract_input(const boost::json::object& o, std::string prefix, bool by_ref, Validation& v) {
  JsonFields f(o, prefix, v);
  std::string cg = by_ref ? "requester_care_group" : "requester_care_group_id";
  std::string prov = by_ref ? "provider_organization" : "provider_organization_id";
  std::string payer = by_ref ? "payer" : "payer_id";
  std::vector<std::string_view> known = {cg, prov, payer, "modality", "valid_from", "valid_to", "gp_fee_cents",
                                         "gp_code", "consultant_fee_kind", "consultant_fee_cents",
                                         "consultant_rate_cents_per_minute", "consultant_fee_cap_cents",
                                         "consultant_code", "deductible_applies", "session_fee_cents"};
  known.push_back(by_ref ? "ref" : "version");
  f.only(known);
  ContractInput in;
  in.prefix = prefix;
  in.by_ref = by_ref;
  if (by_ref) in.ref = f.text("ref");
  else in.version = f.integer("version");
  in.care_group = f.text(cg);
  in.provider = f.text(prov);
  in.payer = f.text(payer);
  in.modality = f.text("modality");
  in.valid_from = f.text("valid_from");
  in.valid_to = nullable_text(o, "valid_to", f, in.valid_to_given);
  in.gp_fee_cents = f.integer("gp_fee_cents");
  in.gp_code = f.text("gp_code");
  in.fee_kind = f.text("consultant_fee_kind");
  in.consultant_fee_cents = f.integer("consultant_fee_cents");
  in.rate_centicents = centicents(o, "consultant_rate_cents_per_minute", f);
  in.cap_cents = nullable_integer(o, "consultant_fee_cap_cents", f, in.cap_given);
  in.consultant_code = f.text("consultant_code");
  in.session_fee_cents = nullable_integer(o, "session_fee_cents", f, in.session_fee_given);
  in.deductible_applies = f.boolean("deductible_applies");
  return in;
}

void apply_contract(Contract& c, const ContractInput& in, bool creating,
                    const std::function<std::optional<domain::Organization>(const std::string&)>& resolve,
                    Validation& v) {
  const std::string& p = in.prefix;
  for (const auto& e : in.input_errors) v.add(e.field, e.message);
  auto org = [&](const std::optional<std::string>& given, std::string field, OrgId& out, auto&& ok,
                 const char* what) {
    if (!in.by_ref) field += "_id";
    if (!given) {
      if (creating) v.add(p + field, "is required");
      return;
    }
    auto o = resolve(*given);
    if (!o) v.add(p + field, "is not a known organisation");
    else if (!ok(o->type)) v.add(p + field, std::string("must be ") + what);
    else out = o->id;
  };
  org(in.care_group, "requester_care_group", c.requester_care_group_id, contracting_group,
      "a care group or health centre");
  org(in.provider, "provider_organization", c.provider_organization_id,
      [](OrgType t) { return t != OrgType::gp_practice && t != OrgType::insurer; },
      "the organisation that gives the advice (hospital, zbc, health centre or care group)");
  org(in.payer, "payer", c.payer_id, [](OrgType t) { return t != OrgType::gp_practice; },
      "the paying organisation (an insurer, usually)");
  if (in.modality) {
    if (auto m = domain::parse_enum<domain::Modality>(*in.modality)) c.modality = *m;
    else v.add(p + "modality", "must be e_consult or on_site");
  }
  if (in.valid_from) {
    if (auto d = parse_date(*in.valid_from)) c.valid_from = *d;
    else v.add(p + "valid_from", "must be a date as YYYY-MM-DD");
  } else if (creating) {
    v.add(p + "valid_from", "is required");
  }
  if (in.valid_to_given) {
    c.valid_to.reset();
    if (in.valid_to) {
      if (auto d = parse_date(*in.valid_to)) c.valid_to = *d;
      else v.add(p + "valid_to", "must be a date as YYYY-MM-DD, or null for open-ended");
    }
  }
  if (c.valid_to && std::chrono::sys_days(*c.valid_to) < std::chrono::sys_days(c.valid_from))
    v.add(p + "valid_to", "is before valid_from");
  check_cents(in.gp_fee_cents, p + "gp_fee_cents", v);
  if (in.gp_fee_cents) c.gp_fee_cents = *in.gp_fee_cents;
  else if (creating) v.add(p + "gp_fee_cents", "is required");
  check_code(in.gp_code, p + "gp_code", v);
  if (in.gp_code) c.gp_code = *in.gp_code;
  else if (creating) v.add(p + "gp_code", "is required");
  check_code(in.consultant_code, p + "consultant_code", v);
  if (in.consultant_code) c.consultant_code = *in.consultant_code;
  else if (creating) v.add(p + "consultant_code", "is required");
  if (in.fee_kind) {
    if (auto k = domain::parse_enum<domain::FeeKind>(*in.fee_kind)) c.consultant_fee_kind = *k;
    else v.add(p + "consultant_fee_kind", "must be fixed or per_minute");
  } else if (creating) {
    v.add(p + "consultant_fee_kind", "is required (fixed or per_minute)");
  }
  check_cents(in.consultant_fee_cents, p + "consultant_fee_cents", v);
  check_cents(in.cap_cents, p + "consultant_fee_cap_cents", v);
  if (in.consultant_fee_cents) c.consultant_fee_cents = *in.consultant_fee_cents;
  if (in.rate_centicents) c.consultant_rate_centicents = *in.rate_centicents;
  if (in.cap_given) c.consultant_fee_cap_cents = in.cap_cents;
  check_cents(in.session_fee_cents, p + "session_fee_cents", v);
  if (in.session_fee_given) c.session_fee_cents = in.session_fee_cents;
  if (c.session_fee_cents && c.modality != domain::Modality::on_site)
    v.add(p + "session_fee_cents", "is for an on_site contract (a fee per session), or null");
  if (c.consultant_fee_kind == domain::FeeKind::fixed) {
    if (creating && in.fee_kind && !in.consultant_fee_cents)
      v.add(p + "consultant_fee_cents", "is required for a fixed fee");
    if (in.rate_centicents || (in.cap_given && in.cap_cents))
      v.add(p + "consultant_fee_kind", "a fixed fee has no rate per minute or cap");
    c.consultant_rate_centicents = 0;
    c.consultant_fee_cap_cents.reset();
  } else {
    if (creating && !in.rate_centicents)
      v.add(p + "consultant_rate_cents_per_minute", "is required for a fee per minute");
    if (in.consultant_fee_cents) v.add(p + "consultant_fee_cents", "a fee per minute has a rate, not a fixed fee");
    c.consultant_fee_cents = 0;
  }
  if (in.deductible_applies && *in.deductible_applies)
    v.add(p + "deductible_applies",
          "must be false: a meekijkconsult is never charged to the patient's deductible (eigen risico)");
  c.deductible_applies = false;
  if (in.ref) c.ref = *in.ref;
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
