#include "app/request_auth.hpp"

#include "app/crypto.hpp"
#include "core/error.hpp"

namespace mk::app {
namespace {

bool unsafe(const std::string& method) { return method != "GET" && method != "HEAD" && method != "OPTIONS"; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<std::string> cookie(const HttpRequest& req, std::string_view name) {
  for (const auto& [k, v] : req.headers) {
    if (k != "cookie") continue;
    std::string_view rest = v;
    while (!rest.empty()) {
      auto semi = rest.find(';');
      auto part = trim(rest.substr(0, semi));
      rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
      auto eq = part.find('=');
      if (eq != std::string_view::npos && part.substr(0, eq) == name) return std::string(part.substr(eq + 1));
    }
  }
  return std::nullopt;
}

namespace {

// The caller's credentials, looked up as `lookup` allows; throws for malformed ones and for a
// missing CSRF token.
std::optional<Authenticated> caller(Auth& auth, const HttpRequest& req, Auth::Lookup lookup) {
  std::optional<Authenticated> who;
  if (auto header = req.header("authorization")) {
    if (header->substr(0, 7) != "Bearer ")
      throw Error(Errc::unauthorized, "Not logged in", "the Authorization header must be 'Bearer <token>'");
    who = auth.from_bearer(std::string(trim(header->substr(7))), lookup);
  } else if (auto token = cookie(req, kSessionCookie)) {
    who = auth.from_session(*token, lookup);
    if (who && unsafe(req.method)) {
      auto csrf = req.header("x-csrf-token");
      if (!csrf || !constant_time_equal(*csrf, who->csrf_token))
        throw Error(Errc::forbidden, "CSRF token missing or wrong",
                    "send the csrf_token from POST /api/v1/session as the X-CSRF-Token header");
    }
  }
  return who;
}

}  // namespace

std::optional<RequestContext> authenticate_from_memory(Auth& auth, const HttpRequest& req) {
  try {
    auto who = caller(auth, req, Auth::Lookup::memory_only);
    if (!who) return std::nullopt;
    return RequestContext{std::move(who->actor), req.remote_ip, req.request_id};
  } catch (const Error&) {
    return std::nullopt;
  }
}

RequestContext authenticate(Auth& auth, const HttpRequest& req) {
  auto who = caller(auth, req, Auth::Lookup::anywhere);
  if (!who) throw Error(Errc::unauthorized, "Not logged in", "log in with POST /api/v1/session or send a bearer token");
  return RequestContext{std::move(who->actor), req.remote_ip, req.request_id};
}

}  // namespace mk::app
