#include "fhir/outcome.hpp"

#include <cctype>

#include "fhir/support.hpp"

namespace mk::fhir {
namespace {

// "/fhir/Patient/1" → "Patient"; "" when the path names no resource type.
std::string resource_type_of(std::string_view path) {
  constexpr std::string_view prefix = "/fhir/";
  if (!path.starts_with(prefix)) return {};
  path.remove_prefix(prefix.size());
  auto type = path.substr(0, path.find('/'));
  if (type.empty() || !std::isupper(static_cast<unsigned char>(type.front()))) return {};
  return std::string(type);
}

// A field of the JSON API ("birth_date") or a FHIR element path ("identifier[0].value"),
// prefixed with the resource type so that it reads as FHIRPath; search parameter names
// ("_count", "identifier=...") and expressions that start with a type stay as they are.
std::string expression(std::string_view field, std::string_view resource_type) {
  if (field.empty() || resource_type.empty()) return std::string(field);
  if (std::isupper(static_cast<unsigned char>(field.front())) || field.front() == '_') return std::string(field);
  return std::string(resource_type) + "." + std::string(field);
}

}  // namespace

std::string issue_type(const Error& error) {
  if (auto* f = dynamic_cast<const FhirError*>(&error); f && !f->issue_type().empty()) return f->issue_type();
  switch (error.code()) {
    case Errc::bad_request: return "invalid";
    case Errc::unauthorized: return "security";
    case Errc::forbidden: return "security";
    case Errc::not_found: return "not-found";
    case Errc::method_not_allowed: return "not-supported";
    case Errc::not_acceptable: return "not-supported";
    case Errc::conflict: return "conflict";
    case Errc::precondition_failed: return "conflict";
    case Errc::payload_too_large: return "too-costly";
    case Errc::unsupported_media_type: return "not-supported";
    case Errc::validation: return "invalid";
    case Errc::too_many_requests: return "throttled";
    case Errc::internal: return "exception";
    case Errc::unavailable: return "transient";
  }
  return "exception";
}

boost::json::object operation_outcome(const Error& error, std::string_view request_id, std::string_view resource_type) {
  namespace json = boost::json;
  std::string code = issue_type(error);
  json::object details{
      {"coding", json::array{json::object{{"system", "https://meekijk.nl/problems"}, {"code", errc_slug(error.code())}}}},
      {"text", error.title()}};
  json::array issues;
  if (error.errors().empty()) {
    json::object issue{{"severity", "error"}, {"code", code}, {"details", details}};
    issue["diagnostics"] = error.detail().empty() ? error.title() : error.detail();
    issues.push_back(std::move(issue));
  } else {
    for (const auto& e : error.errors()) {
      json::object issue{{"severity", "error"}, {"code", code}, {"details", details}};
      issue["diagnostics"] = e.field.empty() ? e.message : e.field + ": " + e.message;
      if (!e.field.empty()) issue["expression"] = json::array{json::string(expression(e.field, resource_type))};
      issues.push_back(std::move(issue));
    }
  }
  json::object out{{"resourceType", "OperationOutcome"}};
  if (!request_id.empty())
    out["extension"] = json::array{json::object{{"url", kRequestIdExtension}, {"valueString", request_id}}};
  out["issue"] = std::move(issues);
  return out;
}

HttpResponse outcome_response(const Error& error, const HttpRequest& req) {
  std::string type = req.method == "POST" || req.method == "PUT" ? resource_type_of(req.path) : std::string{};
  HttpResponse res = json_response(http_status(error.code()), operation_outcome(error, req.request_id, type));
  if (error.code() == Errc::unauthorized) res.header("WWW-Authenticate", "Bearer realm=\"meekijk\"");
  return res;
}

boost::json::object information_outcome(std::string_view severity, std::string_view code, std::string_view text) {
  namespace json = boost::json;
  return json::object{{"resourceType", "OperationOutcome"},
                      {"issue", json::array{json::object{{"severity", severity}, {"code", code}, {"diagnostics", text}}}}};
}

}  // namespace mk::fhir
