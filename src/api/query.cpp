#include "api/query.hpp"

#include <charconv>

#include "core/error.hpp"

namespace mk::api {

std::string query_text(const HttpRequest& req, std::string_view name) {
  return std::string(req.query_param(name).value_or(""));
}

int query_int(const HttpRequest& req, std::string_view name, int fallback) {
  auto text = req.query_param(name);
  if (!text) return fallback;
  int value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (text->empty() || ec != std::errc() || end != text->data() + text->size())
    throw Error(Errc::validation, "The request has invalid fields", std::string(name) + ": not a whole number",
                {{std::string(name), "must be a whole number"}});
  return value;
}

std::optional<std::string> query_opt(const HttpRequest& req, std::string_view name) {
  auto t = query_text(req, name);
  if (t.empty()) return std::nullopt;
  return t;
}

}  // namespace mk::api
