// Contracts as input (the API body and the import file's `contracts` section): reading the JSON
// fields, naming every wrong one, and applying them to a contract (app/billing.hpp).
#include <cmath>

#include "app/billing.hpp"
#include "app/json_input.hpp"

namespace mk::app {
namespace {

using domain::Contract;
using domain::OrgType;

constexpr int64_t kMaxCents = 100'000'00;  // € 100.000 per line: beyond any real tariff
constexpr size_t kMaxCodeLength = 20;

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

}  // namespace mk::app
