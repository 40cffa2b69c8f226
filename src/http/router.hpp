#pragma once
// Request-target parsing and route matching. Std only (no Beast), so it is unit-testable.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/http_message.hpp"

namespace mk::http {

using StringPairs = std::vector<std::pair<std::string, std::string>>;

// Decodes %XX escapes (and '+' as a space when plus_as_space, for query strings). Nullopt on a
// malformed escape or a decoded NUL: such input is a 400, never passed on half-decoded.
std::optional<std::string> percent_decode(std::string_view in, bool plus_as_space = false);

// "a=1&b=x+y&c" → {a,1},{b,"x y"},{c,""}; empty pieces are skipped.
std::optional<StringPairs> parse_query(std::string_view query);

struct Target {
  std::string path;                   // decoded path
  std::vector<std::string> segments;  // split on '/' before decoding, so "%2F" stays in one
  StringPairs query;                  // decoded, in order
};

// An origin-form target ("/a/b?x=1"); nullopt when it does not start with '/' or has a
// malformed escape.
std::optional<Target> parse_target(std::string_view target);

struct RouteMatch {
  const Route* route = nullptr;  // null: no route for this method and path
  StringPairs params;            // from the pattern's {name} segments
  std::string allow;             // path known under other methods ("GET, POST"): a 405
};

class Router {
 public:
  // Throws std::invalid_argument on a malformed pattern or a duplicate method + pattern.
  explicit Router(std::vector<Route> routes);

  RouteMatch match(std::string_view method, const std::vector<std::string>& segments) const;
  const std::vector<Route>& routes() const noexcept { return routes_; }

 private:
  struct Segment {
    std::string text;  // literal text, or the parameter name
    bool param = false;
  };
  struct Compiled {
    std::vector<Segment> segments;
    size_t index = 0;  // into routes_
  };

  static bool matches(const Compiled& c, const std::vector<std::string>& segments);
  static bool same_shape(const Compiled& a, const Compiled& b);
  static bool more_specific(const Compiled& a, const Compiled& b);

  std::vector<Route> routes_;
  std::vector<Compiled> compiled_;
};

}  // namespace mk::http
