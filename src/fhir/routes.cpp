// The route table of /fhir, generated from the registry: the same definitions give
// GET /fhir/metadata, so the CapabilityStatement lists exactly what is routed here.
#include <memory>

#include "app/request_auth.hpp"
#include "fhir/capability.hpp"
#include "fhir/fhir.hpp"
#include "fhir/outcome.hpp"
#include "fhir/resources.hpp"
#include "fhir/search.hpp"
#include "fhir/support.hpp"

namespace mk::fhir {
namespace {

using Raw = std::function<HttpResponse(HttpRequest&)>;

struct Checks {
  bool negotiate = true;  // Accept / _format (406)
  bool body = false;      // Content-Type of the body (415)
  bool id = false;        // {id} is a FHIR id (else 404)
};

Raw guarded(app::Auth& auth, Handler handler, Checks checks) {
  return [&auth, handler = std::move(handler), checks](HttpRequest& req) {
    auto ctx = app::authenticate(auth, req);
    if (checks.negotiate) require_fhir_json_accepted(req);
    if (checks.id && !valid_id(req.param("id")))
      throw Error(Errc::not_found, "Not found", "No resource with this id");
    if (checks.body) require_fhir_json_body(req);
    return handler(req, ctx);
  };
}

// GET /fhir/{type} and POST /fhir/{type}/_search (form body, parameters added to the query).
Handler search_handler(std::shared_ptr<const ResourceDefinition> def, bool form) {
  return [def, form](HttpRequest& req, const Ctx& ctx) {
    if (form) {
      auto type = req.header("content-type").value_or("");
      if (!type.starts_with("application/x-www-form-urlencoded"))
        fail(Errc::unsupported_media_type, "not-supported", "Unsupported media type",
             "POST _search takes application/x-www-form-urlencoded parameters");
      auto params = parse_form(req.body);
      if (!params) fail(Errc::bad_request, "invalid", "Malformed form body");
      for (auto& p : *params) req.query.push_back(std::move(p));
    }
    SearchRequest search = parse_search(*def, req);
    return def->search(req, ctx, search);
  };
}

}  // namespace

Registry registry(const FhirServices& s) {
  Registry r;
  // The consult (ServiceRequest, Task, Communication, DocumentReference, Binary, transaction).
  r.resources.push_back(service_request_resource(s));
  r.resources.push_back(task_resource(s));
  r.resources.push_back(communication_resource(s));
  r.resources.push_back(document_reference_resource(s));
  r.resources.push_back(binary_resource(s));
  r.system.push_back(transaction_interaction(s));
  // The directory and the audit log.
  r.resources.push_back(patient_resource(s));
  r.resources.push_back(practitioner_resource(s));
  r.resources.push_back(practitioner_role_resource(s));
  r.resources.push_back(organization_resource(s));
  r.resources.push_back(healthcare_service_resource(s));
  r.resources.push_back(audit_event_resource(s));
  return r;
}

std::vector<Route> fhir_routes(const FhirServices& s) {
  auto reg = std::make_shared<const Registry>(registry(s));
  auto& auth = s.auth;
  const Clock& clock = s.clock;
  ErrorRenderer render = outcome_response;
  std::vector<Route> routes;
  auto add = [&](const char* method, std::string pattern, BodyKind body, uint64_t limit, Raw handler) {
    routes.push_back(Route{method, std::move(pattern), body, limit, std::move(handler), render});
  };

  add("GET", "/fhir/metadata", BodyKind::none, 0, [reg, &clock](HttpRequest& req) {
    require_fhir_json_accepted(req);
    return json_response(200, capability_statement(*reg, clock.now(), req));
  });

  for (const auto& r : reg->resources) {
    auto def = std::shared_ptr<const ResourceDefinition>(reg, &r);
    std::string base = "/fhir/" + r.type;
    bool n = r.negotiate;
    if (r.read) add("GET", base + "/{id}", BodyKind::none, 0, guarded(auth, r.read, {n, false, true}));
    if (r.vread)
      add("GET", base + "/{id}/_history/{vid}", BodyKind::none, 0, guarded(auth, r.vread, {n, false, true}));
    if (r.search) {
      add("GET", base, BodyKind::none, 0, guarded(auth, search_handler(def, false), {n, false, false}));
      add("POST", base + "/_search", BodyKind::json, kJsonBodyLimit,
          guarded(auth, search_handler(def, true), {n, false, false}));
    }
    if (r.create) add("POST", base, BodyKind::json, r.body_limit, guarded(auth, r.create, {n, true, false}));
    if (r.update) add("PUT", base + "/{id}", BodyKind::json, r.body_limit, guarded(auth, r.update, {n, true, true}));
  }
  // One POST /fhir for all system interactions: the first one's handler takes every Bundle.
  for (const auto& sys : reg->system) {
    if (!sys.handler) continue;
    add("POST", "/fhir", BodyKind::json, sys.body_limit, guarded(auth, sys.handler, {true, true, false}));
    // [base]/ as well: clients that join the base and an empty path (fhir-kit-client's
    // transaction()) post there.
    add("POST", "/fhir/", BodyKind::json, sys.body_limit, guarded(auth, sys.handler, {true, true, false}));
    break;
  }
  return routes;
}

}  // namespace mk::fhir
