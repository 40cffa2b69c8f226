#pragma once
// A small HTTP/1.1 client for the API tests over real sockets: one connection per request,
// every wait bounded (a hanging server fails a test instead of hanging the suite). Beast
// stays in client.cpp so the test files compile quickly.
#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mk::apitest {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Response {
  int status = 0;
  Headers headers;  // names lower-case, in arrival order
  std::string body;

  std::optional<std::string> header(std::string_view name) const;  // case-insensitive, first one
  bool has_header(std::string_view name) const { return header(name).has_value(); }
  // The body as JSON; a parse failure is a test failure (and yields null).
  boost::json::value json() const;
  boost::json::object object() const;  // {} when the body is not an object
  // Field names of a problem+json's errors[] (for "422 naming the field").
  std::vector<std::string> error_fields() const;
  bool names_field(std::string_view field) const;
  std::string describe() const;  // "422 {...}" for assertion messages
};

struct Request {
  std::string method = "GET";
  std::string target;
  std::string body;
  Headers headers;
  bool chunked = false;  // Transfer-Encoding: chunked instead of Content-Length
};

// Sends one request on a fresh connection to 127.0.0.1:port and reads the response. The body
// is written while the response is read, so an early answer (413 before the body) arrives.
// A transport failure yields status 0 and the error text as body.
Response send(uint16_t port, const Request& request);

}  // namespace mk::apitest
