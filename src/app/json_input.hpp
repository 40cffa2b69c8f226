#pragma once
// Reading client JSON with every problem named by its field path ("patient.bsn",
// "users[3].role"): wrong types and unknown fields are validation errors, not crashes.
#include <boost/json/value.hpp>

#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace mk::app {

// Parses a request body; throws Error{bad_request} saying where the JSON breaks.
boost::json::value parse_json(std::string_view text);
// The body must be a JSON object (an empty body counts as {}).
boost::json::object parse_json_object(std::string_view text);

class JsonFields {
 public:
  JsonFields(const boost::json::object& object, std::string prefix, Validation& v)
      : object_(object), prefix_(std::move(prefix)), v_(v) {}

  std::optional<std::string> text(std::string_view key);
  std::optional<bool> boolean(std::string_view key);
  std::optional<int64_t> integer(std::string_view key);
  std::optional<std::vector<std::string>> texts(std::string_view key);
  const boost::json::object* object(std::string_view key);
  const boost::json::array* array(std::string_view key);
  // Every key not in `known` is reported as an unknown field.
  void only(std::initializer_list<std::string_view> known) { only(std::span(known.begin(), known.size())); }
  void only(std::span<const std::string_view> known);
  std::string path(std::string_view key) const { return prefix_ + std::string(key); }
  Validation& validation() { return v_; }

 private:
  const boost::json::value* find(std::string_view key);
  const boost::json::object& object_;
  std::string prefix_;
  Validation& v_;
};

}  // namespace mk::app
