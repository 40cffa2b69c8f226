// POST /fhir with a transaction Bundle: one consult from a Patient, a ServiceRequest, an
// optional Task and optional Binary/DocumentReference attachments (docs/fhir.md, "Create").
// All or nothing: the files are written to disk first, then one app create stores the consult,
// its patient and attachments in one store transaction. The parts are in consult_bundle.*.
#include "fhir/consult_bundle.hpp"
#include "fhir/consult_parse.hpp"
#include "fhir/consult_render.hpp"
#include "fhir/resources.hpp"

namespace mk::fhir {
namespace {

using json::array;
using json::object;

object response_entry(const HttpRequest& req, const Prefer& prefer, object resource, const std::string& status) {
  std::string type(resource.at("resourceType").as_string());
  std::string id(resource.at("id").as_string());
  std::string location = type + "/" + id;
  object response{{"status", status}};
  if (auto m = resource.if_contains("meta"); m && m->as_object().contains("versionId")) {
    std::string version(m->as_object().at("versionId").as_string());
    location += "/_history/" + version;
    response["etag"] = etag(version);
  }
  if (auto m = resource.if_contains("meta"); m && m->as_object().contains("lastUpdated"))
    response["lastModified"] = m->as_object().at("lastUpdated");
  response["location"] = location;
  object entry{{"fullUrl", base_url(req) + "/" + type + "/" + id}, {"response", std::move(response)}};
  if (prefer.ret == Prefer::Return::representation) entry["resource"] = std::move(resource);
  return entry;
}

// The entries of the answer, in the order of the request's.
HttpResponse answer(const HttpRequest& req, const consult::ConsultBundle& bundle, const app::ConsultView& v,
                    const std::string& status) {
  auto prefer_ = prefer(req);
  array entries;
  for (const auto& part : bundle.order) {
    object resource;
    switch (part.kind) {
      case consult::BundlePart::patient: resource = consult::patient_stub(v.consult); break;
      case consult::BundlePart::service_request: resource = consult::service_request_json(v); break;
      case consult::BundlePart::task: resource = consult::task_json(v); break;
      case consult::BundlePart::binary:
      case consult::BundlePart::document:
        if (part.file >= v.consult.attachments.size()) continue;  // a conditional match keeps its own files
        resource = part.kind == consult::BundlePart::binary
                       ? object{{"resourceType", "Binary"},
                                {"id", v.consult.attachments[part.file].id.str()},
                                {"contentType", v.consult.attachments[part.file].content_type}}
                       : consult::document_reference_json(v.consult, v.consult.attachments[part.file]);
        break;
    }
    entries.push_back(response_entry(req, prefer_, std::move(resource), status));
  }
  return json_response(200, object{{"resourceType", "Bundle"}, {"type", "transaction-response"},
                                   {"entry", std::move(entries)}});
}

}  // namespace

SystemInteractionDef transaction_interaction(const FhirServices& s) {
  app::Consults& consults = s.consults;
  SystemInteractionDef d;
  d.code = "transaction";
  d.documentation = "Creates one consult: Patient + ServiceRequest (+ Task, Binary, DocumentReference), all or "
                    "nothing; ServiceRequest.request.ifNoneExist makes it conditional.";
  d.body_limit = 40u << 20;  // base64 attachments: 25 MiB files grow by a third
  d.handler = [&consults](HttpRequest& req, const Ctx& ctx) {
    auto body = parse_resource(req, "Bundle");
    auto bundle = consult::read_bundle(body);
    if (auto found = consult::existing_consult(consults, ctx, bundle.if_none_exist)) return answer(req, bundle, *found, "200 OK");
    consult::StagedFiles files(consults.upload_dir());
    auto in = consult::new_consult_input(bundle, files);
    try {
      auto r = consults.create(ctx, in, std::nullopt);
      return answer(req, bundle, r.view, "201 Created");
    } catch (const Error& e) {
      throw consult::with_fhir_fields(e, bundle.service_request_path, bundle.patient_path);
    }
  };
  return d;
}

}  // namespace mk::fhir
