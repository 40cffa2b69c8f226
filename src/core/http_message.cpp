#include "core/http_message.hpp"

#include <cassert>

namespace mk {

std::optional<std::string_view> HttpRequest::header(std::string_view lower_name) const {
  for (const auto& [k, v] : headers)
    if (k == lower_name) return std::string_view(v);
  return std::nullopt;
}

std::optional<std::string_view> HttpRequest::query_param(std::string_view name) const {
  for (const auto& [k, v] : query)
    if (k == name) return std::string_view(v);
  return std::nullopt;
}

const std::string& HttpRequest::param(std::string_view name) const {
  for (const auto& [k, v] : params)
    if (k == name) return v;
  assert(false && "route parameter not declared in the pattern");
  static const std::string empty;
  return empty;
}

}  // namespace mk
