#pragma once
// The consult as FHIR resources (docs/fhir.md): pure functions from the app's views to JSON.
// Empty elements are left in where convenient: every response goes through prune().
#include <boost/json.hpp>

#include "app/consults.hpp"

namespace mk::fhir::consult {

boost::json::object service_request_json(const app::ConsultView& v);
boost::json::object task_json(const app::ConsultView& v);
boost::json::object communication_json(const domain::Consult& c, const domain::Message& m);
boost::json::object document_reference_json(const domain::Consult& c, const domain::Attachment& a);

// ServiceRequest and Task: meta.versionId is the consult's version.
std::string version_of(const domain::Consult& c);

}  // namespace mk::fhir::consult
