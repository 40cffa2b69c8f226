#pragma once
// The resource registry: what each FHIR resource type supports, declared once. routes.cpp
// turns the registry into the route table and capability.cpp into the CapabilityStatement,
// so GET /fhir/metadata lists exactly what is routed, with exactly the search parameters that
// parse_search() accepts.
//
// A resource file (patient.cpp, task.cpp, ...) exposes one function
//     ResourceDefinition patient_resource(const FhirServices& s);
// declared in resources.hpp and listed in registry() (routes.cpp). A handler that is set is an
// interaction that exists:
//     read    GET  /fhir/{type}/{id}
//     vread   GET  /fhir/{type}/{id}/_history/{vid}
//     search  GET  /fhir/{type}   and   POST /fhir/{type}/_search (form body)
//     create  POST /fhir/{type}
//     update  PUT  /fhir/{type}/{id}
// Before a handler runs the framework has: authenticated the caller (app::authenticate, the
// JSON API's rules: bearer token, or cookie session + X-CSRF-Token on unsafe methods), checked
// Accept/_format (406) unless `negotiate` is false, checked the body's Content-Type (415) on
// create/update, checked that {id} is a valid FHIR id (else 404), and for search parsed and
// validated the parameters against `search_params` (unknown → 400, or ignored with
// Prefer: handling=lenient). Handlers throw mk::Error (or fhir::fail) for every failure.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "app/context.hpp"
#include "core/http_message.hpp"

namespace mk::fhir {

using Ctx = app::RequestContext;
struct SearchRequest;  // search.hpp

using Handler = std::function<HttpResponse(HttpRequest& req, const Ctx& ctx)>;
using SearchHandler = std::function<HttpResponse(HttpRequest& req, const Ctx& ctx, const SearchRequest& search)>;

// FHIR's SearchParamType.
enum class ParamType { number, date, string, token, reference, composite, quantity, uri, special };
const char* param_type_code(ParamType type) noexcept;

struct SearchParamDef {
  std::string name;           // "identifier", "subject", "_lastUpdated"
  ParamType type = ParamType::token;
  std::string documentation;  // shown in the CapabilityStatement
  // Modifiers accepted after a colon ("subject:identifier" → "identifier"); others are 400.
  std::vector<std::string> modifiers = {};
};

// The parameters every resource may declare with one line each.
SearchParamDef id_param();            // _id (token): comma-separated ids
SearchParamDef last_updated_param();  // _lastUpdated (date): prefixes ge/gt/le/lt/eq

enum class Versioning { no_version, versioned, versioned_update };  // CapabilityStatement codes

struct ResourceDefinition {
  std::string type;           // "Patient"
  std::string documentation;  // access rules in one sentence, for the CapabilityStatement
  std::string profile = {};   // canonical URL, when one is claimed

  Handler read;
  Handler vread;
  SearchHandler search;
  Handler create;
  Handler update;

  std::vector<SearchParamDef> search_params = {};
  std::vector<std::string> search_includes = {};  // "_include" values accepted: "Task:focus"

  Versioning versioning = Versioning::no_version;
  bool conditional_create = false;  // create honours If-None-Exist
  bool update_create = false;       // update may create (PUT to a new id)
  bool read_history = false;        // vread is served
  uint64_t body_limit = kJsonBodyLimit;  // create/update
  // False: Accept/_format are the handlers' business (Binary serves raw bytes too).
  bool negotiate = true;
};

// Whole-system interactions at POST /fhir: "transaction" (or "batch"). There is one POST /fhir:
// the first definition with a handler gets every Bundle (and dispatches on Bundle.type); the
// others only add their code to the CapabilityStatement.
struct SystemInteractionDef {
  std::string code;  // "transaction"
  std::string documentation;
  Handler handler;
  uint64_t body_limit = kJsonBodyLimit;
};

struct Registry {
  std::vector<ResourceDefinition> resources;
  std::vector<SystemInteractionDef> system;

  const ResourceDefinition* find(std::string_view type) const;
};

}  // namespace mk::fhir
