#pragma once
// RFC 9457 problem details, the error format of the JSON API:
// {"type": "https://meekijk.nl/problems/<slug>", "title", "status", "detail",
//  "errors": [{"field", "message"}], "request_id"}.
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/http_message.hpp"

namespace mk::http {

inline constexpr std::string_view kProblemContentType = "application/problem+json";
inline constexpr std::string_view kProblemTypeBase = "https://meekijk.nl/problems/";

std::string problem_json(const Error& error, std::string_view request_id);

// A complete response: status from the error code, problem+json body.
// A 503 carries Retry-After (seconds): the database or the server is back shortly.
HttpResponse problem_response(const Error& error, std::string_view request_id, int retry_after_seconds = 2);

}  // namespace mk::http
