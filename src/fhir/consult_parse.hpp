#pragma once
// FHIR input → the app's consult inputs (docs/fhir.md, "Create"): a ServiceRequest (with its
// Patient) becomes a NewConsultInput. Problems are named by FHIRPath under `path`
// ("ServiceRequest", "Bundle.entry[1].resource").
#include <functional>
#include <string>

#include <boost/json.hpp>

#include "app/consult_inputs.hpp"
#include "core/error.hpp"

namespace mk::fhir::consult {

// The Patient resource a subject reference names ("#p1" contained, or a transaction's
// urn:uuid), with the path it is reported under; nullptr when it names none.
struct PatientSource {
  const boost::json::object* patient = nullptr;
  std::string path;
};
using PatientResolver = std::function<PatientSource(const std::string& reference)>;

app::PatientInput patient_input(const boost::json::object& patient, const std::string& path, Validation& v);

// Throws Error{validation} naming every bad element.
app::NewConsultInput new_consult_input(const boost::json::object& sr, const std::string& path,
                                       const PatientResolver& resolve);

// The app's validation errors (service_id, question, patient.bsn, ...) renamed to the FHIR
// elements they came from, so the OperationOutcome points at what the client sent.
Error with_fhir_fields(const Error& e, const std::string& sr_path, const std::string& patient_path);

}  // namespace mk::fhir::consult
