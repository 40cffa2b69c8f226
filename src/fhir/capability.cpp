#include "fhir/capability.hpp"

#include "fhir/support.hpp"

namespace mk::fhir {
namespace {

const char* versioning_code(Versioning v) {
  switch (v) {
    case Versioning::no_version: return "no-version";
    case Versioning::versioned: return "versioned";
    case Versioning::versioned_update: return "versioned-update";
  }
  return "no-version";
}

json::object resource_entry(const ResourceDefinition& r) {
  json::array interactions;
  auto add = [&](bool present, const char* code) {
    if (present) interactions.push_back(json::object{{"code", code}});
  };
  add(bool(r.read), "read");
  add(bool(r.vread), "vread");
  add(bool(r.update), "update");
  add(bool(r.create), "create");
  add(bool(r.search), "search-type");

  json::object out{{"type", r.type}};
  if (!r.profile.empty()) out["profile"] = r.profile;
  if (!r.documentation.empty()) out["documentation"] = r.documentation;
  out["interaction"] = std::move(interactions);
  out["versioning"] = versioning_code(r.versioning);
  out["readHistory"] = bool(r.vread);
  if (r.update) out["updateCreate"] = r.update_create;
  if (r.create) out["conditionalCreate"] = r.conditional_create;
  out["conditionalRead"] = "not-supported";
  if (r.update) out["conditionalUpdate"] = false;
  out["conditionalDelete"] = "not-supported";
  if (r.search) {
    json::array includes;
    for (const auto& i : r.search_includes) includes.push_back(json::string(i));
    out["searchInclude"] = std::move(includes);
    json::array params;
    for (const auto& p : r.search_params) {
      json::object param{{"name", p.name}, {"type", param_type_code(p.type)}};
      std::string doc = p.documentation;
      if (!p.modifiers.empty()) {
        doc += doc.empty() ? "Modifiers:" : " Modifiers:";
        for (const auto& m : p.modifiers) doc += " :" + m;
      }
      if (!doc.empty()) param["documentation"] = doc;
      params.push_back(std::move(param));
    }
    out["searchParam"] = std::move(params);
  }
  return out;
}

}  // namespace

json::object capability_statement(const Registry& registry, Timestamp now, const HttpRequest& req) {
  json::array resources;
  for (const auto& r : registry.resources) resources.push_back(resource_entry(r));
  json::array system;
  for (const auto& s : registry.system) {
    json::object i{{"code", s.code}};
    if (!s.documentation.empty()) i["documentation"] = s.documentation;
    system.push_back(std::move(i));
  }
  json::object rest{
      {"mode", "server"},
      {"documentation",
       "Same access rules and audit as the JSON API: a resource the caller may not see answers 404. "
       "Paging: follow link next (opaque cursor); _count defaults to 20, at most 100. Unknown search "
       "parameters answer 400 unless Prefer: handling=lenient."},
      {"security",
       json::object{{"cors", false},
                    {"description",
                     "Authorization: Bearer <token> (meekijk token create), or the web app's session cookie with "
                     "X-CSRF-Token on unsafe methods. GET /fhir/metadata needs no login."}}},
      {"resource", std::move(resources)},
      {"interaction", std::move(system)}};
  return json::object{
      {"resourceType", "CapabilityStatement"},
      {"status", "active"},
      {"date", instant(now)},
      {"publisher", "meekijk"},
      {"kind", "instance"},
      {"software", json::object{{"name", "meekijk"}}},
      {"implementation", json::object{{"description", "meekijk FHIR R4 interface"}, {"url", base_url(req)}}},
      {"fhirVersion", kFhirVersion},
      {"format", json::array{"json"}},
      {"rest", json::array{std::move(rest)}},
  };
}

}  // namespace mk::fhir
