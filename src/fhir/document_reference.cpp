// DocumentReference: a consult's attachment (docs/fhir.md); its bytes are Binary/{same id}.
#include "fhir/consult_parts.hpp"
#include "fhir/consult_render.hpp"
#include "fhir/consult_search.hpp"
#include "fhir/resources.hpp"

namespace mk::fhir {
namespace {

using consult::document_reference_json;

HttpResponse search_documents(app::Consults& consults, HttpRequest& req, const Ctx& ctx, const SearchRequest& search) {
  auto related = search.first("related");
  if (!related)
    fail(Errc::bad_request, "not-supported", "Search too broad", "DocumentReference is searched by related");
  Searchset set(req, search);
  std::vector<ConsultId> ids;
  app::ConsultSearch unused;  // a reference to another type names no consult
  for (const auto& id : consult::reference_ids(*related, "ServiceRequest", unused)) ids.push_back(ConsultId(id));
  consult::for_each_visible(consults, ctx, ids, [&](const app::ConsultView& v) {
    for (const auto& a : v.consult.attachments) set.match(document_reference_json(v.consult, a));
  });
  return set.response();
}

}  // namespace

ResourceDefinition document_reference_resource(const FhirServices& s) {
  app::Consults& consults = s.consults;
  ResourceDefinition d;
  d.type = "DocumentReference";
  d.documentation = "A consult's attachment, visible with the consult; the content is Binary/{id}.";
  d.read = [&consults](HttpRequest& req, const Ctx& ctx) {
    AttachmentId id(req.param("id"));
    auto v = consults.get(ctx, consult::consult_of_part(consults, id, "DocumentReference"));
    for (const auto& a : v.consult.attachments)
      if (a.id == id) return resource_response(200, document_reference_json(v.consult, a));
    throw Error(Errc::not_found, "Not found", "no DocumentReference '" + id.str() + "'");
  };
  d.search = [&consults](HttpRequest& req, const Ctx& ctx, const SearchRequest& search) {
    return search_documents(consults, req, ctx, search);
  };
  d.search_params = {{"related", ParamType::reference, "The consult's ServiceRequest"}};
  return d;
}

}  // namespace mk::fhir
