// Communication: the consult's messages and advice (docs/fhir.md). Read, search by the consult
// (based-on / part-of), and create — which posts a message as POST /consults/{id}/messages.
#include "fhir/consult_parts.hpp"
#include "fhir/consult_render.hpp"
#include "fhir/consult_search.hpp"
#include "fhir/resources.hpp"

namespace mk::fhir {
namespace {

using consult::communication_json;

// The consults named by based-on (ServiceRequest) and part-of (Task): the same ids. A reference
// to another type names none.
std::vector<ConsultId> consults_of(const SearchRequest& search) {
  if (!search.has("based-on") && !search.has("part-of"))
    fail(Errc::bad_request, "not-supported", "Search too broad", "Communication is searched by based-on or part-of");
  std::vector<ConsultId> out;
  app::ConsultSearch unused;
  for (const auto* c : search.all("based-on"))
    for (const auto& id : consult::reference_ids(*c, "ServiceRequest", unused)) out.push_back(ConsultId(id));
  for (const auto* c : search.all("part-of"))
    for (const auto& id : consult::reference_ids(*c, "Task", unused)) out.push_back(ConsultId(id));
  return out;
}

// The consult of a message body: basedOn ServiceRequest or partOf Task.
ConsultId consult_of_body(const json::object& body) {
  for (auto [key, type] : {std::pair{"basedOn", "ServiceRequest"}, std::pair{"partOf", "Task"}}) {
    auto list = body.if_contains(key);
    if (!list || !list->is_array() || list->as_array().empty() || !list->as_array()[0].is_object()) continue;
    auto ref = list->as_array()[0].as_object().if_contains("reference");
    if (!ref || !ref->is_string()) continue;
    auto parsed = parse_reference(ref->as_string());
    if (parsed && parsed->type == type) return ConsultId(parsed->id);
  }
  throw Error(Errc::validation, "The request has invalid fields", "basedOn: which consult",
              {{"Communication.basedOn", "must reference the consult's ServiceRequest (or partOf its Task)"}});
}

std::optional<std::string> payload_text(const json::object& body) {
  auto payload = body.if_contains("payload");
  if (!payload || !payload->is_array() || payload->as_array().empty() || !payload->as_array()[0].is_object())
    return std::nullopt;
  auto text = payload->as_array()[0].as_object().if_contains("contentString");
  if (!text || !text->is_string()) return std::nullopt;
  return std::string(text->as_string());
}

HttpResponse search_messages(app::Consults& consults, HttpRequest& req, const Ctx& ctx, const SearchRequest& search) {
  Searchset set(req, search);
  consult::for_each_visible(consults, ctx, consults_of(search), [&](const app::ConsultView& v) {
    for (const auto& m : v.consult.messages) set.match(communication_json(v.consult, m));
  });
  return set.response();
}

}  // namespace

ResourceDefinition communication_resource(const FhirServices& s) {
  app::Consults& consults = s.consults;
  ResourceDefinition d;
  d.type = "Communication";
  d.documentation = "A consult's messages, the advice included; visible with the consult. Create posts a message "
                    "(its kind follows from who posts it, as in the JSON API).";
  d.read = [&consults](HttpRequest& req, const Ctx& ctx) {
    MessageId id(req.param("id"));
    auto v = consults.get(ctx, consult::consult_of_part(consults, id, "Communication"));
    for (const auto& m : v.consult.messages)
      if (m.id == id) return resource_response(200, communication_json(v.consult, m));
    throw Error(Errc::not_found, "Not found", "no Communication '" + id.str() + "'");
  };
  d.search = [&consults](HttpRequest& req, const Ctx& ctx, const SearchRequest& search) {
    return search_messages(consults, req, ctx, search);
  };
  d.create = [&consults](HttpRequest& req, const Ctx& ctx) {
    auto body = parse_resource(req, "Communication");
    auto id = consult_of_body(body);
    app::ConsultResult r;
    try {
      r = consults.message(ctx, id, payload_text(body), std::nullopt);
    } catch (const Error& e) {
      if (e.code() != Errc::validation) throw;
      auto errors = e.errors();
      for (auto& fe : errors)
        if (fe.field == "text") fe.field = "Communication.payload[0].contentString";
      throw Error(e.code(), e.title(), e.detail(), std::move(errors));
    }
    const auto& c = r.view.consult;
    if (c.messages.empty()) throw Error(Errc::internal, "Message not stored");
    return write_response(req, 201, communication_json(c, c.messages.back()));
  };
  d.search_params = {
      {"based-on", ParamType::reference, "The consult's ServiceRequest"},
      {"part-of", ParamType::reference, "The consult's Task"},
  };
  return d;
}

}  // namespace mk::fhir
