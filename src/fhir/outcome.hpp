#pragma once
// OperationOutcome: the one error format under /fhir.
//   {"resourceType": "OperationOutcome",
//    "extension": [{"url": ".../StructureDefinition/request-id", "valueString": "<request id>"}],
//    "issue": [{"severity": "error", "code": "not-found",
//               "details": {"coding": [{"system": "https://meekijk.nl/problems", "code": "not-found"}],
//                           "text": "<title>"},
//               "diagnostics": "<detail>", "expression": ["Patient.birthDate"]}]}
// One issue per FieldError (its message as diagnostics, its field as expression), else one.
#include <string_view>

#include <boost/json.hpp>

#include "core/error.hpp"
#include "core/http_message.hpp"

namespace mk::fhir {

inline constexpr std::string_view kRequestIdExtension = "https://meekijk.nl/fhir/StructureDefinition/request-id";

// IssueType code for an error: FhirError's own, else by Errc (invalid, security, not-found,
// not-supported, conflict, too-costly, throttled, exception, transient).
std::string issue_type(const Error& error);

// `resource_type` (from the path) prefixes field names that are not already FHIRPath
// expressions ("birthDate" → "Patient.birthDate").
boost::json::object operation_outcome(const Error& error, std::string_view request_id,
                                      std::string_view resource_type = {});

// The ErrorRenderer of every /fhir route: status from the Errc, the OperationOutcome as
// application/fhir+json; 405 keeps Allow, 401 sends WWW-Authenticate: Bearer.
HttpResponse outcome_response(const Error& error, const HttpRequest& req);

// An informational outcome (Prefer: return=OperationOutcome, lenient search notes).
boost::json::object information_outcome(std::string_view severity, std::string_view code, std::string_view text);

}  // namespace mk::fhir
