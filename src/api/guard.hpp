#pragma once
// Authentication at the edge of the API: session cookie (+ CSRF token on unsafe methods) or
// bearer token, turned into the RequestContext every use case takes.
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "app/auth.hpp"
#include "app/request_auth.hpp"
#include "core/http_message.hpp"

namespace mk::api {

using app::kSessionCookie;

using AuthedHandler = std::function<HttpResponse(HttpRequest&, const app::RequestContext&)>;

// authenticate() and cookie() are app/request_auth.hpp's, shared with fhir/.
using app::authenticate;
using app::cookie;
std::function<HttpResponse(HttpRequest&)> authed(app::Auth& auth, AuthedHandler handler);

// The Idempotency-Key of a POST, with the body's fingerprint; Error{bad_request} when malformed.
std::optional<app::IdempotencyInput> idempotency(const HttpRequest& req);

}  // namespace mk::api
