// Practitioner and PractitionerRole: the region's users (one PractitionerRole per user, same
// id). Name, AGB and import ref; the role, organisation and services on the PractitionerRole.
// Never e-mail, password or TOTP data. Readable by every logged-in role except the desk's
// (app::Directory::practitioners).
#include <algorithm>
#include <map>

#include "app/directory.hpp"
#include "fhir/resources.hpp"
#include "fhir/search.hpp"
#include "fhir/support.hpp"

namespace mk::fhir {
namespace {

std::vector<std::pair<std::string, std::string>> identifiers(const domain::User& u) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!u.agb.empty()) out.emplace_back(kAgbSystem, u.agb);
  if (!u.ref.empty()) out.emplace_back(kRefSystem, u.ref);
  return out;
}

std::string role_system() { return std::string(kCodeSystemBase) + "role"; }

const domain::User& find_user(const std::vector<domain::User>& users, const std::string& id, const char* type) {
  auto it = std::find_if(users.begin(), users.end(), [&](const domain::User& u) { return u.id.str() == id; });
  if (it == users.end()) throw Error(Errc::not_found, "Not found", std::string("No ") + type + " with this id");
  return *it;
}

// Pages `users` (in name order) into a searchset of what `render` makes of those that `keep`.
template <class Keep, class Render>
HttpResponse search_users(HttpRequest& req, const SearchRequest& search, const std::vector<domain::User>& users,
                          Keep&& keep, Render&& render) {
  std::vector<json::object> matches;
  for (const auto& u : users)
    if (keep(u)) matches.push_back(render(u));
  Searchset set(req, search);
  add_page(set, std::move(matches), search);
  return set.response();
}

}  // namespace

json::object practitioner_json(const domain::User& u) {
  json::array ids;
  for (const auto& [system, value] : identifiers(u)) ids.push_back(identifier(system, value));
  return json::object{{"resourceType", "Practitioner"},
                      {"id", u.id.str()},
                      {"identifier", std::move(ids)},
                      {"active", u.active},
                      {"name", json::array{json::object{{"text", u.name}}}}};
}

json::object practitioner_role_json(const domain::User& u, const std::map<ServiceId, domain::Service>& services) {
  std::string role(domain::to_string(u.role));
  json::array service_refs, specialties;
  for (const auto& id : u.services) {
    auto it = services.find(id);
    service_refs.push_back(reference("HealthcareService", id.str(), it == services.end() ? "" : it->second.name));
    if (it != services.end() && !it->second.specialty.empty()) {
      json::object sp = codeable(std::string(kCodeSystemBase) + "specialty", it->second.specialty);
      if (std::find(specialties.begin(), specialties.end(), json::value(sp)) == specialties.end())
        specialties.push_back(std::move(sp));
    }
  }
  return json::object{{"resourceType", "PractitionerRole"},
                      {"id", u.id.str()},
                      {"active", u.active},
                      {"practitioner", reference("Practitioner", u.id.str(), u.name)},
                      {"organization", reference("Organization", u.organization_id.str())},
                      {"code", json::array{codeable(role_system(), role)}},
                      {"specialty", std::move(specialties)},
                      {"healthcareService", std::move(service_refs)}};
}

ResourceDefinition practitioner_resource(const FhirServices& s) {
  auto& directory = s.directory;
  ResourceDefinition def;
  def.type = "Practitioner";
  def.documentation =
      "The region's users: name, AGB and import ref only. Every logged-in role except the desk's may read them.";
  def.read = [&directory](HttpRequest& req, const Ctx& ctx) {
    auto users = directory.practitioners(ctx);
    return resource_response(200, practitioner_json(find_user(users, req.param("id"), "Practitioner")));
  };
  def.search_params = {
      id_param(),
      {"identifier", ParamType::token, "AGB (" + std::string(kAgbSystem) + ") or import ref (" + std::string(kRefSystem) + ")"},
      {"name", ParamType::string, "Start of the name, case-insensitive", {"exact", "contains"}},
  };
  def.search = [&directory](HttpRequest& req, const Ctx& ctx, const SearchRequest& search) {
    return search_users(
        req, search, directory.practitioners(ctx),
        [&](const domain::User& u) {
          return all_match(search, "_id", [&](const SearchCriterion& c) { return token_matches(c, {{"", u.id.str()}}); }) &&
                 all_match(search, "identifier",
                           [&](const SearchCriterion& c) { return token_matches(c, identifiers(u)); }) &&
                 all_match(search, "name", [&](const SearchCriterion& c) { return string_matches(c, u.name); });
        },
        practitioner_json);
  };
  return def;
}

ResourceDefinition practitioner_role_resource(const FhirServices& s) {
  auto& directory = s.directory;
  // The services' names and specialties (Directory::services shows what the caller may see).
  auto services_of = [&directory](const Ctx& ctx) {
    std::map<ServiceId, domain::Service> out;
    for (auto& v : directory.services(ctx)) out.emplace(v.service.id, v.service);
    return out;
  };
  ResourceDefinition def;
  def.type = "PractitionerRole";
  def.documentation =
      "One per user (same id as the Practitioner): role code (" + role_system() +
      "), organisation, services. Every logged-in role except the desk's may read them.";
  def.read = [&directory, services_of](HttpRequest& req, const Ctx& ctx) {
    auto users = directory.practitioners(ctx);
    return resource_response(200,
                             practitioner_role_json(find_user(users, req.param("id"), "PractitionerRole"), services_of(ctx)));
  };
  def.search_params = {
      id_param(),
      {"practitioner", ParamType::reference, "Practitioner/{id}"},
      {"organization", ParamType::reference, "Organization/{id}"},
      {"role", ParamType::token, "Role code: gp, assistant, consultant, coordinator, privacy_officer, ..."},
      {"service", ParamType::reference, "HealthcareService/{id}"},
  };
  def.search = [&directory, services_of](HttpRequest& req, const Ctx& ctx, const SearchRequest& search) {
    auto services = services_of(ctx);
    return search_users(
        req, search, directory.practitioners(ctx),
        [&](const domain::User& u) {
          return all_match(search, "_id", [&](const SearchCriterion& c) { return token_matches(c, {{"", u.id.str()}}); }) &&
                 all_match(search, "practitioner",
                           [&](const SearchCriterion& c) { return reference_matches(c, "Practitioner", u.id.str()); }) &&
                 all_match(search, "organization",
                           [&](const SearchCriterion& c) {
                             return reference_matches(c, "Organization", u.organization_id.str());
                           }) &&
                 all_match(search, "role",
                           [&](const SearchCriterion& c) {
                             return token_matches(c, {{role_system(), std::string(domain::to_string(u.role))}});
                           }) &&
                 all_match(search, "service", [&](const SearchCriterion& c) {
                   return std::any_of(u.services.begin(), u.services.end(), [&](const ServiceId& id) {
                     return reference_matches(c, "HealthcareService", id.str());
                   });
                 });
        },
        [&](const domain::User& u) { return practitioner_role_json(u, services); });
  };
  return def;
}

}  // namespace mk::fhir
