#include "api/guard.hpp"

#include "app/crypto.hpp"
#include "core/error.hpp"

namespace mk::api {

std::function<HttpResponse(HttpRequest&)> authed(app::Auth& auth, AuthedHandler handler) {
  return [&auth, handler = std::move(handler)](HttpRequest& req) {
    auto ctx = authenticate(auth, req);
    return handler(req, ctx);
  };
}

std::optional<app::IdempotencyInput> idempotency(const HttpRequest& req) {
  auto key = req.header("idempotency-key");
  if (!key) return std::nullopt;
  bool ok = !key->empty() && key->size() <= 255;
  for (char c : *key) ok = ok && c > 0x20 && c < 0x7f;
  if (!ok)
    throw Error(Errc::bad_request, "Bad Idempotency-Key", "the key must be 1 to 255 visible ASCII characters");
  return app::IdempotencyInput{std::string(*key), req.method + " " + req.path, app::sha256_hex(req.body)};
}

}  // namespace mk::api
