#include "app/auth.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace mk::app {
namespace {

Error bad_login() {
  return Error(Errc::unauthorized, "Login failed", "the e-mail address, password or code is not right");
}

}  // namespace

std::string normalise_email(std::string_view email) {
  std::string out(email);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  auto b = out.find_first_not_of(' ');
  auto e = out.find_last_not_of(' ');
  return b == std::string::npos ? std::string{} : out.substr(b, e - b + 1);
}

Auth::Auth(store::Store& store, const Clock& clock, AuditTrail& audit, CredentialCache& credentials,
           AuthSettings settings)
    : store_(store),
      clock_(clock),
      audit_(audit),
      settings_(settings),
      credentials_(credentials) {}

void Auth::prepare_logins() { dummy_hash(); }

const std::string& Auth::dummy_hash() {
  std::call_once(dummy_once_, [this] { dummy_hash_ = hash_password(random_token(16), settings_.password_cost); });
  return dummy_hash_;
}

Actor Auth::actor_of(const domain::User& u) {
  return Actor{u.id, u.name, u.email, u.role, u.organization_id, u.agb, u.services, std::nullopt};
}

void Auth::fail(const LoginInput& in, std::string_view outcome) {
  auto email = normalise_email(in.email);
  store_.write([&](store::WriteTx& tx) {
    tx.record_login_failure(email, clock_.now());
    audit_.record_unauthenticated(tx, email, in.ip, in.request_id, {"session.login", "E", outcome});
  });
}

LoginResult Auth::login(const LoginInput& in) {
  auto email = normalise_email(in.email);
  Validation v;
  v.require(!email.empty(), "email", "is required");
  v.require(!in.password.empty(), "password", "is required");
  v.throw_if_any();

  auto now = clock_.now();
  auto [user, failures] = store_.read([&](store::ReadTx& tx) {
    return std::pair{tx.user_by_email(email), tx.login_failures_since(email, now - settings_.failure_window)};
  });
  if (failures >= settings_.max_failures) {
    fail(in, "throttled");
    throw Error(Errc::too_many_requests, "Too many failed logins",
                "wait " + std::to_string(settings_.failure_window.count()) + " minutes before trying again");
  }
  bool ok = verify_password(user ? user->password_hash : dummy_hash(), in.password) && user && user->active;
  if (ok && !user->totp_secret.empty()) {
    if (in.totp.empty()) {
      fail(in, "failed");
      throw Error(Errc::unauthorized, "Second factor required", "enter the 6-digit code of your authenticator app",
                  {{"totp", "is required for this account"}});
    }
    ok = verify_totp(user->totp_secret, in.totp, now);
  }
  if (!ok) {
    fail(in, "failed");
    throw bad_login();
  }

  LoginResult result{random_token(32), random_token(32), now + settings_.session_lifetime,
                     std::chrono::duration_cast<std::chrono::seconds>(settings_.session_lifetime), *user};
  store_.write([&](store::WriteTx& tx) {
    tx.clear_login_failures(email);
    tx.delete_sessions_expired_before(now);
    tx.insert_session({sha256_hex(result.session_token), user->id, result.csrf_token, now, result.expires_at});
    RequestContext ctx{actor_of(*user), in.ip, in.request_id};
    audit_.record(tx, ctx, {"session.login", "E"}, {"", "session", "", "", "", ""});
  });
  return result;
}

void Auth::logout(const RequestContext& ctx, const std::string& session_token) {
  auto hash = sha256_hex(session_token);
  credentials_.forget("s" + hash);
  store_.write([&](store::WriteTx& tx) {
    tx.delete_session(hash);
    audit_.record(tx, ctx, {"session.logout", "E"}, {"", "session", "", "", "", ""});
  });
}

std::optional<Authenticated> Auth::from_session(const std::string& session_token, Lookup lookup) {
  if (session_token.empty() || session_token.size() > 128) return std::nullopt;
  auto now = clock_.now();
  auto hash = sha256_hex(session_token);
  auto key = "s" + hash;
  if (auto hit = credentials_.find(key)) {
    if (hit->expires_at && *hit->expires_at <= now) return std::nullopt;
    return hit->who;
  }
  if (lookup == Lookup::memory_only) return std::nullopt;
  auto generation = credentials_.generation();
  return store_.read([&](store::ReadTx& tx) -> std::optional<Authenticated> {
    auto s = tx.session(hash);
    if (!s || s->expires_at <= now) return std::nullopt;
    auto u = tx.user(s->user_id);
    if (!u || !u->active) return std::nullopt;
    Authenticated who{actor_of(*u), s->csrf_token};
    credentials_.put(key, {who, s->expires_at}, generation);
    return who;
  });
}

std::optional<Authenticated> Auth::from_bearer(const std::string& token, Lookup lookup) {
  if (token.empty() || token.size() > 128) return std::nullopt;
  auto hash = sha256_hex(token);
  auto key = "b" + hash;
  if (auto hit = credentials_.find(key)) return hit->who;
  if (lookup == Lookup::memory_only) return std::nullopt;
  auto generation = credentials_.generation();
  return store_.read([&](store::ReadTx& tx) -> std::optional<Authenticated> {
    auto t = tx.api_token(hash);
    if (!t) return std::nullopt;
    auto u = tx.user(t->user_id);
    if (!u || !u->active) return std::nullopt;
    Authenticated who{actor_of(*u), ""};
    credentials_.put(key, {who, std::nullopt}, generation);
    return who;
  });
}

std::string Auth::create_token(const std::string& email, const std::string& label) {
  auto token = random_token(32);
  auto normalised = normalise_email(email);
  store_.write([&](store::WriteTx& tx) {
    auto u = tx.user_by_email(normalised);
    if (!u) throw Error(Errc::not_found, "User not found", "no user with e-mail " + normalised);
    tx.insert_api_token({sha256_hex(token), u->id, label, clock_.now()});
  });
  return token;
}

}  // namespace mk::app

namespace mk::app {

std::string Auth::enroll_totp(const std::string& email) {
  auto secret = random_base32_secret();
  auto normalised = normalise_email(email);
  store_.write([&](store::WriteTx& tx) {
    auto u = tx.user_by_email(normalised);
    if (!u) throw Error(Errc::not_found, "User not found", "no user with e-mail " + normalised);
    u->totp_secret = secret;
    tx.save_user(*u);
  });
  std::string upper;
  for (char c : secret) upper.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return "otpauth://totp/meekijk:" + normalised + "?secret=" + upper + "&issuer=meekijk&algorithm=SHA1&digits=6&period=30";
}

}  // namespace mk::app
