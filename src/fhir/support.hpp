#pragma once
// Helpers for the resource files: FHIR JSON responses and their headers, the request headers
// FHIR gives meaning to (Accept/_format, Content-Type, If-Match, If-None-Exist, Prefer),
// references, instants. Everything here throws mk::Error (rendered as an OperationOutcome).
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json.hpp>

#include "core/error.hpp"
#include "core/http_message.hpp"
#include "core/time.hpp"

namespace mk::fhir {

namespace json = boost::json;

inline constexpr std::string_view kFhirJson = "application/fhir+json; charset=utf-8";
inline constexpr std::string_view kFhirVersion = "4.0.1";
// Our own extensions, code systems and naming systems (docs/fhir.md).
inline constexpr std::string_view kExtensionBase = "https://meekijk.nl/fhir/StructureDefinition/";
inline constexpr std::string_view kCodeSystemBase = "https://meekijk.nl/fhir/CodeSystem/";
inline constexpr std::string_view kBsnSystem = "http://fhir.nl/fhir/NamingSystem/bsn";
inline constexpr std::string_view kAgbSystem = "http://fhir.nl/fhir/NamingSystem/agb-z";
inline constexpr std::string_view kRefSystem = "https://meekijk.nl/fhir/NamingSystem/ref";
inline constexpr std::string_view kConsultReferenceSystem =
    "https://meekijk.nl/fhir/NamingSystem/consult-reference";

// ---- errors ----

// An mk::Error with an explicit OperationOutcome issue type, for when the default mapping of
// the Errc (outcome.hpp) is not the most precise one ("structure", "not-supported", ...).
class FhirError : public Error {
 public:
  FhirError(Errc code, std::string issue_type, std::string title, std::string detail = {},
            std::vector<FieldError> errors = {})
      : Error(code, std::move(title), std::move(detail), std::move(errors)), issue_type_(std::move(issue_type)) {}
  const std::string& issue_type() const noexcept { return issue_type_; }

 private:
  std::string issue_type_;
};

[[noreturn]] void fail(Errc code, std::string issue_type, std::string title, std::string detail = {},
                       std::vector<FieldError> errors = {});

// ---- responses ----

// "http://{Host}/fhir" (https when X-Forwarded-Proto says so): the base of fullUrl, Location
// and paging links. A Host header that is not a plain host[:port] gives "localhost".
std::string base_url(const HttpRequest& req);

// Drops empty strings, arrays and objects (and nulls), recursively: FHIR allows none of them,
// so every body the framework sends goes through it.
void prune(json::value& value);

// `body` (pruned) as application/fhir+json.
HttpResponse json_response(int status, json::value body);

// A resource as application/fhir+json with ETag: W/"{meta.versionId}" and Last-Modified from
// meta.lastUpdated when present. For reads.
HttpResponse resource_response(int status, json::object resource);

// The answer to a create (201) or update (200): resource_response plus Location
// ({base}/{type}/{id}/_history/{version}, or without _history when unversioned), honouring
// Prefer: return=minimal (no body) | representation (default) | OperationOutcome.
HttpResponse write_response(const HttpRequest& req, int status, json::object resource);

std::string etag(std::string_view version_id);  // W/"3"
std::string http_date(Timestamp t);             // "Sun, 06 Nov 1994 08:49:37 GMT"
std::string instant(Timestamp t);               // FHIR instant "2026-11-22T10:15:30.123Z"
std::string date(Date d);                       // FHIR date "2026-11-22"

// ---- request headers ----

// Accept / _format: application/fhir+json, application/json, */* (or none) are fine;
// anything else (XML, Turtle, HTML) throws 406.
void require_fhir_json_accepted(const HttpRequest& req);
bool fhir_json_accepted(const HttpRequest& req);  // the same, without throwing
// Content-Type of a request body: application/fhir+json or application/json, else 415.
void require_fhir_json_body(const HttpRequest& req);

// The body as a JSON object whose resourceType is `expected_type` (400 when it is not JSON,
// not an object; 422 naming `resourceType` when it is another type). Empty expected_type:
// any resourceType.
json::object parse_resource(const HttpRequest& req, std::string_view expected_type);

// If-Match: W/"3" or "3" → "3"; nullopt without the header; 400 when malformed.
std::optional<std::string> if_match(const HttpRequest& req);
// If-Match against the current version: 412 when they differ.
void check_if_match(const HttpRequest& req, std::string_view current_version);

// "a=1&b=x%7Cy" (a query string or a form body) → decoded pairs; nullopt on a bad escape.
std::optional<std::vector<std::pair<std::string, std::string>>> parse_form(std::string_view text);

// If-None-Exist: "identifier=system|value&..." → decoded pairs; nullopt without the header;
// 400 when empty or malformed.
std::optional<std::vector<std::pair<std::string, std::string>>> if_none_exist(const HttpRequest& req);

struct Prefer {
  enum class Return { representation, minimal, outcome };
  Return ret = Return::representation;
  bool lenient = false;  // handling=lenient (default strict)
};
Prefer prefer(const HttpRequest& req);

// ---- ids and references ----

// FHIR id: [A-Za-z0-9\-\.]{1,64}.
bool valid_id(std::string_view id);

struct Reference {
  std::string type;  // "Patient"
  std::string id;
  std::string str() const { return type + "/" + id; }
};
// "Patient/abc", "Patient/abc/_history/2" and absolute "http(s)://.../Patient/abc"; with
// `default_type` a bare "abc" too. Nullopt when it is none of these.
std::optional<Reference> parse_reference(std::string_view text, std::string_view default_type = {});
// The Reference datatype: {"reference": "Type/id", "display": display} (display when given).
json::object reference(std::string_view type, std::string_view id, std::string_view display = {});

// An Identifier {system, value} and a CodeableConcept with one coding (display optional).
json::object identifier(std::string_view system, std::string_view value);
json::object codeable(std::string_view system, std::string_view code, std::string_view display = {});
json::object coding(std::string_view system, std::string_view code, std::string_view display = {});

// The meta element: versionId (when not empty) and lastUpdated.
json::object meta(std::string_view version_id, std::optional<Timestamp> last_updated);

}  // namespace mk::fhir
