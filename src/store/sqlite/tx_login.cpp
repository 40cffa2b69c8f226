// SqliteTx: sessions, API tokens, login failures, idempotency records, meta and notifications.
#include "store/notify.hpp"
#include "store/sqlite/rows.hpp"
#include "store/sqlite/tx.hpp"

namespace mk::store::sqlite {

std::optional<SessionRecord> SqliteTx::session(std::string_view token_hash) {
  auto q = conn_.query(
      "SELECT token_hash, user_id, csrf_token, created_at, expires_at FROM sessions WHERE token_hash = ?");
  q.bind(token_hash);
  if (!q.step()) return std::nullopt;
  return SessionRecord{q.text(0), UserId(q.text(1)), q.text(2), q.timestamp(3), q.timestamp(4)};
}

std::optional<ApiToken> SqliteTx::api_token(std::string_view token_hash) {
  auto q = conn_.query("SELECT token_hash, user_id, label, created_at FROM api_tokens WHERE token_hash = ?");
  q.bind(token_hash);
  if (!q.step()) return std::nullopt;
  return ApiToken{q.text(0), UserId(q.text(1)), q.text(2), q.timestamp(3)};
}

int SqliteTx::login_failures_since(std::string_view email, Timestamp since) {
  auto q = conn_.query("SELECT count(*) FROM login_failures WHERE email = ? AND at >= ?");
  q.bind_all(email, since);
  return q.step() ? q.integer(0) : 0;
}

std::optional<IdempotencyRecord> SqliteTx::idempotency(const UserId& user, std::string_view key) {
  auto q = conn_.query(
      "SELECT user_id, key, route, fingerprint, status, resource_id, created_at FROM idempotency "
      "WHERE user_id = ? AND key = ?");
  q.bind_all(user, key);
  if (!q.step()) return std::nullopt;
  return IdempotencyRecord{UserId(q.text(0)), q.text(1), q.text(2),   q.text(3),
                           q.integer(4),      q.text(5), q.timestamp(6)};
}

std::optional<std::string> SqliteTx::meta(std::string_view key) {
  auto q = conn_.query("SELECT value FROM meta WHERE key = ?");
  q.bind(key);
  if (!q.step()) return std::nullopt;
  return q.text(0);
}

void SqliteTx::insert_session(const SessionRecord& s) {
  conn_.query("INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")
      .bind_all(s.token_hash, s.user_id, s.csrf_token, s.created_at, s.expires_at)
      .run();
}

void SqliteTx::delete_session(std::string_view token_hash) {
  conn_.query("DELETE FROM sessions WHERE token_hash = ?").bind(token_hash).run();
}

void SqliteTx::delete_sessions_expired_before(Timestamp t) {
  conn_.query("DELETE FROM sessions WHERE expires_at < ?").bind(t).run();
}

void SqliteTx::insert_api_token(const ApiToken& t) {
  conn_.query("INSERT INTO api_tokens (token_hash, user_id, label, created_at) VALUES (?, ?, ?, ?)")
      .bind_all(t.token_hash, t.user_id, t.label, t.created_at)
      .run();
}

void SqliteTx::record_login_failure(std::string_view email, Timestamp at) {
  conn_.query("INSERT INTO login_failures (email, at) VALUES (?, ?)").bind_all(email, at).run();
}

void SqliteTx::clear_login_failures(std::string_view email) {
  conn_.query("DELETE FROM login_failures WHERE email = ?").bind(email).run();
}

void SqliteTx::delete_login_failures_before(Timestamp t) {
  conn_.query("DELETE FROM login_failures WHERE at < ?").bind(t).run();
}

void SqliteTx::delete_idempotency_before(Timestamp t) {
  conn_.query("DELETE FROM idempotency WHERE created_at < ?").bind(t).run();
}

void SqliteTx::save_idempotency(const IdempotencyRecord& r) {
  conn_.query(
           "INSERT INTO idempotency (user_id, key, route, fingerprint, status, resource_id, created_at) "
           "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, key) DO UPDATE SET route = excluded.route, "
           "fingerprint = excluded.fingerprint, status = excluded.status, resource_id = excluded.resource_id, "
           "created_at = excluded.created_at")
      .bind_all(r.user_id, r.key, r.route, r.fingerprint, r.status, r.resource_id, r.created_at)
      .run();
}

void SqliteTx::set_meta(std::string_view key, std::string_view value) {
  conn_.query("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
      .bind_all(key, value)
      .run();
}

// Kept with the write job: the writer delivers them after the batch commits, and drops them
// when the job rolls back to its savepoint.
void SqliteTx::notify(std::string_view payload) {
  check_notify_payload(payload);
  notifications_.emplace_back(payload);
}

}  // namespace mk::store::sqlite
