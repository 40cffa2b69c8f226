#include "app/json_input.hpp"

#include <boost/json/parse.hpp>

namespace mk::app {

boost::json::value parse_json(std::string_view text) {
  boost::system::error_code ec;
  boost::json::parse_options options;
  options.max_depth = 32;
  auto value = boost::json::parse(text, ec, {}, options);
  if (ec) throw Error(Errc::bad_request, "Malformed JSON", "the body is not valid JSON: " + ec.message());
  return value;
}

boost::json::object parse_json_object(std::string_view text) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return {};
  auto value = parse_json(text);
  if (!value.is_object()) throw Error(Errc::bad_request, "Malformed JSON", "the body must be a JSON object");
  return std::move(value.as_object());
}

const boost::json::value* JsonFields::find(std::string_view key) {
  auto it = object_.find(key);
  if (it == object_.end() || it->value().is_null()) return nullptr;
  return &it->value();
}

std::optional<std::string> JsonFields::text(std::string_view key) {
  auto v = find(key);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    v_.add(path(key), "must be a string");
    return std::nullopt;
  }
  return std::string(v->as_string());
}

std::optional<bool> JsonFields::boolean(std::string_view key) {
  auto v = find(key);
  if (!v) return std::nullopt;
  if (!v->is_bool()) {
    v_.add(path(key), "must be true or false");
    return std::nullopt;
  }
  return v->as_bool();
}

std::optional<int64_t> JsonFields::integer(std::string_view key) {
  auto v = find(key);
  if (!v) return std::nullopt;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64() && v->as_uint64() <= uint64_t(INT64_MAX)) return int64_t(v->as_uint64());
  if (v->is_double() && v->as_double() == double(int64_t(v->as_double()))) return int64_t(v->as_double());
  v_.add(path(key), "must be a whole number");
  return std::nullopt;
}

std::optional<std::vector<std::string>> JsonFields::texts(std::string_view key) {
  auto v = find(key);
  if (!v) return std::nullopt;
  if (!v->is_array()) {
    v_.add(path(key), "must be a list of strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& item : v->as_array()) {
    if (!item.is_string()) {
      v_.add(path(key), "must be a list of strings");
      return std::nullopt;
    }
    out.emplace_back(item.as_string());
  }
  return out;
}

const boost::json::object* JsonFields::object(std::string_view key) {
  auto v = find(key);
  if (!v) return nullptr;
  if (!v->is_object()) {
    v_.add(path(key), "must be an object");
    return nullptr;
  }
  return &v->as_object();
}

const boost::json::array* JsonFields::array(std::string_view key) {
  auto v = find(key);
  if (!v) return nullptr;
  if (!v->is_array()) {
    v_.add(path(key), "must be a list");
    return nullptr;
  }
  return &v->as_array();
}

void JsonFields::only(std::span<const std::string_view> known) {
  for (const auto& kv : object_) {
    bool ok = false;
    for (auto k : known) ok = ok || kv.key() == k;
    if (!ok) v_.add(path(kv.key()), "is not a known field");
  }
}

}  // namespace mk::app
