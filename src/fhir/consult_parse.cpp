// ServiceRequest (+ Patient) → NewConsultInput.
#include "fhir/consult_parse.hpp"

#include <map>

#include "fhir/consult_codes.hpp"
#include "fhir/support.hpp"

namespace mk::fhir::consult {
namespace {

using json::array;
using json::object;

const json::value* member(const object& o, std::string_view key) { return o.if_contains(key); }

std::optional<std::string> string_at(const object& o, std::string_view key) {
  auto v = member(o, key);
  if (v && v->is_string()) return std::string(v->as_string());
  return std::nullopt;
}

const array* array_at(const object& o, std::string_view key) {
  auto v = member(o, key);
  return v && v->is_array() ? &v->as_array() : nullptr;
}

// The first element of an array member that is an object.
const object* first_object(const object& o, std::string_view key) {
  auto a = array_at(o, key);
  if (!a || a->empty() || !a->front().is_object()) return nullptr;
  return &a->front().as_object();
}

std::string patient_name(const object& p) {
  auto n = first_object(p, "name");
  if (!n) return {};
  if (auto text = string_at(*n, "text")) return *text;
  std::string out;
  if (auto given = array_at(*n, "given"))
    for (const auto& g : *given)
      if (g.is_string()) out += std::string(g.as_string()) + " ";
  if (auto family = string_at(*n, "family")) out += *family;
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::optional<std::string> bsn_of(const array* ids) {
  if (!ids) return std::nullopt;
  for (const auto& id : *ids)
    if (id.is_object() && string_at(id.as_object(), "system") == std::string(kBsnSystem))
      return string_at(id.as_object(), "value");
  return std::nullopt;
}

// performer: the HealthcareService, and for a service that routes to a named consultant also
// that Practitioner.
void apply_performers(const object& sr, const std::string& path, app::ConsultFields& f, Validation& v) {
  auto performers = array_at(sr, "performer");
  if (!performers) return;
  for (size_t i = 0; i < performers->size(); ++i) {
    std::optional<Reference> ref;
    if ((*performers)[i].is_object())
      ref = parse_reference(string_at((*performers)[i].as_object(), "reference").value_or(""));
    if (ref && ref->type == "HealthcareService") f.service_id = ref->id;
    else if (ref && ref->type == "Practitioner") f.consultant_id = ref->id;
    else v.add(path + ".performer[" + std::to_string(i) + "]", "must reference a HealthcareService or a Practitioner");
  }
}

void apply_extensions(const object& sr, const std::string& path, app::ConsultFields& f, Validation& v) {
  auto exts = array_at(sr, "extension");
  if (!exts) return;
  const std::string base(kExtensionBase);
  for (size_t i = 0; i < exts->size(); ++i) {
    if (!(*exts)[i].is_object()) continue;
    const auto& e = (*exts)[i].as_object();
    auto url = string_at(e, "url").value_or("");
    auto where = path + ".extension[" + std::to_string(i) + "]";
    if (url == base + "intended-referral") f.intended_referral = string_at(e, "valueCode");
    else if (url == base + "patient-narrative") f.patient_narrative = string_at(e, "valueString");
    else if (url == base + "modality") f.modality = string_at(e, "valueCode");
    else if (url == base + "patient-informed") {
      auto b = member(e, "valueBoolean");
      if (b && b->is_bool()) f.patient_informed = b->as_bool();
      else v.add(where, "patient-informed needs a valueBoolean");
    } else if (url == base + "intake") {
      std::string key, value;
      if (auto parts = array_at(e, "extension"))
        for (const auto& p : *parts)
          if (p.is_object()) {
            auto name = string_at(p.as_object(), "url");
            if (name == "key") key = string_at(p.as_object(), "valueString").value_or("");
            if (name == "value") value = string_at(p.as_object(), "valueString").value_or("");
          }
      if (key.empty()) v.add(where, "an intake extension needs a key");
      else (f.intake ? *f.intake : f.intake.emplace())[key] = value;
    }
  }
}

std::vector<domain::ExternalIdentifier> client_identifiers(const object& sr, const std::string& path, Validation& v) {
  std::vector<domain::ExternalIdentifier> out;
  auto ids = array_at(sr, "identifier");
  if (!ids) return out;
  for (size_t i = 0; i < ids->size(); ++i) {
    if (!(*ids)[i].is_object()) continue;
    auto system = string_at((*ids)[i].as_object(), "system").value_or("");
    auto value = string_at((*ids)[i].as_object(), "value").value_or("");
    if (system == kConsultReferenceSystem) continue;  // ours: given by the server
    if (system.empty() || value.empty())
      v.add(path + ".identifier[" + std::to_string(i) + "]", "needs a system and a value");
    else out.push_back({system, value});
  }
  return out;
}

void apply_subject(const object& sr, const std::string& path, const PatientResolver& resolve,
                   app::ConsultFields& f, Validation& v) {
  auto subject = member(sr, "subject");
  if (!subject || !subject->is_object()) {
    v.add(path + ".subject", "is required: the patient (a contained Patient or a transaction's Patient)");
    return;
  }
  auto ref = string_at(subject->as_object(), "reference").value_or("");
  auto source = resolve(ref);
  if (!source.patient) {
    v.add(path + ".subject", ref.empty() ? "needs a reference to the patient"
                                         : "'" + ref + "' is neither a Patient in this request nor one you can see");
    return;
  }
  f.patient = patient_input(*source.patient, source.path, v);
  // subject.identifier (a BSN) must agree with the patient it points at.
  if (auto id = member(subject->as_object(), "identifier"); id && id->is_object()) {
    auto bsn = string_at(id->as_object(), "value");
    if (bsn && f.patient->bsn && *bsn != *f.patient->bsn)
      v.add(path + ".subject.identifier", "is not the BSN of the referenced Patient");
    if (bsn && !f.patient->bsn) f.patient->bsn = bsn;
  }
}

}  // namespace

app::PatientInput patient_input(const object& p, const std::string& path, Validation& v) {
  app::PatientInput in;
  in.bsn = bsn_of(array_at(p, "identifier"));
  if (!in.bsn) v.add(path + ".identifier", "needs the BSN (system " + std::string(kBsnSystem) + ")");
  auto name = patient_name(p);
  if (!name.empty()) in.name = name;
  in.birth_date = string_at(p, "birthDate");
  if (auto g = string_at(p, "gender")) in.sex = *g;
  if (auto address = first_object(p, "address")) in.postcode = string_at(*address, "postalCode");
  return in;
}

app::NewConsultInput new_consult_input(const object& sr, const std::string& path, const PatientResolver& resolve) {
  Validation v;
  app::NewConsultInput in;
  auto& f = in.fields;
  auto status = string_at(sr, "status").value_or("active");
  if (status != "draft" && status != "active")
    v.add(path + ".status", "must be draft (keeps a draft) or active (submits)");
  in.draft = status == "draft";
  if (string_at(sr, "intent").value_or("order") != "order") v.add(path + ".intent", "must be order");
  apply_performers(sr, path, f, v);
  if (auto note = first_object(sr, "note")) f.question = string_at(*note, "text");
  if (auto reason = first_object(sr, "reasonCode")) f.clinical_context = string_at(*reason, "text");
  if (auto p = string_at(sr, "priority")) {
    f.urgency = urgency_of_priority(*p);
    if (!f.urgency) v.add(path + ".priority", "must be routine or urgent");
  }
  if (auto requester = member(sr, "requester"); requester && requester->is_object()) {
    auto ref = parse_reference(string_at(requester->as_object(), "reference").value_or(""));
    if (ref && ref->type == "Practitioner") f.requester_id = ref->id;
    else v.add(path + ".requester", "must reference a Practitioner");
  }
  apply_extensions(sr, path, f, v);
  apply_subject(sr, path, resolve, f, v);
  in.identifiers = client_identifiers(sr, path, v);
  v.throw_if_any();
  return in;
}

Error with_fhir_fields(const Error& e, const std::string& sr, const std::string& patient) {
  if (e.code() != Errc::validation) return e;
  const std::map<std::string, std::string> names = {
      {"service_id", sr + ".performer[0]"},
      {"question", sr + ".note[0].text"},
      {"clinical_context", sr + ".reasonCode[0].text"},
      {"patient_narrative", sr + ".extension('patient-narrative')"},
      {"urgency", sr + ".priority"},
      {"intended_referral", sr + ".extension('intended-referral')"},
      {"patient_informed", sr + ".extension('patient-informed')"},
      {"modality", sr + ".extension('modality')"},
      {"requester_id", sr + ".requester"},
      {"consultant_id", sr + ".performer"},
      {"patient", patient},
      {"patient.bsn", patient + ".identifier"},
      {"patient.name", patient + ".name"},
      {"patient.birth_date", patient + ".birthDate"},
      {"patient.sex", patient + ".gender"},
      {"patient.postcode", patient + ".address[0].postalCode"},
  };
  auto errors = e.errors();
  for (auto& fe : errors) {
    if (auto it = names.find(fe.field); it != names.end()) fe.field = it->second;
    else if (fe.field.starts_with("intake")) fe.field = sr + ".extension('intake')." + fe.field;
    else if (fe.field.starts_with("identifier")) fe.field = sr + "." + fe.field;
  }
  return Error(e.code(), e.title(), e.detail(), std::move(errors));
}

}  // namespace mk::fhir::consult
