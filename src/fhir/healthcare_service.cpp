// HealthcareService: what a department or kader pool offers (DESIGN §5). Directory data,
// readable by every logged-in user like GET /api/v1/services (inactive services only for
// coordinators and the regional admin).
#include "app/directory.hpp"
#include "fhir/resources.hpp"
#include "fhir/search.hpp"
#include "fhir/support.hpp"

namespace mk::fhir {
namespace {

std::string system_of(std::string_view name) { return std::string(kCodeSystemBase) + std::string(name); }

}  // namespace

json::object healthcare_service_json(const app::ServiceView& v) {
  const auto& s = v.service;
  json::array characteristics{codeable(system_of("routing"), domain::to_string(s.routing))};
  for (auto m : s.modalities) characteristics.push_back(codeable(system_of("modality"), domain::to_string(m)));
  json::array ids;
  if (!s.ref.empty()) ids.push_back(identifier(kRefSystem, s.ref));
  json::object out{
      {"resourceType", "HealthcareService"},
      {"id", s.id.str()},
      {"extension",
       json::array{json::object{{"url", std::string(kExtensionBase) + "response-days"}, {"valueInteger", s.response_days}}}},
      {"identifier", std::move(ids)},
      {"active", s.active},
      {"providedBy", reference("Organization", s.organization_id.str(), v.organization_name)},
      {"specialty", json::array{codeable(system_of("specialty"), s.specialty)}},
      {"name", s.name},
      {"characteristic", std::move(characteristics)},
  };
  return out;
}

ResourceDefinition healthcare_service_resource(const FhirServices& s) {
  auto& directory = s.directory;
  ResourceDefinition def;
  def.type = "HealthcareService";
  def.documentation =
      "Services of hospitals, ZBCs and kader pools. characteristic: routing (pool|direct) and modalities "
      "(e_consult|on_site); extension response-days: working days to the first answer.";
  def.read = [&directory](HttpRequest& req, const Ctx& ctx) {
    for (const auto& v : directory.services(ctx))
      if (v.service.id.str() == req.param("id")) return resource_response(200, healthcare_service_json(v));
    throw Error(Errc::not_found, "Not found", "No HealthcareService with this id");
  };
  def.search_params = {
      id_param(),
      {"identifier", ParamType::token, "Import ref (" + std::string(kRefSystem) + ")"},
      {"name", ParamType::string, "Start of the name, case-insensitive", {"exact", "contains"}},
      {"organization", ParamType::reference, "The providing Organization/{id}"},
      {"specialty", ParamType::token, "Specialty code (" + system_of("specialty") + "): dermatology, cardiology, ..."},
      {"active", ParamType::token, "true | false"},
      {"characteristic", ParamType::token, "routing (pool, direct) or modality (e_consult, on_site)"},
  };
  def.search = [&directory](HttpRequest& req, const Ctx& ctx, const SearchRequest& search) {
    std::vector<json::object> matches;
    for (const auto& v : directory.services(ctx)) {
      const auto& sv = v.service;
      std::vector<std::pair<std::string, std::string>> chars{{system_of("routing"), std::string(domain::to_string(sv.routing))}};
      for (auto m : sv.modalities) chars.emplace_back(system_of("modality"), std::string(domain::to_string(m)));
      bool ok =
          all_match(search, "_id", [&](const SearchCriterion& c) { return token_matches(c, {{"", sv.id.str()}}); }) &&
          all_match(search, "identifier", [&](const SearchCriterion& c) { return token_matches(c, {{std::string(kRefSystem), sv.ref}}); }) &&
          all_match(search, "name", [&](const SearchCriterion& c) { return string_matches(c, sv.name); }) &&
          all_match(search, "organization",
                    [&](const SearchCriterion& c) { return reference_matches(c, "Organization", sv.organization_id.str()); }) &&
          all_match(search, "specialty",
                    [&](const SearchCriterion& c) { return token_matches(c, {{system_of("specialty"), sv.specialty}}); }) &&
          all_match(search, "active",
                    [&](const SearchCriterion& c) { return token_matches(c, {{"", sv.active ? "true" : "false"}}); }) &&
          all_match(search, "characteristic", [&](const SearchCriterion& c) { return token_matches(c, chars); });
      if (ok) matches.push_back(healthcare_service_json(v));
    }
    Searchset set(req, search);
    add_page(set, std::move(matches), search);
    return set.response();
  };
  return def;
}

}  // namespace mk::fhir
