#include "http/router.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace mk::http {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "/a/b/" → {"a", "b", ""}; "/" → {""}. The caller checked the leading '/'.
std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  path.remove_prefix(1);
  for (;;) {
    auto slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool valid_param_name(std::string_view name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view in, bool plus_as_space) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '+' && plus_as_space) {
      out.push_back(' ');
    } else if (c != '%') {
      out.push_back(c);
    } else {
      if (i + 2 >= in.size()) return std::nullopt;
      int hi = hex_value(in[i + 1]), lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    }
  }
  return out;
}

std::optional<StringPairs> parse_query(std::string_view query) {
  StringPairs out;
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view piece = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (piece.empty()) continue;
    auto eq = piece.find('=');
    auto key = percent_decode(piece.substr(0, eq), true);
    auto value = percent_decode(eq == std::string_view::npos ? std::string_view{} : piece.substr(eq + 1), true);
    if (!key || !value) return std::nullopt;
    out.emplace_back(std::move(*key), std::move(*value));
  }
  return out;
}

std::optional<Target> parse_target(std::string_view target) {
  if (target.empty() || target.front() != '/') return std::nullopt;
  auto question = target.find('?');
  std::string_view raw_path = target.substr(0, question);
  Target out;
  auto path = percent_decode(raw_path);
  if (!path) return std::nullopt;
  out.path = std::move(*path);
  for (auto raw : split_path(raw_path)) {
    auto segment = percent_decode(raw);
    if (!segment) return std::nullopt;
    out.segments.push_back(std::move(*segment));
  }
  if (question != std::string_view::npos) {
    auto query = parse_query(target.substr(question + 1));
    if (!query) return std::nullopt;
    out.query = std::move(*query);
  }
  return out;
}

Router::Router(std::vector<Route> routes) : routes_(std::move(routes)) {
  for (size_t i = 0; i < routes_.size(); ++i) {
    const auto& pattern = routes_[i].pattern;
    if (pattern.empty() || pattern.front() != '/') throw std::invalid_argument("route pattern must start with '/': " + pattern);
    Compiled c{{}, i};
    std::set<std::string_view> names;
    for (auto raw : split_path(pattern)) {
      bool param = raw.size() >= 2 && raw.front() == '{' && raw.back() == '}';
      std::string_view text = param ? raw.substr(1, raw.size() - 2) : raw;
      if (param && (!valid_param_name(text) || !names.insert(text).second))
        throw std::invalid_argument("bad parameter in route pattern: " + pattern);
      if (!param && text.find_first_of("{}") != std::string_view::npos)
        throw std::invalid_argument("a parameter must be a whole segment: " + pattern);
      c.segments.push_back({std::string(text), param});
    }
    for (const auto& other : compiled_)
      if (routes_[other.index].method == routes_[i].method && same_shape(other, c))
        throw std::invalid_argument("duplicate route: " + routes_[i].method + " " + pattern);
    compiled_.push_back(std::move(c));
  }
}

bool Router::same_shape(const Compiled& a, const Compiled& b) {
  if (a.segments.size() != b.segments.size()) return false;
  for (size_t i = 0; i < a.segments.size(); ++i) {
    const auto &x = a.segments[i], &y = b.segments[i];
    if (x.param != y.param || (!x.param && x.text != y.text)) return false;
  }
  return true;
}

bool Router::matches(const Compiled& c, const std::vector<std::string>& segments) {
  if (c.segments.size() != segments.size()) return false;
  for (size_t i = 0; i < segments.size(); ++i) {
    const auto& s = c.segments[i];
    if (s.param ? segments[i].empty() : s.text != segments[i]) return false;
  }
  return true;
}

// Literal segments beat parameters, leftmost first: "/consults/export" wins over "/consults/{id}".
bool Router::more_specific(const Compiled& a, const Compiled& b) {
  for (size_t i = 0; i < a.segments.size() && i < b.segments.size(); ++i)
    if (a.segments[i].param != b.segments[i].param) return !a.segments[i].param;
  return false;
}

RouteMatch Router::match(std::string_view method, const std::vector<std::string>& segments) const {
  RouteMatch out;
  const Compiled* best = nullptr;
  std::set<std::string> allowed;
  for (const auto& c : compiled_) {
    if (!matches(c, segments)) continue;
    const Route& route = routes_[c.index];
    allowed.insert(route.method);
    if (route.method == method && (!best || more_specific(c, *best))) best = &c;
  }
  if (best) {
    out.route = &routes_[best->index];
    for (size_t i = 0; i < segments.size(); ++i)
      if (best->segments[i].param) out.params.emplace_back(best->segments[i].text, segments[i]);
    return out;
  }
  for (const auto& m : allowed) out.allow += (out.allow.empty() ? "" : ", ") + m;
  return out;
}

}  // namespace mk::http
