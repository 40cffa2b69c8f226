-- E-mail notifications (issue 4). The outbox is written in the transaction of the change a
-- mail announces, so a committed change always gets its mail and a rolled-back one never does;
-- app::MailRelay sends the rows afterwards (instances claim rows with FOR UPDATE SKIP LOCKED).
-- Rows carry ids and the human reference only — never patient data.
CREATE TABLE mail_outbox (
  id              text PRIMARY KEY,
  user_id         text NOT NULL REFERENCES users (id),
  kind            text NOT NULL CHECK (kind IN ('new_consult', 'answered', 'info_requested', 'overdue')),
  consult_id      text NOT NULL REFERENCES consults (id),
  reference       text NOT NULL,
  created_at      timestamptz NOT NULL,
  next_attempt_at timestamptz NOT NULL,
  attempts        integer NOT NULL DEFAULT 0,
  sent_at         timestamptz,
  failed          boolean NOT NULL DEFAULT false,
  last_error      text NOT NULL DEFAULT ''
);
CREATE INDEX mail_outbox_pending ON mail_outbox (next_attempt_at) WHERE sent_at IS NULL AND NOT failed;
-- One overdue mail per consult and coordinator, however often the overdue scan runs.
CREATE UNIQUE INDEX mail_outbox_overdue_once ON mail_outbox (consult_id, user_id) WHERE kind = 'overdue';

-- Which mails a user wants (a bit per kind, see app/mail.hpp); no row: all of them.
CREATE TABLE user_mail_settings (
  user_id text PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  kinds   integer NOT NULL CHECK (kinds BETWEEN 0 AND 15)
);
