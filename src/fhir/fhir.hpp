#pragma once
// The FHIR R4 surface under /fhir (docs/fhir.md): one registry of resource definitions from
// which both the route table and GET /fhir/metadata are generated (registry.hpp).
//
// Wiring: cli::Runtime appends fhir_routes() to the API's routes. Every route carries
// Route::render_error, so every error under /fhir — also unknown paths, 405, 413, malformed
// bodies, a busy server — is an OperationOutcome (outcome.hpp), never problem+json.
#include <vector>

#include "app/audit_log.hpp"
#include "app/auth.hpp"
#include "app/consults.hpp"
#include "app/directory.hpp"
#include "core/clock.hpp"
#include "core/http_message.hpp"

namespace mk::fhir {

// The use cases the resources call; owned by the composition root, outlive the routes.
struct FhirServices {
  app::Auth& auth;
  app::Consults& consults;
  app::Directory& directory;
  app::AuditLog& audit_log;
  const Clock& clock;
};

std::vector<Route> fhir_routes(const FhirServices& services);

}  // namespace mk::fhir
