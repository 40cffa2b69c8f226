// SqliteTx: the e-mail outbox and the users' mail settings.
#include "store/sqlite/rows.hpp"
#include "store/sqlite/tx.hpp"

namespace mk::store::sqlite {

unsigned SqliteTx::mail_kinds(const UserId& user) {
  auto q = conn_.query("SELECT kinds FROM user_mail_settings WHERE user_id = ?");
  q.bind(user);
  return q.step() ? static_cast<unsigned>(q.int64(0)) : kAllMailKinds;
}

void SqliteTx::set_mail_kinds(const UserId& user, unsigned kinds) {
  conn_.query("INSERT INTO user_mail_settings (user_id, kinds) VALUES (?, ?) "
              "ON CONFLICT (user_id) DO UPDATE SET kinds = excluded.kinds")
      .bind_all(user, static_cast<int64_t>(kinds & kAllMailKinds))
      .run();
}

bool SqliteTx::enqueue_mail(const MailItem& m) {
  conn_.query("INSERT INTO mail_outbox (id, user_id, kind, consult_id, desk_question_id, reference, created_at, "
              "next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
      .bind_all(m.id, m.user_id, m.kind, mail_consult(m), mail_question(m), m.reference, m.created_at, m.created_at)
      .run();
  return conn_.changes() == 1;
}

std::vector<MailItem> SqliteTx::claim_mail(Timestamp now, Timestamp lease_until, int limit) {
  // One writer: nobody else can claim between the SELECT and the UPDATE.
  auto q = conn_.query(
      "SELECT m.id, m.user_id, m.kind, m.consult_id, m.reference, m.created_at, m.attempts, u.email, m.desk_question_id "
      "FROM mail_outbox m JOIN users u ON u.id = m.user_id "
      "WHERE m.sent_at IS NULL AND m.failed = 0 AND m.next_attempt_at <= ? "
      "ORDER BY m.next_attempt_at, m.id LIMIT ?");
  q.bind_all(now, static_cast<int64_t>(limit));
  std::vector<MailItem> out;
  while (q.step()) {
    MailItem m;
    m.id = q.text(0);
    m.user_id = UserId(q.text(1));
    m.kind = q.text(2);
    if (!q.is_null(3)) m.consult_id = ConsultId(q.text(3));
    m.reference = q.text(4);
    m.created_at = q.timestamp(5);
    m.attempts = q.integer(6) + 1;
    m.to = q.text(7);
    if (!q.is_null(8)) m.desk_question_id = q.text(8);
    out.push_back(std::move(m));
  }
  for (const auto& m : out)
    conn_.query("UPDATE mail_outbox SET next_attempt_at = ?, attempts = ? WHERE id = ?")
        .bind_all(lease_until, static_cast<int64_t>(m.attempts), m.id)
        .run();
  return out;
}

void SqliteTx::mail_sent(const std::string& id, Timestamp at) {
  conn_.query("UPDATE mail_outbox SET sent_at = ?, last_error = '' WHERE id = ?").bind_all(at, id).run();
}

void SqliteTx::mail_failed(const std::string& id, std::string_view error, Timestamp retry_at, bool give_up) {
  conn_.query("UPDATE mail_outbox SET last_error = ?, next_attempt_at = ?, failed = ? WHERE id = ?")
      .bind_all(error, retry_at, give_up, id)
      .run();
}

}  // namespace mk::store::sqlite
