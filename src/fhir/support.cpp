#include "fhir/support.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>

#include "fhir/outcome.hpp"

namespace mk::fhir {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// "application/fhir+json; charset=utf-8" → "application/fhir+json"
std::string media_type(std::string_view value) { return lower(trim(value.substr(0, value.find(';')))); }

bool json_media(std::string_view type) {
  return type == "application/fhir+json" || type == "application/json" || type == "application/json+fhir";
}

bool host_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']' ||
         c == '_';
}

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> decode(std::string_view in) {
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '+') {
      out.push_back(' ');
    } else if (in[i] == '%') {
      if (i + 2 >= in.size() || hex(in[i + 1]) < 0 || hex(in[i + 2]) < 0) return std::nullopt;
      out.push_back(static_cast<char>(hex(in[i + 1]) * 16 + hex(in[i + 2])));
      i += 2;
    } else {
      out.push_back(in[i]);
    }
  }
  return out;
}

bool is_empty(const json::value& v) {
  if (v.is_null()) return true;
  if (v.is_string()) return v.get_string().empty();
  if (v.is_array()) return v.get_array().empty();
  if (v.is_object()) return v.get_object().empty();
  return false;
}

}  // namespace

void fail(Errc code, std::string issue_type, std::string title, std::string detail, std::vector<FieldError> errors) {
  throw FhirError(code, std::move(issue_type), std::move(title), std::move(detail), std::move(errors));
}

std::string base_url(const HttpRequest& req) {
  std::string host(req.header("host").value_or("localhost"));
  if (host.empty() || host.size() > 255 || !std::all_of(host.begin(), host.end(), host_char)) host = "localhost";
  auto proto = req.header("x-forwarded-proto");
  std::string scheme = proto && lower(trim(*proto)) == "https" ? "https" : "http";
  return scheme + "://" + host + "/fhir";
}

void prune(json::value& value) {
  if (value.is_object()) {
    // Rebuilt rather than erased from: object::erase moves the last member into the gap, and
    // the members' order (resourceType first) is kept.
    auto& o = value.get_object();
    json::object kept(o.storage());
    kept.reserve(o.size());
    for (auto& member : o) {
      prune(member.value());
      if (!is_empty(member.value())) kept.emplace(member.key(), std::move(member.value()));
    }
    o = std::move(kept);
  } else if (value.is_array()) {
    auto& a = value.get_array();
    for (auto it = a.begin(); it != a.end();) {
      prune(*it);
      it = is_empty(*it) ? a.erase(it) : std::next(it);
    }
  }
}

HttpResponse json_response(int status, json::value body) {
  prune(body);
  HttpResponse res;
  res.status = status;
  res.content_type = std::string(kFhirJson);
  res.body = json::serialize(body);
  return res;
}

HttpResponse resource_response(int status, json::object resource) {
  std::string version, last_updated;
  if (auto* m = resource.if_contains("meta"); m && m->is_object()) {
    if (auto* v = m->get_object().if_contains("versionId"); v && v->is_string()) version = v->get_string();
    if (auto* l = m->get_object().if_contains("lastUpdated"); l && l->is_string()) last_updated = l->get_string();
  }
  HttpResponse res = json_response(status, std::move(resource));
  if (!version.empty()) res.header("ETag", etag(version));
  if (auto t = parse_timestamp(last_updated)) res.header("Last-Modified", http_date(*t));
  return res;
}

HttpResponse write_response(const HttpRequest& req, int status, json::object resource) {
  std::string type, id, version;
  if (auto* t = resource.if_contains("resourceType"); t && t->is_string()) type = t->get_string();
  if (auto* i = resource.if_contains("id"); i && i->is_string()) id = i->get_string();
  if (auto* m = resource.if_contains("meta"); m && m->is_object())
    if (auto* v = m->get_object().if_contains("versionId"); v && v->is_string()) version = v->get_string();

  HttpResponse res = resource_response(status, std::move(resource));
  if (!type.empty() && !id.empty()) {
    std::string location = base_url(req) + "/" + type + "/" + id;
    if (!version.empty()) location += "/_history/" + version;
    res.header("Location", location);
  }
  switch (prefer(req).ret) {
    case Prefer::Return::representation: break;
    case Prefer::Return::minimal: res.body.clear(); break;
    case Prefer::Return::outcome: {
      json::value outcome = information_outcome(
          "information", "informational", status == 201 ? type + "/" + id + " created" : type + "/" + id + " updated");
      prune(outcome);
      res.body = json::serialize(outcome);
      break;
    }
  }
  return res;
}

std::string etag(std::string_view version_id) { return "W/\"" + std::string(version_id) + "\""; }

std::string http_date(Timestamp t) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto day = std::chrono::floor<std::chrono::days>(t);
  std::chrono::year_month_day ymd(day);
  std::chrono::hh_mm_ss hms(std::chrono::floor<std::chrono::seconds>(t - day));
  unsigned weekday = std::chrono::weekday(day).c_encoding();
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02d:%02d:%02d GMT", kDays[weekday], unsigned(ymd.day()),
                kMonths[unsigned(ymd.month()) - 1], int(ymd.year()), int(hms.hours().count()),
                int(hms.minutes().count()), int(hms.seconds().count()));
  return buf;
}

std::string instant(Timestamp t) { return format_timestamp(t); }
std::string date(Date d) { return format_date(d); }

bool fhir_json_accepted(const HttpRequest& req) {
  if (auto format = req.query_param("_format")) {
    auto f = lower(trim(*format));
    return f == "json" || json_media(media_type(f));
  }
  auto accept = req.header("accept");
  if (!accept || trim(*accept).empty()) return true;
  std::string_view rest = *accept;
  while (!rest.empty()) {
    auto comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    std::string type = media_type(item);
    // q=0 means "not this one".
    auto params = lower(item);
    bool refused = params.find("q=0") != std::string::npos && params.find("q=0.") == std::string::npos;
    if (!refused && (json_media(type) || type == "*/*" || type == "application/*")) return true;
  }
  return false;
}

void require_fhir_json_accepted(const HttpRequest& req) {
  if (!fhir_json_accepted(req))
    fail(Errc::not_acceptable, "not-supported", "Not acceptable",
         "This server speaks JSON only: accept application/fhir+json (or use _format=json)");
}

void require_fhir_json_body(const HttpRequest& req) {
  auto type = req.header("content-type");
  if (!type || !json_media(media_type(*type)))
    fail(Errc::unsupported_media_type, "not-supported", "Unsupported media type",
         "Send the resource as application/fhir+json");
}

json::object parse_resource(const HttpRequest& req, std::string_view expected_type) {
  boost::system::error_code ec;
  json::value value = json::parse(req.body, ec);
  if (ec) fail(Errc::bad_request, "structure", "Malformed JSON", "The request body is not valid JSON");
  if (!value.is_object()) fail(Errc::bad_request, "structure", "Malformed resource", "The body must be a JSON object");
  auto& o = value.get_object();
  auto* type = o.if_contains("resourceType");
  if (!type || !type->is_string())
    fail(Errc::bad_request, "structure", "Malformed resource", "resourceType is missing",
         {{"resourceType", "required"}});
  if (!expected_type.empty() && type->get_string() != expected_type)
    fail(Errc::validation, "invalid", "Wrong resource type",
         "Expected " + std::string(expected_type) + ", got " + std::string(type->get_string()),
         {{"resourceType", "must be " + std::string(expected_type)}});
  return std::move(o);
}

std::optional<std::string> if_match(const HttpRequest& req) {
  auto header = req.header("if-match");
  if (!header) return std::nullopt;
  std::string_view v = trim(*header);
  if (v.substr(0, 2) == "W/") v.remove_prefix(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  if (v.empty() || !valid_id(v))
    fail(Errc::bad_request, "invalid", "Bad If-Match", "If-Match must be W/\"{versionId}\"");
  return std::string(v);
}

void check_if_match(const HttpRequest& req, std::string_view current_version) {
  auto wanted = if_match(req);
  if (wanted && *wanted != current_version)
    fail(Errc::precondition_failed, "conflict", "Version conflict",
         "If-Match names version " + *wanted + ", the current version is " + std::string(current_version));
}

std::optional<std::vector<std::pair<std::string, std::string>>> parse_form(std::string_view rest) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!rest.empty()) {
    auto amp = rest.find('&');
    std::string_view piece = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    if (piece.empty()) continue;
    auto eq = piece.find('=');
    auto key = decode(piece.substr(0, eq));
    auto value = decode(eq == std::string_view::npos ? std::string_view{} : piece.substr(eq + 1));
    if (!key || !value) return std::nullopt;
    out.emplace_back(std::move(*key), std::move(*value));
  }
  return out;
}

std::optional<std::vector<std::pair<std::string, std::string>>> if_none_exist(const HttpRequest& req) {
  auto header = req.header("if-none-exist");
  if (!header) return std::nullopt;
  std::string_view rest = trim(*header);
  if (auto q = rest.find('?'); q != std::string_view::npos) rest = rest.substr(q + 1);  // "Patient?identifier=..."
  auto pairs = parse_form(rest);
  // A condition is a search: every piece needs a name and a value ("a" or "=x" is not one).
  bool well_formed = pairs && !pairs->empty() && std::ranges::none_of(*pairs, [](const auto& kv) {
                       return kv.first.empty() || kv.second.empty();
                     });
  if (!well_formed)
    fail(Errc::bad_request, "invalid", "Bad If-None-Exist", "If-None-Exist must be a search: identifier=system|value");
  return pairs;
}

Prefer prefer(const HttpRequest& req) {
  Prefer out;
  for (const auto& [name, value] : req.headers) {
    if (name != "prefer") continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      auto sep = rest.find_first_of(",;");
      auto item = lower(trim(rest.substr(0, sep)));
      rest = sep == std::string_view::npos ? std::string_view{} : rest.substr(sep + 1);
      if (item == "return=minimal") out.ret = Prefer::Return::minimal;
      else if (item == "return=representation") out.ret = Prefer::Return::representation;
      else if (item == "return=operationoutcome") out.ret = Prefer::Return::outcome;
      else if (item == "handling=lenient") out.lenient = true;
      else if (item == "handling=strict") out.lenient = false;
    }
  }
  return out;
}

bool valid_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.'; });
}

std::optional<Reference> parse_reference(std::string_view text, std::string_view default_type) {
  text = trim(text);
  if (text.starts_with("http://") || text.starts_with("https://")) {
    // Absolute: the last "Type/id" (or "Type/id/_history/v") of the URL.
    auto h = text.find("/_history/");
    if (h != std::string_view::npos) text = text.substr(0, h);
    auto slash = text.rfind('/');
    if (slash == std::string_view::npos || slash == 0) return std::nullopt;
    auto prev = text.rfind('/', slash - 1);
    if (prev == std::string_view::npos) return std::nullopt;
    text = text.substr(prev + 1);
  }
  if (auto h = text.find("/_history/"); h != std::string_view::npos) text = text.substr(0, h);
  auto slash = text.find('/');
  Reference out;
  if (slash == std::string_view::npos) {
    if (default_type.empty()) return std::nullopt;
    out = {std::string(default_type), std::string(text)};
  } else {
    out = {std::string(text.substr(0, slash)), std::string(text.substr(slash + 1))};
  }
  if (out.type.empty() || !std::isupper(static_cast<unsigned char>(out.type.front())) ||
      !std::all_of(out.type.begin(), out.type.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); }))
    return std::nullopt;
  if (!default_type.empty() && out.type != default_type) return std::nullopt;
  if (!valid_id(out.id)) return std::nullopt;
  return out;
}

json::object reference(std::string_view type, std::string_view id, std::string_view display) {
  json::object out{{"reference", std::string(type) + "/" + std::string(id)}};
  if (!display.empty()) out["display"] = display;
  return out;
}

json::object identifier(std::string_view system, std::string_view value) {
  return json::object{{"system", system}, {"value", value}};
}

json::object coding(std::string_view system, std::string_view code, std::string_view display) {
  json::object out{{"system", system}, {"code", code}};
  if (!display.empty()) out["display"] = display;
  return out;
}

json::object codeable(std::string_view system, std::string_view code, std::string_view display) {
  json::object out{{"coding", json::array{coding(system, code, display)}}};
  if (!display.empty()) out["text"] = display;
  return out;
}

json::object meta(std::string_view version_id, std::optional<Timestamp> last_updated) {
  json::object out;
  if (!version_id.empty()) out["versionId"] = version_id;
  if (last_updated) out["lastUpdated"] = instant(*last_updated);
  return out;
}

}  // namespace mk::fhir
