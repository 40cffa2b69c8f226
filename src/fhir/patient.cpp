// Patient: the patient of a consult (one row per consult: Patient/{patient id}). A caller sees
// it only when it may see that consult (app::Consults::patient/patients), and every Patient
// shown is audited as "patient.read", like the JSON API's consult reads.
#include "app/consults.hpp"
#include "fhir/resources.hpp"
#include "fhir/search.hpp"
#include "fhir/support.hpp"

namespace mk::fhir {
namespace {

std::string gender(domain::Sex s) {
  switch (s) {
    case domain::Sex::female: return "female";
    case domain::Sex::male: return "male";
    case domain::Sex::other: return "other";
    case domain::Sex::unknown: return "unknown";
  }
  return "unknown";
}

// The BSN of an identifier search: "system|value" with the BSN system, or a bare value.
// Nullopt: a value that can match no Patient (another system).
std::optional<std::string> bsn_of(std::string_view value) {
  auto t = parse_token(value);
  if (t.system && *t.system != kBsnSystem) return std::nullopt;
  if (t.code.empty()) return std::nullopt;
  return t.code;
}

}  // namespace

json::object patient_json(const app::PatientView& v) {
  const auto& p = v.patient;
  json::object out{
      {"resourceType", "Patient"},
      {"id", p.id.str()},
      {"meta", meta("", v.updated_at)},
      {"identifier", json::array{identifier(kBsnSystem, p.bsn)}},
      {"name", json::array{json::object{{"text", p.name}}}},
      {"gender", gender(p.sex)},
  };
  if (p.birth_date) out["birthDate"] = date(*p.birth_date);
  if (!p.postcode.empty()) out["address"] = json::array{json::object{{"postalCode", p.postcode}, {"country", "NL"}}};
  out["managingOrganization"] = reference("Organization", v.practice_id.str());
  return out;
}

ResourceDefinition patient_resource(const FhirServices& s) {
  auto& consults = s.consults;
  ResourceDefinition def;
  def.type = "Patient";
  def.documentation =
      "The patient of a consult (one Patient per consult). Visible to whoever may see that consult; "
      "every read is in the NEN 7513 log as patient.read.";
  def.read = [&consults](HttpRequest& req, const Ctx& ctx) {
    return resource_response(200, patient_json(consults.patient(ctx, PatientId(req.param("id")))));
  };
  def.search_params = {
      id_param(),
      {"identifier", ParamType::token, "BSN: " + std::string(kBsnSystem) + "|999999999 (one value)"},
  };
  def.search = [&consults](HttpRequest& req, const Ctx& ctx, const SearchRequest& search) {
    Searchset set(req, search);
    app::PatientQuery q;
    if (auto id = search.single("_id")) {
      if (!valid_id(*id)) return set.response();
      q.id = PatientId(*id);
    }
    if (auto value = search.single("identifier")) {
      auto bsn = bsn_of(*value);
      if (!bsn) return set.response();
      q.bsn = *bsn;
    }
    if (search.count == 0) return set.response();
    q.limit = search.count;
    q.cursor = search.cursor.value_or("");
    auto page = consults.patients(ctx, q);
    for (const auto& v : page.items) set.match(patient_json(v));
    if (!page.next_cursor.empty()) set.next(page.next_cursor);
    return set.response();
  };
  return def;
}

}  // namespace mk::fhir
