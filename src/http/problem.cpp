#include "http/problem.hpp"

#include <boost/json.hpp>

namespace mk::http {

std::string problem_json(const Error& error, std::string_view request_id) {
  boost::json::array errors;
  errors.reserve(error.errors().size());
  for (const auto& e : error.errors())
    errors.push_back(boost::json::object{{"field", e.field}, {"message", e.message}});

  boost::json::object body;
  body["type"] = std::string(kProblemTypeBase) + errc_slug(error.code());
  body["title"] = error.title();
  body["status"] = http_status(error.code());
  body["detail"] = error.detail();
  body["errors"] = std::move(errors);
  body["request_id"] = request_id;
  return boost::json::serialize(body);
}

HttpResponse problem_response(const Error& error, std::string_view request_id, int retry_after_seconds) {
  HttpResponse res;
  res.status = http_status(error.code());
  res.content_type = std::string(kProblemContentType);
  res.body = problem_json(error, request_id);
  // Unavailable (database gone, shutting down, overloaded) is temporary: say when to retry.
  if (res.status == 503) res.header("Retry-After", std::to_string(retry_after_seconds));
  return res;
}

}  // namespace mk::http
