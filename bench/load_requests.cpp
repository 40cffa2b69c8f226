#include "load_requests.hpp"

#include <boost/json.hpp>

namespace bench {

std::optional<Kind> parse_kind(std::string_view s) {
  if (s == "healthz") return Kind::healthz;
  if (s == "create") return Kind::create;
  if (s == "read") return Kind::read;
  if (s == "fhir-tasks") return Kind::fhir_tasks;
  if (s == "fhir-read") return Kind::fhir_read;
  return std::nullopt;
}

bool needs_pool(Kind k) { return k == Kind::read || k == Kind::fhir_tasks || k == Kind::fhir_read; }

std::string_view to_string(Kind k) {
  switch (k) {
    case Kind::healthz: return "healthz";
    case Kind::create: return "create";
    case Kind::read: return "read";
    case Kind::fhir_tasks: return "fhir-tasks";
    case Kind::fhir_read: return "fhir-read";
  }
  return "?";
}

std::vector<std::string> test_bsns() {
  // 11-check: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 ≡ 0 (mod 11). For 99999abc d the first five
  // digits give 9·(9+8+7+6+5) = 315, so d = (315 + 4a + 3b + 2c) mod 11 when that is ≤ 9.
  std::vector<std::string> out;
  for (int abc = 0; abc < 1000; ++abc) {
    int a = abc / 100, b = abc / 10 % 10, c = abc % 10;
    int d = (315 + 4 * a + 3 * b + 2 * c) % 11;
    if (d > 9) continue;
    out.push_back("99999" + std::to_string(abc + 1000).substr(1) + std::to_string(d));
  }
  return out;
}

RequestFactory::RequestFactory(std::string host, std::string token, std::string service_id)
    : host_(std::move(host)), token_(std::move(token)), service_id_(std::move(service_id)), bsns_(test_bsns()) {}

Request RequestFactory::base(bhttp::verb verb, std::string target) const {
  Request req{verb, target, 11};
  req.set(bhttp::field::host, host_);
  req.set(bhttp::field::user_agent, "meekijk-load");
  if (!token_.empty()) req.set(bhttp::field::authorization, "Bearer " + token_);
  return req;
}

Request RequestFactory::fhir_get(std::string target) const {
  auto req = base(bhttp::verb::get, std::move(target));
  req.set(bhttp::field::accept, "application/fhir+json");
  req.prepare_payload();
  return req;
}

std::string RequestFactory::create_body(uint64_t n) const {
  namespace json = boost::json;
  static constexpr const char* kSex[] = {"female", "male", "female", "unknown"};
  json::object patient{{"bsn", bsns_[n % bsns_.size()]},
                       {"name", "Bench Patiënt " + std::to_string(n)},
                       {"birth_date", std::to_string(1940 + n % 80) + "-0" + std::to_string(1 + n % 9) + "-15"},
                       {"sex", kSex[n % 4]},
                       {"postcode", "3083AB"}};
  json::object body{{"service_id", service_id_},
                    {"patient", std::move(patient)},
                    {"question",
                     "Sinds drie maanden een schilferende, licht jeukende plek op de rechter onderarm, "
                     "circa 2 cm. Geen reactie op hydrocortison 1%. Graag uw advies: eczeem of "
                     "psoriasis, of toch verder onderzoek?"},
                    {"clinical_context", "Voorgeschiedenis blanco. Geen medicatie. Foto volgt."},
                    {"urgency", "routine"},
                    {"intended_referral", "unsure"},
                    {"patient_informed", true}};
  return json::serialize(body);
}

Request RequestFactory::make(Kind kind) {
  uint64_t n = seq_.fetch_add(1, std::memory_order_relaxed);
  switch (kind) {
    case Kind::healthz: {
      auto req = base(bhttp::verb::get, "/healthz");
      req.prepare_payload();
      return req;
    }
    case Kind::create: {
      auto req = base(bhttp::verb::post, "/api/v1/consults");
      req.set(bhttp::field::content_type, "application/json");
      req.body() = create_body(n);
      req.prepare_payload();
      return req;
    }
    case Kind::read: {
      auto req = base(bhttp::verb::get, "/api/v1/consults/" + pool_[n % pool_.size()]);
      req.prepare_payload();
      return req;
    }
    case Kind::fhir_tasks:  // the hospital's worklist poll: one page of its service's new consults
      return fhir_get("/fhir/Task?owner=HealthcareService/" + service_id_ + "&status=requested&_count=20");
    case Kind::fhir_read:  // one consult = one ServiceRequest with the consult's id
      return fhir_get("/fhir/ServiceRequest/" + pool_[n % pool_.size()]);
  }
  return base(bhttp::verb::get, "/");
}

std::string created_id(const Response& res) {
  auto it = res.find(bhttp::field::location);
  if (it == res.end()) return {};
  std::string_view loc = it->value();
  auto slash = loc.rfind('/');
  return std::string(slash == std::string_view::npos ? loc : loc.substr(slash + 1));
}

}  // namespace bench
