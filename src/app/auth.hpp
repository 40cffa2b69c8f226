#pragma once
// Authentication: password (argon2id) + optional TOTP login into a server-side session,
// bearer tokens for integrations, and login throttling. Sessions, tokens and throttle
// counters live in the store, so every instance sees them.
#include <mutex>
#include <optional>
#include <string>

#include "app/audit.hpp"
#include "app/context.hpp"
#include "app/credential_cache.hpp"
#include "app/crypto.hpp"
#include "core/clock.hpp"
#include "store/store.hpp"

namespace mk::app {

struct AuthSettings {
  std::chrono::minutes session_lifetime{12 * 60};
  int max_failures = 5;  // within failure_window, then 429 until the window has passed
  std::chrono::minutes failure_window{15};
  PasswordCost password_cost = PasswordCost::interactive();
};

struct LoginInput {
  std::string email, password, totp;
  std::string ip, request_id;
};

struct LoginResult {
  std::string session_token;  // the cookie value; only its hash is stored
  std::string csrf_token;
  Timestamp expires_at;
  std::chrono::seconds max_age;  // for the cookie
  domain::User user;
};

class Auth {
 public:
  // `credentials` remembers verified sessions and tokens briefly (app/credential_cache.hpp).
  Auth(store::Store& store, const Clock& clock, AuditTrail& audit, CredentialCache& credentials,
       AuthSettings settings = {});

  // Throws Error{unauthorized} for a wrong e-mail/password/TOTP (one message for all, so
  // accounts cannot be probed) and Error{too_many_requests} when throttled.
  LoginResult login(const LoginInput& in);
  void logout(const RequestContext& ctx, const std::string& session_token);
  // Where a credential may be looked up: in the store when it is not in memory, or only in
  // memory (CredentialCache) — for a fast path that may not block on the database, and falls
  // back to a full lookup when the answer is nullopt.
  enum class Lookup { anywhere, memory_only };
  std::optional<Authenticated> from_session(const std::string& session_token, Lookup lookup = Lookup::anywhere);
  std::optional<Authenticated> from_bearer(const std::string& token, Lookup lookup = Lookup::anywhere);
  // For `meekijk token create`: a new bearer token for the user with this e-mail.
  std::string create_token(const std::string& email, const std::string& label);

  // Enrols a second factor (TOTP) for the user; returns the otpauth:// URI for the
  // authenticator app. From then on login needs the 6-digit code.
  std::string enroll_totp(const std::string& email);

  static Actor actor_of(const domain::User& u);

  // Makes the hash that a login with an unknown e-mail is verified against (one argon2id
  // hash, ~0.1 s of CPU). A serving runtime calls it before it listens, so the first such
  // login takes as long as any other; commands that never log anyone in never pay for it.
  void prepare_logins();

 private:
  void fail(const LoginInput& in, std::string_view outcome);
  const std::string& dummy_hash();

  store::Store& store_;
  const Clock& clock_;
  AuditTrail& audit_;
  AuthSettings settings_;
  CredentialCache& credentials_;
  // Verified against when the e-mail is unknown, so response time does not reveal accounts.
  std::once_flag dummy_once_;
  std::string dummy_hash_;
};

std::string normalise_email(std::string_view email);

}  // namespace mk::app
