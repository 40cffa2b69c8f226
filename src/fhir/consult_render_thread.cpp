// A consult's thread and files as FHIR: Communication per message, DocumentReference per
// attachment (its bytes are the Binary of the same id).
#include "fhir/consult_codes.hpp"
#include "fhir/consult_render.hpp"
#include "fhir/support.hpp"

namespace mk::fhir::consult {

using json::array;
using json::object;

object communication_json(const domain::Consult& c, const domain::Message& m) {
  object r{{"resourceType", "Communication"}, {"id", m.id.str()}, {"meta", meta("", m.at)}};
  r["basedOn"] = array{reference("ServiceRequest", c.id.str())};
  r["partOf"] = array{reference("Task", c.id.str())};
  r["status"] = "completed";
  r["category"] = array{codeable(kMessageKindSystem, domain::to_string(m.kind))};
  r["subject"] = reference("Patient", c.patient.id.str());
  r["sent"] = instant(m.at);
  r["sender"] = reference("Practitioner", m.author_id.str(), m.author_name);
  r["payload"] = array{object{{"contentString", m.text}}};
  return r;
}

object document_reference_json(const domain::Consult& c, const domain::Attachment& a) {
  object r{{"resourceType", "DocumentReference"}, {"id", a.id.str()}, {"meta", meta("", a.at)}};
  // FHIR's attachment hash is SHA-1; the content address we keep (and check) is SHA-256.
  r["identifier"] = array{identifier(kSha256System, a.sha256)};
  r["status"] = "current";
  r["subject"] = reference("Patient", c.patient.id.str());
  r["date"] = instant(a.at);
  r["author"] = array{reference("Practitioner", a.uploaded_by.str())};
  object attachment{{"contentType", a.content_type},
                    {"size", a.size},
                    {"title", a.filename},
                    {"url", "Binary/" + a.id.str()},
                    {"creation", instant(a.at)}};
  r["content"] = array{object{{"attachment", std::move(attachment)}}};
  r["context"] = object{{"related", array{reference("ServiceRequest", c.id.str())}}};
  return r;
}

}  // namespace mk::fhir::consult
