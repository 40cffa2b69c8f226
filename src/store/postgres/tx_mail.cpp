// PgTx: the e-mail outbox and the users' mail settings.
#include "store/postgres/rows.hpp"
#include "store/postgres/tx.hpp"

namespace mk::store::pg {

unsigned PgTx::mail_kinds(const UserId& user) {
  auto r = conn_.exec("SELECT kinds FROM user_mail_settings WHERE user_id = $1", Params().add(user));
  return r.rows() == 0 ? kAllMailKinds : static_cast<unsigned>(r.row(0).int64(0));
}

void PgTx::set_mail_kinds(const UserId& user, unsigned kinds) {
  conn_.exec("INSERT INTO user_mail_settings (user_id, kinds) VALUES ($1, $2) "
             "ON CONFLICT (user_id) DO UPDATE SET kinds = excluded.kinds",
             Params().add_all(user, static_cast<int64_t>(kinds & kAllMailKinds)));
}

bool PgTx::enqueue_mail(const MailItem& m) {
  auto r = conn_.exec(
      "INSERT INTO mail_outbox (id, user_id, kind, consult_id, desk_question_id, reference, created_at, "
      "next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT DO NOTHING",
      Params().add_all(m.id, m.user_id, m.kind, mail_consult(m), mail_question(m), m.reference, m.created_at));
  return r.affected() == 1;
}

std::vector<MailItem> PgTx::claim_mail(Timestamp now, Timestamp lease_until, int limit) {
  // SKIP LOCKED: instances that claim at the same moment take different rows.
  auto r = conn_.exec(
      "UPDATE mail_outbox m SET next_attempt_at = $1, attempts = m.attempts + 1 "
      "FROM (SELECT id FROM mail_outbox WHERE sent_at IS NULL AND NOT failed AND next_attempt_at <= $2 "
      "      ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED) c, users u "
      "WHERE m.id = c.id AND u.id = m.user_id "
      "RETURNING m.id, m.user_id, m.kind, m.consult_id, m.reference, m.created_at, m.attempts, u.email, "
      "m.desk_question_id",
      Params().add_all(lease_until, now, static_cast<int64_t>(limit)));
  std::vector<MailItem> out;
  for (int i = 0; i < r.rows(); ++i) {
    Row row = r.row(i);
    MailItem m;
    m.id = row.text(0);
    m.user_id = UserId(row.text(1));
    m.kind = row.text(2);
    if (!row.is_null(3)) m.consult_id = ConsultId(row.text(3));
    m.reference = row.text(4);
    m.created_at = row.timestamp(5);
    m.attempts = row.integer(6);
    m.to = row.text(7);
    if (!row.is_null(8)) m.desk_question_id = row.text(8);
    out.push_back(std::move(m));
  }
  return out;
}

void PgTx::mail_sent(const std::string& id, Timestamp at) {
  conn_.exec("UPDATE mail_outbox SET sent_at = $1, last_error = '' WHERE id = $2", Params().add_all(at, id));
}

void PgTx::mail_failed(const std::string& id, std::string_view error, Timestamp retry_at, bool give_up) {
  conn_.exec("UPDATE mail_outbox SET last_error = $1, next_attempt_at = $2, failed = $3 WHERE id = $4",
             Params().add_all(error, retry_at, give_up, id));
}

}  // namespace mk::store::pg
