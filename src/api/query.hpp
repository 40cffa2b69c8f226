#pragma once
// Query-string parameters with strict parsing: "limit=5x" is an error naming `limit`, never 5.
#include <optional>
#include <string>
#include <string_view>

#include "core/http_message.hpp"

namespace mk::api {

std::string query_text(const HttpRequest& req, std::string_view name);
// The parameter, or none when absent or empty.
std::optional<std::string> query_opt(const HttpRequest& req, std::string_view name);
// The whole value must be a decimal integer; throws Error{validation} naming the parameter.
int query_int(const HttpRequest& req, std::string_view name, int fallback);

}  // namespace mk::api
