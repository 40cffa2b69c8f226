#pragma once
// Authentication at the edge of the API: session cookie (+ CSRF token on unsafe methods) or
// bearer token, turned into the RequestContext every use case takes.
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "app/auth.hpp"
#include "core/http_message.hpp"

namespace mk::api {

inline constexpr std::string_view kSessionCookie = "mk_session";

using AuthedHandler = std::function<HttpResponse(HttpRequest&, const app::RequestContext&)>;

// Throws Error{unauthorized} without valid credentials, Error{forbidden} when a cookie
// session sends an unsafe request without its CSRF token.
app::RequestContext authenticate(app::Auth& auth, const HttpRequest& req);
std::function<HttpResponse(HttpRequest&)> authed(app::Auth& auth, AuthedHandler handler);

std::optional<std::string> cookie(const HttpRequest& req, std::string_view name);
// The Idempotency-Key of a POST, with the body's fingerprint; Error{bad_request} when malformed.
std::optional<app::IdempotencyInput> idempotency(const HttpRequest& req);

}  // namespace mk::api
