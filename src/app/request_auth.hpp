#pragma once
// Authentication at the edge of a surface (the JSON API, FHIR): session cookie (+ CSRF token on
// unsafe methods) or bearer token, turned into the RequestContext every use case takes. Lives
// in app/ so that api/ and fhir/ share it without depending on each other (DESIGN §9).
#include <optional>
#include <string>
#include <string_view>

#include "app/auth.hpp"
#include "app/context.hpp"
#include "core/http_message.hpp"

namespace mk::app {

inline constexpr std::string_view kSessionCookie = "mk_session";

// Throws Error{unauthorized} without valid credentials, Error{forbidden} when a cookie
// session sends an unsafe request without its CSRF token.
RequestContext authenticate(Auth& auth, const HttpRequest& req);
// The same from remembered credentials only (never the database), for a fast path: nullopt
// when the credentials are not in memory or anything is wrong with them — the caller then
// runs authenticate() for the full lookup or the error.
std::optional<RequestContext> authenticate_from_memory(Auth& auth, const HttpRequest& req);

std::optional<std::string> cookie(const HttpRequest& req, std::string_view name);

}  // namespace mk::app
