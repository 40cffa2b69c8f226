#pragma once
// What meekijk-load sends: GET /healthz, POST /api/v1/consults with a valid body,
// GET /api/v1/consults/{id} over a pool of consults created beforehand, and the FHIR worklist
// requests (issue 7): GET /fhir/Task?owner=HealthcareService/{service}&status=requested&_count=20
// and GET /fhir/ServiceRequest/{id} over the pool.
#include <boost/beast/http.hpp>

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bench {

namespace bhttp = boost::beast::http;
using Request = bhttp::request<bhttp::string_body>;
using Response = bhttp::response<bhttp::string_body>;

enum class Kind { healthz, create, read, fhir_tasks, fhir_read };
// The kinds that need a pool of consults created before the run.
bool needs_pool(Kind k);
std::optional<Kind> parse_kind(std::string_view s);
std::string_view to_string(Kind k);

// BSNs 99999xxxx that pass the 11-check (the 99999 range is not issued to real people).
std::vector<std::string> test_bsns();

// Builds the requests; shared by every connection and thread, so the counter is atomic and
// everything else is read-only once the run starts.
class RequestFactory {
 public:
  RequestFactory(std::string host, std::string token, std::string service_id);

  Request make(Kind kind);
  void set_pool(std::vector<std::string> consult_ids) { pool_ = std::move(consult_ids); }
  size_t pool_size() const { return pool_.size(); }

 private:
  Request base(bhttp::verb verb, std::string target) const;
  Request fhir_get(std::string target) const;
  std::string create_body(uint64_t n) const;

  std::string host_;
  std::string token_;
  std::string service_id_;
  std::vector<std::string> bsns_;
  std::vector<std::string> pool_;
  std::atomic<uint64_t> seq_{0};
};

// The consult id from a 201's Location header (/api/v1/consults/{id}), or "" when absent.
std::string created_id(const Response& res);

}  // namespace bench
