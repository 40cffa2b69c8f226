-- E-mail notifications (issue 4). The outbox is written in the transaction of the change a
-- mail announces, so a committed change always gets its mail and a rolled-back one never does;
-- app::MailRelay sends the rows afterwards. Rows carry ids and the human reference only —
-- never patient data.
CREATE TABLE mail_outbox (
  id              TEXT PRIMARY KEY,
  user_id         TEXT NOT NULL REFERENCES users (id),
  kind            TEXT NOT NULL CHECK (kind IN ('new_consult', 'answered', 'info_requested', 'overdue')),
  consult_id      TEXT NOT NULL REFERENCES consults (id),
  reference       TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  next_attempt_at TEXT NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  sent_at         TEXT,
  failed          INTEGER NOT NULL DEFAULT 0 CHECK (failed IN (0, 1)),
  last_error      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX mail_outbox_pending ON mail_outbox (next_attempt_at) WHERE sent_at IS NULL AND failed = 0;
-- One overdue mail per consult and coordinator, however often the overdue scan runs.
CREATE UNIQUE INDEX mail_outbox_overdue_once ON mail_outbox (consult_id, user_id) WHERE kind = 'overdue';

-- Which mails a user wants (a bit per kind, see app/mail.hpp); no row: all of them.
CREATE TABLE user_mail_settings (
  user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  kinds   INTEGER NOT NULL CHECK (kinds BETWEEN 0 AND 15)
);
