#pragma once
// One function per resource file; registry() in routes.cpp lists them. Adding a resource:
// write {name}.cpp defining {name}_resource() (see registry.hpp for what a definition holds),
// declare it here, add it to registry().
#include <map>

#include <boost/json.hpp>

#include "app/consults.hpp"
#include "app/directory.hpp"
#include "domain/audit_entry.hpp"

#include "domain/organization.hpp"
#include "fhir/fhir.hpp"
#include "fhir/registry.hpp"

namespace mk::fhir {

namespace json = boost::json;

// The whole surface: every resource and system interaction, in CapabilityStatement order.
Registry registry(const FhirServices& s);

// ---- directory and audit (patient.cpp, practitioner.cpp, organization.cpp, ...) ----
// Each *_json renders one resource (also for other resources' _include or contained).
ResourceDefinition patient_resource(const FhirServices& s);
json::object patient_json(const app::PatientView& v);
ResourceDefinition practitioner_resource(const FhirServices& s);
json::object practitioner_json(const domain::User& u);
ResourceDefinition practitioner_role_resource(const FhirServices& s);
json::object practitioner_role_json(const domain::User& u, const std::map<ServiceId, domain::Service>& services);
ResourceDefinition organization_resource(const FhirServices& s);
json::object organization_json(const domain::Organization& o);
ResourceDefinition healthcare_service_resource(const FhirServices& s);
json::object healthcare_service_json(const app::ServiceView& v);
ResourceDefinition audit_event_resource(const FhirServices& s);
json::object audit_event_json(const domain::AuditEntry& e);

// ---- the consult (service_request.cpp, task.cpp, communication.cpp, document_reference.cpp,
//      binary.cpp, transaction.cpp) ----
ResourceDefinition service_request_resource(const FhirServices& s);
ResourceDefinition task_resource(const FhirServices& s);
ResourceDefinition communication_resource(const FhirServices& s);
ResourceDefinition document_reference_resource(const FhirServices& s);
ResourceDefinition binary_resource(const FhirServices& s);
SystemInteractionDef transaction_interaction(const FhirServices& s);

}  // namespace mk::fhir
