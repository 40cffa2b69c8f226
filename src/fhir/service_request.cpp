// ServiceRequest: the consult's question (docs/fhir.md). Read, search, and create — one
// consult per ServiceRequest, conditional on an identifier with If-None-Exist.
#include "fhir/consult_codes.hpp"
#include "fhir/consult_parse.hpp"
#include "fhir/consult_render.hpp"
#include "fhir/consult_search.hpp"
#include "fhir/resources.hpp"

namespace mk::fhir {
namespace {

using consult::service_request_json;

// subject "#p1": the contained Patient with id p1.
consult::PatientResolver contained_patients(const json::object& sr) {
  return [&sr](const std::string& ref) -> consult::PatientSource {
    auto contained = sr.if_contains("contained");
    if (!ref.starts_with("#") || !contained || !contained->is_array()) return {};
    const auto& list = contained->as_array();
    for (size_t i = 0; i < list.size(); ++i) {
      if (!list[i].is_object()) continue;
      const auto& r = list[i].as_object();
      auto type = r.if_contains("resourceType");
      auto id = r.if_contains("id");
      if (type && *type == "Patient" && id && id->is_string() && "#" + std::string(id->as_string()) == ref)
        return {&r, "ServiceRequest.contained[" + std::to_string(i) + "]"};
    }
    return {};
  };
}

// subject "Patient/{id}": a patient the caller already sees through an earlier consult — read
// through the app (its access rule, and a patient.read audit entry) and copied into the new
// consult, as a GP system refers to the patient it created before. `kept` owns the rendered
// resource while the request is parsed. Anything else falls back to `inner`.
consult::PatientResolver or_existing(consult::PatientResolver inner, app::Consults& consults, const Ctx& ctx,
                                     std::optional<json::object>& kept) {
  return [inner = std::move(inner), &consults, &ctx, &kept](const std::string& ref) -> consult::PatientSource {
    if (!ref.starts_with("Patient/")) return inner(ref);
    try {
      kept = patient_json(consults.patient(ctx, PatientId(ref.substr(8))));
    } catch (const Error& e) {
      if (e.code() != Errc::not_found) throw;
      return {};  // reported as an unknown subject: no existence leak
    }
    return {&*kept, "ServiceRequest.subject"};
  };
}

void status_criteria(const SearchRequest& search, app::ConsultSearch& in) {
  if (auto c = search.first("status"))
    for (const auto& v : c->values) {
      auto states = consult::states_of_service_request_status(v);
      if (states.empty()) in.nothing = true;  // a status no consult has
      in.statuses.insert(in.statuses.end(), states.begin(), states.end());
    }
}

app::ConsultSearch criteria(const SearchRequest& search) {
  app::ConsultSearch in;
  consult::common_criteria(search, in);
  status_criteria(search, in);
  if (auto c = search.first("patient"))
    if (auto id = consult::reference_id(*c, "Patient", in)) in.patient_id = PatientId(*id);
  for (const auto* c : search.all("subject")) {
    if (c->modifier == "identifier") {
      auto t = parse_token(c->values.front());
      if (t.system && *t.system != kBsnSystem) in.nothing = true;  // patients are identified by BSN only
      in.patient_bsn = t.code;
    } else {
      if (auto id = consult::reference_id(*c, "Patient", in)) in.patient_id = PatientId(*id);
    }
  }
  if (auto c = search.first("requester"))
    if (auto id = consult::reference_id(*c, "Practitioner", in)) in.requester_id = UserId(*id);
  if (auto c = search.first("performer"))
    for (const auto& id : consult::reference_ids(*c, "HealthcareService", in)) in.service_ids.push_back(ServiceId(id));
  auto authored = time_bounds(search, "authored");
  in.submitted_from = authored.from;
  in.submitted_to = authored.to;
  if (auto c = search.first("identifier")) {
    auto t = parse_token(c->values.front());
    if (t.system && *t.system == kConsultReferenceSystem) in.reference = t.code;
    else if (t.system) in.identifier = domain::ExternalIdentifier{*t.system, t.code};
    else in.reference = t.code;
  }
  return in;
}

}  // namespace

ResourceDefinition service_request_resource(const FhirServices& s) {
  app::Consults& consults = s.consults;
  ResourceDefinition d;
  d.type = "ServiceRequest";
  d.documentation = "The consult's question. GPs and assistants see their practice's consults; consultants and "
                    "coordinators the consults (not drafts) addressed to their services.";
  d.versioning = Versioning::versioned;
  d.conditional_create = true;
  d.read_history = true;
  d.read = [&consults](HttpRequest& req, const Ctx& ctx) {
    return resource_response(200, service_request_json(consults.get(ctx, ConsultId(req.param("id")))));
  };
  d.vread = [&consults](HttpRequest& req, const Ctx& ctx) {
    auto v = consults.get(ctx, ConsultId(req.param("id")));
    if (req.param("vid") != consult::version_of(v.consult))
      fail(Errc::not_found, "not-found", "Version not found", "only the current version is kept");
    return resource_response(200, service_request_json(v));
  };
  d.search = [&consults](HttpRequest& req, const Ctx& ctx, const SearchRequest& search) {
    return consult::consult_searchset(consults, req, ctx, search, criteria(search), service_request_json);
  };
  d.create = [&consults](HttpRequest& req, const Ctx& ctx) {
    auto sr = parse_resource(req, "ServiceRequest");
    if (auto found = consult::existing_consult(consults, ctx, if_none_exist(req))) return write_response(req, 200, service_request_json(*found));
    std::optional<json::object> existing_patient;
    auto in = consult::new_consult_input(sr, "ServiceRequest",
                                         or_existing(contained_patients(sr), consults, ctx, existing_patient));
    try {
      return write_response(req, 201, service_request_json(consults.create(ctx, in, std::nullopt).view));
    } catch (const Error& e) {
      throw consult::with_fhir_fields(e, "ServiceRequest", "ServiceRequest.contained[0]");
    }
  };
  d.search_params = {
      id_param(),
      last_updated_param(),
      {"patient", ParamType::reference, "The patient: Patient/{id}"},
      {"subject", ParamType::reference, "The patient; subject:identifier=" + std::string(kBsnSystem) + "|{BSN}",
       {"identifier"}},
      {"status", ParamType::token, "draft | active | completed | revoked"},
      {"requester", ParamType::reference, "The GP: Practitioner/{id}"},
      {"performer", ParamType::reference, "The service: HealthcareService/{id}"},
      {"authored", ParamType::date, "When the consult was submitted"},
      {"identifier", ParamType::token, "The consult reference or an identifier given at create (system|value)"},
  };
  return d;
}

}  // namespace mk::fhir
