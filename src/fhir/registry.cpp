#include "fhir/registry.hpp"

namespace mk::fhir {

const char* param_type_code(ParamType type) noexcept {
  switch (type) {
    case ParamType::number: return "number";
    case ParamType::date: return "date";
    case ParamType::string: return "string";
    case ParamType::token: return "token";
    case ParamType::reference: return "reference";
    case ParamType::composite: return "composite";
    case ParamType::quantity: return "quantity";
    case ParamType::uri: return "uri";
    case ParamType::special: return "special";
  }
  return "special";
}

SearchParamDef id_param() {
  return {"_id", ParamType::token, "Logical id of the resource; comma-separated ids match any of them"};
}

SearchParamDef last_updated_param() {
  return {"_lastUpdated", ParamType::date,
          "When the resource last changed (meta.lastUpdated); prefixes ge, gt, le, lt, eq; repeat for a range"};
}

const ResourceDefinition* Registry::find(std::string_view type) const {
  for (const auto& r : resources)
    if (r.type == type) return &r;
  return nullptr;
}

}  // namespace mk::fhir
