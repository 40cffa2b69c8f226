// Organization: the region's organisations (practices, care groups, hospitals, ZBCs, insurers,
// municipalities, the region office). Directory data without patient data: every logged-in
// caller may read and search them, as GET /api/v1/organizations.
#include "app/directory.hpp"
#include "fhir/resources.hpp"
#include "fhir/search.hpp"
#include "fhir/support.hpp"

namespace mk::fhir {
namespace {

// HL7's organization-type for each of ours (ours is the first coding).
std::string_view hl7_type(domain::OrgType t) {
  using T = domain::OrgType;
  switch (t) {
    case T::gp_practice:
    case T::health_centre:
    case T::hospital:
    case T::zbc: return "prov";
    case T::care_group: return "team";
    case T::insurer: return "ins";
    case T::municipality:
    case T::region_office: return "govt";
    case T::social_domain: return "cg";
  }
  return "other";
}

std::vector<std::pair<std::string, std::string>> identifiers(const domain::Organization& o) {
  std::vector<std::pair<std::string, std::string>> out;
  if (!o.agb.empty()) out.emplace_back(kAgbSystem, o.agb);
  if (!o.ref.empty()) out.emplace_back(kRefSystem, o.ref);
  return out;
}

}  // namespace

json::object organization_json(const domain::Organization& o) {
  json::array ids;
  for (const auto& [system, value] : identifiers(o)) ids.push_back(identifier(system, value));
  std::string type(domain::to_string(o.type));
  json::object out{
      {"resourceType", "Organization"},
      {"id", o.id.str()},
      {"identifier", std::move(ids)},
      {"active", true},
      {"type", json::array{json::object{
                   {"coding", json::array{coding(std::string(kCodeSystemBase) + "organization-type", type),
                                          coding("http://terminology.hl7.org/CodeSystem/organization-type",
                                                 hl7_type(o.type))}}}}},
      {"name", o.name},
  };
  if (o.part_of) out["partOf"] = reference("Organization", o.part_of->str());
  if (!o.postcode.empty()) out["address"] = json::array{json::object{{"postalCode", o.postcode}, {"country", "NL"}}};
  return out;
}

ResourceDefinition organization_resource(const FhirServices& s) {
  auto& directory = s.directory;
  ResourceDefinition def;
  def.type = "Organization";
  def.documentation = "The region's organisations; readable by every logged-in user (no patient data).";
  def.read = [&directory](HttpRequest& req, const Ctx& ctx) {
    for (const auto& o : directory.organizations(ctx))
      if (o.id.str() == req.param("id")) return resource_response(200, organization_json(o));
    throw Error(Errc::not_found, "Not found", "No Organization with this id");
  };
  def.search_params = {
      id_param(),
      {"identifier", ParamType::token, "AGB (" + std::string(kAgbSystem) + ") or import ref (" + std::string(kRefSystem) + ")"},
      {"name", ParamType::string, "Start of the name, case-insensitive", {"exact", "contains"}},
      {"type", ParamType::token, "Organisation type: our code (gp_practice, hospital, ...) or HL7's (prov, ins, ...)"},
      {"partof", ParamType::reference, "The parent organisation (Organization/id)"},
  };
  def.search = [&directory](HttpRequest& req, const Ctx& ctx, const SearchRequest& search) {
    std::vector<json::object> matches;
    for (const auto& o : directory.organizations(ctx)) {
      std::string type(domain::to_string(o.type));
      bool ok =
          all_match(search, "_id", [&](const SearchCriterion& c) { return token_matches(c, {{"", o.id.str()}}); }) &&
          all_match(search, "identifier", [&](const SearchCriterion& c) { return token_matches(c, identifiers(o)); }) &&
          all_match(search, "name", [&](const SearchCriterion& c) { return string_matches(c, o.name); }) &&
          all_match(search, "type",
                    [&](const SearchCriterion& c) {
                      return token_matches(c, {{std::string(kCodeSystemBase) + "organization-type", type},
                                               {"http://terminology.hl7.org/CodeSystem/organization-type",
                                                std::string(hl7_type(o.type))}});
                    }) &&
          all_match(search, "partof", [&](const SearchCriterion& c) {
            return o.part_of && reference_matches(c, "Organization", o.part_of->str());
          });
      if (ok) matches.push_back(organization_json(o));
    }
    Searchset set(req, search);
    add_page(set, std::move(matches), search);
    return set.response();
  };
  return def;
}

}  // namespace mk::fhir
