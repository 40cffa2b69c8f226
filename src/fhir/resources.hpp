#pragma once
// One function per resource file; registry() in routes.cpp lists them. Adding a resource:
// write {name}.cpp defining {name}_resource() (see registry.hpp for what a definition holds),
// declare it here, add it to registry().
#include <boost/json.hpp>

#include "domain/organization.hpp"
#include "fhir/fhir.hpp"
#include "fhir/registry.hpp"

namespace mk::fhir {

namespace json = boost::json;

// The whole surface: every resource and system interaction, in CapabilityStatement order.
Registry registry(const FhirServices& s);

// ---- directory and audit (patient.cpp, practitioner.cpp, organization.cpp, ...) ----
ResourceDefinition organization_resource(const FhirServices& s);
// The Organization resource of an organisation (also for other resources' contained/_include).
json::object organization_json(const domain::Organization& o);

// ---- the consult (service_request.cpp, task.cpp, communication.cpp, document_reference.cpp,
//      binary.cpp, transaction.cpp) ----
// (declared here as they are added)

}  // namespace mk::fhir
