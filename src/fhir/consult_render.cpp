// ServiceRequest (the question) and Task (the workflow) of one consult.
#include "fhir/consult_render.hpp"

#include "fhir/consult_codes.hpp"
#include "fhir/support.hpp"

namespace mk::fhir::consult {
namespace {

using json::array;
using json::object;

json::value text(std::string_view s) { return json::string(s); }

std::string ext_url(std::string_view name) { return std::string(kExtensionBase) + std::string(name); }

object extension(std::string_view name, std::string_view value_type, json::value value) {
  return {{"url", ext_url(name)}, {value_type, std::move(value)}};
}

array consult_extensions(const domain::Consult& c) {
  array out;
  if (c.intended_referral)
    out.push_back(extension("intended-referral", "valueCode", text(domain::to_string(*c.intended_referral))));
  out.push_back(extension("patient-informed", "valueBoolean", c.patient_informed));
  if (!c.patient_narrative.empty())
    out.push_back(extension("patient-narrative", "valueString", text(c.patient_narrative)));
  out.push_back(extension("modality", "valueCode", text(domain::to_string(c.modality))));
  for (const auto& [key, value] : c.intake) {
    if (value.empty()) continue;
    object e{{"url", ext_url("intake")}};
    e["extension"] = array{object{{"url", "key"}, {"valueString", key}},
                           object{{"url", "value"}, {"valueString", value}}};
    out.push_back(std::move(e));
  }
  return out;
}

array identifiers(const app::ConsultView& v) {
  array out{identifier(kConsultReferenceSystem, v.consult.reference)};
  for (const auto& id : v.identifiers) out.push_back(identifier(id.system, id.value));
  return out;
}

json::value requester(const app::ConsultView& v) {
  if (v.consult.requester_id.str().empty()) return nullptr;
  return reference("Practitioner", v.consult.requester_id.str(), v.requester_name);
}

object output(std::string_view type, std::string_view value_type, json::value value) {
  return {{"type", codeable(kOutputSystem, type)}, {value_type, std::move(value)}};
}

array task_outputs(const domain::Consult& c) {
  array out;
  if (c.answer) {
    out.push_back(output("advice", "valueString", text(c.answer->advice)));
    out.push_back(output("referral-advised", "valueBoolean", c.answer->referral_advised));
    out.push_back(output("minutes-spent", "valueInteger", c.minutes_spent_total));
  }
  if (c.outcome) {
    out.push_back(output("outcome", "valueCode", text(domain::to_string(c.outcome->result))));
    out.push_back(output("usefulness", "valueInteger", c.outcome->usefulness));
    out.push_back(output("learned", "valueBoolean", c.outcome->learned));
  }
  if (c.follow_up) out.push_back(output("referred-within-90d", "valueBoolean", c.follow_up->referred_within_90d));
  return out;
}

}  // namespace

std::string version_of(const domain::Consult& c) { return std::to_string(c.version); }

object service_request_json(const app::ConsultView& v) {
  const auto& c = v.consult;
  object r{{"resourceType", "ServiceRequest"}, {"id", c.id.str()}, {"meta", meta(version_of(c), c.updated_at)}};
  r["extension"] = consult_extensions(c);
  r["identifier"] = identifiers(v);
  r["status"] = service_request_status(c.status);
  r["intent"] = "order";
  r["priority"] = priority(c.urgency);
  r["subject"] = reference("Patient", c.patient.id.str());
  r["authoredOn"] = instant(c.submitted_at.value_or(c.created_at));
  r["requester"] = requester(v);
  r["performer"] = array{reference("HealthcareService", c.service_id.str(), v.service_name)};
  if (!c.clinical_context.empty()) r["reasonCode"] = array{object{{"text", c.clinical_context}}};
  array docs;
  for (const auto& a : c.attachments) docs.push_back(reference("DocumentReference", a.id.str(), a.filename));
  r["supportingInfo"] = std::move(docs);
  if (!c.question.empty()) r["note"] = array{object{{"text", c.question}}};
  return r;
}

object task_json(const app::ConsultView& v) {
  const auto& c = v.consult;
  object r{{"resourceType", "Task"}, {"id", c.id.str()}, {"meta", meta(version_of(c), c.updated_at)}};
  r["identifier"] = array{identifier(kConsultReferenceSystem, c.reference)};
  r["status"] = task_status(c.status);
  r["businessStatus"] = codeable(kStatusSystem, domain::to_string(c.status));
  r["intent"] = "order";
  r["priority"] = priority(c.urgency);
  r["focus"] = reference("ServiceRequest", c.id.str());
  r["for"] = reference("Patient", c.patient.id.str());
  r["authoredOn"] = instant(c.created_at);
  r["lastModified"] = instant(c.updated_at);
  r["requester"] = requester(v);
  r["owner"] = c.assignee_id ? reference("Practitioner", c.assignee_id->str(), v.assignee_name)
                             : reference("HealthcareService", c.service_id.str(), v.service_name);
  if (c.due_at) r["restriction"] = object{{"period", object{{"end", instant(*c.due_at)}}}};
  r["output"] = task_outputs(c);
  return r;
}

}  // namespace mk::fhir::consult
