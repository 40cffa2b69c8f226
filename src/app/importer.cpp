#include "app/importer.hpp"

#include <map>
#include <set>

#include "app/auth.hpp"
#include "app/billing.hpp"
#include "app/reports.hpp"
#include "app/intake_input.hpp"
#include "app/json_input.hpp"
#include "domain/identifiers.hpp"

namespace mk::app {
namespace {

using domain::parse_enum;

struct Parsed {
  std::vector<domain::Organization> orgs;
  std::vector<std::string> org_parent_refs;
  std::vector<domain::Service> services;
  std::vector<std::vector<std::string>> service_accepts;
  std::vector<std::string> service_org_refs;
  std::vector<bool> service_intake_given;  // absent: a re-import keeps the coordinator's form
  std::vector<domain::User> users;
  std::vector<std::string> user_org_refs, user_passwords;
  std::vector<std::vector<std::string>> user_service_refs;
  std::vector<ContractInput> contracts;
  std::optional<std::vector<std::pair<std::string, int64_t>>> referral_costs;
};

template <class E>
E enum_field(JsonFields& f, std::string_view key, E fallback, bool required) {
  auto t = f.text(key);
  if (!t) {
    if (required) f.validation().add(f.path(key), "is required");
    return fallback;
  }
  if (auto e = parse_enum<E>(*t)) return *e;
  f.validation().add(f.path(key), "unknown value '" + *t + "'");
  return fallback;
}

std::string required(JsonFields& f, std::string_view key) {
  auto t = f.text(key);
  if (!t || t->empty()) f.validation().add(f.path(key), "is required");
  return t.value_or("");
}

void parse_orgs(const boost::json::array& list, Parsed& p, Validation& v) {
  for (size_t i = 0; i < list.size(); ++i) {
    std::string prefix = "organizations[" + std::to_string(i) + "].";
    if (!list[i].is_object()) { v.add(prefix, "must be an object"); continue; }
    JsonFields f(list[i].as_object(), prefix, v);
    f.only({"ref", "name", "type", "agb", "part_of", "postcode"});
    domain::Organization o;
    o.ref = required(f, "ref");
    o.name = required(f, "name");
    o.type = enum_field(f, "type", domain::OrgType::gp_practice, true);
    o.agb = f.text("agb").value_or("");
    if (!o.agb.empty() && !domain::valid_agb(o.agb)) v.add(f.path("agb"), "must be 8 digits");
    if (auto pc = f.text("postcode")) {
      if (auto n = domain::normalise_postcode(*pc)) o.postcode = *n;
      else v.add(f.path("postcode"), "is not a Dutch postcode");
    }
    p.org_parent_refs.push_back(f.text("part_of").value_or(""));
    p.orgs.push_back(std::move(o));
  }
}

void parse_services(const boost::json::array& list, Parsed& p, Validation& v) {
  for (size_t i = 0; i < list.size(); ++i) {
    std::string prefix = "services[" + std::to_string(i) + "].";
    if (!list[i].is_object()) { v.add(prefix, "must be an object"); continue; }
    JsonFields f(list[i].as_object(), prefix, v);
    f.only({"ref", "organization", "specialty", "name", "modalities", "response_days", "routing", "accepts", "active",
            "intake"});
    domain::Service s;
    s.ref = required(f, "ref");
    p.service_org_refs.push_back(required(f, "organization"));
    s.specialty = required(f, "specialty");
    s.name = required(f, "name");
    for (const auto& m : f.texts("modalities").value_or(std::vector<std::string>{"e_consult"})) {
      if (auto e = parse_enum<domain::Modality>(m)) s.modalities.push_back(*e);
      else v.add(f.path("modalities"), "unknown modality '" + m + "'");
    }
    s.response_days = static_cast<int>(f.integer("response_days").value_or(2));
    if (s.response_days < 0 || s.response_days > 60) v.add(f.path("response_days"), "must be 0 to 60");
    s.routing = enum_field(f, "routing", domain::Routing::pool, false);
    s.active = f.boolean("active").value_or(true);
    p.service_accepts.push_back(f.texts("accepts").value_or(std::vector<std::string>{}));
    auto intake = intake_form(f, "intake");
    p.service_intake_given.push_back(intake.has_value());
    if (intake) s.intake = std::move(*intake);
    p.services.push_back(std::move(s));
  }
}

void parse_users(const boost::json::array& list, Parsed& p, Validation& v) {
  for (size_t i = 0; i < list.size(); ++i) {
    std::string prefix = "users[" + std::to_string(i) + "].";
    if (!list[i].is_object()) { v.add(prefix, "must be an object"); continue; }
    JsonFields f(list[i].as_object(), prefix, v);
    f.only({"ref", "email", "name", "role", "organization", "agb", "services", "password", "active"});
    domain::User u;
    u.ref = required(f, "ref");
    u.email = normalise_email(required(f, "email"));
    if (!u.email.empty() && u.email.find('@') == std::string::npos) v.add(f.path("email"), "is not an e-mail address");
    u.name = required(f, "name");
    u.role = enum_field(f, "role", domain::Role::gp, true);
    u.agb = f.text("agb").value_or("");
    if (!u.agb.empty() && !domain::valid_agb(u.agb)) v.add(f.path("agb"), "must be 8 digits");
    u.active = f.boolean("active").value_or(true);
    p.user_org_refs.push_back(required(f, "organization"));
    p.user_service_refs.push_back(f.texts("services").value_or(std::vector<std::string>{}));
    auto pw = f.text("password").value_or("");
    if (!pw.empty() && pw.size() < 10) v.add(f.path("password"), "must be at least 10 characters");
    p.user_passwords.push_back(pw);
    p.users.push_back(std::move(u));
  }
}

Parsed parse(std::string_view text, ImportReport& report) {
  auto root = parse_json_object(text);
  Validation v;
  JsonFields top(root, "", v);
  for (const auto& kv : root)
    if (kv.key() != "organizations" && kv.key() != "services" && kv.key() != "users" && kv.key() != "contracts" &&
        kv.key() != "referral_costs")
      report.warnings.push_back("'" + std::string(kv.key()) + "' is not imported by this version and was skipped");
  Parsed p;
  if (auto a = top.array("organizations")) parse_orgs(*a, p, v);
  if (auto a = top.array("services")) parse_services(*a, p, v);
  if (auto a = top.array("users")) parse_users(*a, p, v);
  if (auto o = top.object("referral_costs")) {
    // {"dermatology": 18000, "*": 15000}: the average cost of a referral per specialty, in cents.
    p.referral_costs.emplace();
    for (const auto& kv : *o) {
      std::string path = "referral_costs." + std::string(kv.key());
      if (!kv.value().is_int64() || kv.value().as_int64() < 0 || kv.value().as_int64() > 100'000'000)
        v.add(path, "must be a whole number of cents, 0 to 100000000");
      else
        p.referral_costs->emplace_back(std::string(kv.key()), kv.value().as_int64());
    }
  }
  if (auto a = top.array("contracts")) {
    for (size_t i = 0; i < a->size(); ++i) {
      std::string prefix = "contracts[" + std::to_string(i) + "].";
      if (!(*a)[i].is_object()) v.add(prefix, "must be an object");
      else p.contracts.push_back(read_contract_input((*a)[i].as_object(), prefix, true, v));
    }
  }
  v.throw_if_any("The import file has problems");
  return p;
}

// Parents are saved before their children (foreign keys); a cycle is an error.
std::vector<const domain::Organization*> parents_first(const std::vector<domain::Organization>& orgs, Validation& v) {
  std::vector<const domain::Organization*> out;
  std::set<std::string> placed;
  std::set<std::string> in_file;
  for (const auto& o : orgs) in_file.insert(o.id.str());
  while (out.size() < orgs.size()) {
    size_t before = out.size();
    for (const auto& o : orgs) {
      if (placed.count(o.id.str())) continue;
      if (o.part_of && in_file.count(o.part_of->str()) && !placed.count(o.part_of->str())) continue;
      out.push_back(&o);
      placed.insert(o.id.str());
    }
    if (out.size() == before) {
      v.add("organizations", "part_of forms a cycle");
      break;
    }
  }
  return out;
}

}  // namespace

ImportReport Importer::import_json(std::string_view text) {
  ImportReport report;
  Parsed p = parse(text, report);
  // Hash passwords before the transaction: argon2id is slow on purpose, and the writer must
  // not wait for it. An unchanged password keeps its stored hash (a re-import changes nothing).
  std::vector<std::string> hashes(p.users.size());
  auto existing_hashes = store_.read([&](store::ReadTx& tx) {
    std::vector<std::string> out;
    for (const auto& u : p.users) {
      auto e = tx.user_by_ref(u.ref);
      out.push_back(e ? e->password_hash : "");
    }
    return out;
  });
  for (size_t i = 0; i < p.users.size(); ++i) {
    const auto& pw = p.user_passwords[i];
    if (pw.empty()) continue;
    bool same = !existing_hashes[i].empty() && verify_password(existing_hashes[i], pw);
    hashes[i] = same ? existing_hashes[i] : hash_password(pw, cost_);
  }

  store_.write([&](store::WriteTx& tx) {
    ImportReport r;  // rebuilt on every run of the transaction
    r.warnings = report.warnings;
    Validation v;
    std::map<std::string, OrgId> orgs;
    for (const auto& o : tx.organizations()) orgs[o.ref] = o.id;
    auto resolve_org = [&](const std::string& ref, std::string field) -> std::optional<OrgId> {
      auto it = orgs.find(ref);
      if (it == orgs.end()) { v.add(std::move(field), "unknown organisation ref '" + ref + "'"); return std::nullopt; }
      return it->second;
    };
    std::set<std::string> seen;
    for (size_t i = 0; i < p.orgs.size(); ++i) {
      auto& o = p.orgs[i];
      if (!seen.insert("o:" + o.ref).second) v.add("organizations[" + std::to_string(i) + "].ref", "appears twice");
      auto existing = tx.organization_by_ref(o.ref);
      o.id = existing ? existing->id : ids_.make<OrgId>();
      (existing ? r.organizations_updated : r.organizations_created)++;
      orgs[o.ref] = o.id;
    }
    for (size_t i = 0; i < p.orgs.size(); ++i) {
      auto& o = p.orgs[i];
      if (!p.org_parent_refs[i].empty())
        o.part_of = resolve_org(p.org_parent_refs[i], "organizations[" + std::to_string(i) + "].part_of");
      if (o.part_of && *o.part_of == o.id) v.add("organizations[" + std::to_string(i) + "].part_of", "is itself");
    }
    std::map<std::string, ServiceId> services;
    for (const auto& s : tx.services()) services[s.ref] = s.id;
    for (size_t i = 0; i < p.services.size(); ++i) {
      auto& s = p.services[i];
      std::string prefix = "services[" + std::to_string(i) + "].";
      auto existing = tx.service_by_ref(s.ref);
      s.id = existing ? existing->id : ids_.make<ServiceId>();
      if (existing && !p.service_intake_given[i]) s.intake = existing->intake;
      (existing ? r.services_updated : r.services_created)++;
      services[s.ref] = s.id;
      if (auto org = resolve_org(p.service_org_refs[i], prefix + "organization")) s.organization_id = *org;
      for (const auto& a : p.service_accepts[i])
        if (auto org = resolve_org(a, prefix + "accepts")) s.accepts.push_back(*org);
    }
    for (size_t i = 0; i < p.users.size(); ++i) {
      auto& u = p.users[i];
      std::string prefix = "users[" + std::to_string(i) + "].";
      auto existing = tx.user_by_ref(u.ref);
      auto by_email = tx.user_by_email(u.email);
      if (by_email && by_email->ref != u.ref) v.add(prefix + "email", "belongs to another user");
      u.id = existing ? existing->id : ids_.make<UserId>();
      (existing ? r.users_updated : r.users_created)++;
      if (auto org = resolve_org(p.user_org_refs[i], prefix + "organization")) u.organization_id = *org;
      for (const auto& ref : p.user_service_refs[i]) {
        auto it = services.find(ref);
        if (it == services.end()) v.add(prefix + "services", "unknown service ref '" + ref + "'");
        else u.services.push_back(it->second);
      }
      if (existing) u.totp_secret = existing->totp_secret;
      if (!hashes[i].empty()) u.password_hash = hashes[i];
      else if (existing) u.password_hash = existing->password_hash;
    }
    auto ordered = parents_first(p.orgs, v);
    v.throw_if_any("The import file has problems");
    for (const auto* o : ordered) tx.save_organization(*o);
    for (const auto& s : p.services) tx.save_service(s);
    for (const auto& u : p.users) tx.save_user(u);
    // Contracts last: they name organisations of this file. Matched by ref; a contract that
    // overlaps another of the same pair is refused by the store (Error{conflict}).
    auto now = clock_ ? clock_->now() : SystemClock().now();
    auto by_ref = [&](const std::string& ref) -> std::optional<domain::Organization> {
      auto it = orgs.find(ref);
      if (it == orgs.end()) return std::nullopt;
      for (const auto& o : p.orgs)
        if (o.id == it->second) return o;
      return tx.organization(it->second);
    };
    for (const auto& in : p.contracts) {
      if (!in.ref || in.ref->empty()) { v.add(in.prefix + "ref", "is required"); continue; }
      auto existing = tx.contract_by_ref(*in.ref);
      domain::Contract c = existing ? *existing : domain::Contract{};
      if (!existing) c.id = ids_.make<ContractId>();
      apply_contract(c, in, !existing, by_ref, v);
      c.version = existing ? existing->version + 1 : 1;
      c.updated_at = now;
      if (!v.errors().empty()) continue;
      tx.save_contract(c);
      (existing ? r.contracts_updated : r.contracts_created)++;
    }
    v.throw_if_any("The import file has problems");
    if (p.referral_costs) set_referral_costs(tx, *p.referral_costs);
    report = r;
  });
  return report;
}

}  // namespace mk::app
