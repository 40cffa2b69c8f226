// PgTx: sessions, API tokens, login failures, idempotency records, meta and notifications.
#include "store/notify.hpp"
#include "store/postgres/rows.hpp"
#include "store/postgres/tx.hpp"

namespace mk::store::pg {

std::optional<SessionRecord> PgTx::session(std::string_view token_hash) {
  auto r = conn_.exec("SELECT token_hash, user_id, csrf_token, created_at, expires_at FROM sessions WHERE token_hash = $1",
                      Params().add(token_hash));
  if (r.rows() == 0) return std::nullopt;
  Row row = r.row(0);
  return SessionRecord{row.text(0), UserId(row.text(1)), row.text(2), row.timestamp(3), row.timestamp(4)};
}

std::optional<ApiToken> PgTx::api_token(std::string_view token_hash) {
  auto r = conn_.exec("SELECT token_hash, user_id, label, created_at FROM api_tokens WHERE token_hash = $1",
                      Params().add(token_hash));
  if (r.rows() == 0) return std::nullopt;
  Row row = r.row(0);
  return ApiToken{row.text(0), UserId(row.text(1)), row.text(2), row.timestamp(3)};
}

int PgTx::login_failures_since(std::string_view email, Timestamp since) {
  auto r = conn_.exec("SELECT count(*) FROM login_failures WHERE email = $1 AND at >= $2",
                      Params().add_all(email, since));
  return r.first().integer(0);
}

std::optional<IdempotencyRecord> PgTx::idempotency(const UserId& user, std::string_view key) {
  auto r = conn_.exec(
      "SELECT user_id, key, route, fingerprint, status, resource_id, created_at FROM idempotency "
      "WHERE user_id = $1 AND key = $2",
      Params().add_all(user, key));
  if (r.rows() == 0) {
    if (mode_ == Mode::write) absent_keys_.emplace(user.str(), std::string(key));
    return std::nullopt;
  }
  Row row = r.row(0);
  return IdempotencyRecord{UserId(row.text(0)), row.text(1),     row.text(2),        row.text(3),
                           row.integer(4),      row.text(5),     row.timestamp(6)};
}

std::optional<std::string> PgTx::meta(std::string_view key) {
  auto r = conn_.exec("SELECT value FROM meta WHERE key = $1", Params().add(key));
  if (r.rows() == 0) return std::nullopt;
  return r.row(0).text(0);
}

void PgTx::insert_session(const SessionRecord& s) {
  conn_.exec("INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
             Params().add_all(s.token_hash, s.user_id, s.csrf_token, s.created_at, s.expires_at));
}

void PgTx::delete_session(std::string_view token_hash) {
  conn_.exec("DELETE FROM sessions WHERE token_hash = $1", Params().add(token_hash));
}

void PgTx::delete_sessions_expired_before(Timestamp t) {
  conn_.exec("DELETE FROM sessions WHERE expires_at < $1", Params().add(t));
}

void PgTx::insert_api_token(const ApiToken& t) {
  conn_.exec("INSERT INTO api_tokens (token_hash, user_id, label, created_at) VALUES ($1, $2, $3, $4)",
             Params().add_all(t.token_hash, t.user_id, t.label, t.created_at));
}

void PgTx::record_login_failure(std::string_view email, Timestamp at) {
  conn_.exec("INSERT INTO login_failures (email, at) VALUES ($1, $2)", Params().add_all(email, at));
}

void PgTx::clear_login_failures(std::string_view email) {
  conn_.exec("DELETE FROM login_failures WHERE email = $1", Params().add(email));
}

void PgTx::delete_login_failures_before(Timestamp t) {
  conn_.exec("DELETE FROM login_failures WHERE at < $1", Params().add(t));
}

void PgTx::delete_idempotency_before(Timestamp t) {
  conn_.exec("DELETE FROM idempotency WHERE created_at < $1", Params().add(t));
}

// Insert or replace, as in SQLite — except for a key this transaction found absent: under
// READ COMMITTED a concurrent request with the same key can commit in between, and quietly
// replacing its record would let both requests act. That collision is retried instead, and
// the lambda's second run finds the record and replays the first request's result.
void PgTx::save_idempotency(const IdempotencyRecord& r) {
  Params p;
  p.add_all(r.user_id, r.key, r.route, r.fingerprint, r.status, r.resource_id, r.created_at);
  if (absent_keys_.count({r.user_id.str(), r.key})) {
    auto inserted = conn_.exec(
        "INSERT INTO idempotency (user_id, key, route, fingerprint, status, resource_id, created_at) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (user_id, key) DO NOTHING",
        p);
    if (inserted.affected() == 0)
      throw PgError(Errc::unavailable, "Database busy", "save_idempotency: a concurrent request used the same key",
                    Fault::retry);
    return;
  }
  conn_.exec(
      "INSERT INTO idempotency (user_id, key, route, fingerprint, status, resource_id, created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (user_id, key) DO UPDATE SET route = excluded.route, "
      "fingerprint = excluded.fingerprint, status = excluded.status, resource_id = excluded.resource_id, "
      "created_at = excluded.created_at",
      p);
}

void PgTx::set_meta(std::string_view key, std::string_view value) {
  conn_.exec("INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
             Params().add_all(key, value));
}

// PostgreSQL queues the notification with the transaction and delivers it to every listening
// connection (every instance's Listener) only when the transaction commits; a retried
// transaction notifies again, the rolled-back attempt never did.
void PgTx::notify(std::string_view payload) {
  check_notify_payload(payload);
  conn_.exec("SELECT pg_notify('meekijk_events', $1)", Params().add(payload));
}

}  // namespace mk::store::pg
