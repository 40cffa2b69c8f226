-- On-site meekijkconsult sessions (issue 8, part 1): a consultant visits a practice or health
-- centre; GPs of the practices it is open to book patients into numbered slots, each booking
-- being a consult with modality on_site.
CREATE TABLE onsite_sessions (
  id            TEXT PRIMARY KEY,
  service_id    TEXT NOT NULL REFERENCES services (id),
  consultant_id TEXT NOT NULL REFERENCES users (id),
  location_id   TEXT NOT NULL REFERENCES organizations (id),
  date          TEXT NOT NULL,             -- 'YYYY-MM-DD', Europe/Amsterdam
  start_time    TEXT NOT NULL,             -- 'HH:MM' local
  end_time      TEXT NOT NULL CHECK (end_time > start_time),
  slots         INTEGER NOT NULL CHECK (slots BETWEEN 1 AND 60),
  open_to       TEXT NOT NULL,             -- comma-separated organisation ids
  status        TEXT NOT NULL CHECK (status IN ('planned', 'cancelled')),
  cancel_reason TEXT NOT NULL DEFAULT '',
  created_by    TEXT NOT NULL REFERENCES users (id),
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  version       INTEGER NOT NULL
);
CREATE INDEX onsite_sessions_date ON onsite_sessions (date, start_time);

-- A slot holds one active booking: the partial unique index refuses a second one, also when two
-- GPs race (released bookings — cancelled consults or sessions — do not count).
CREATE TABLE onsite_bookings (
  session_id  TEXT NOT NULL REFERENCES onsite_sessions (id),
  slot        INTEGER NOT NULL CHECK (slot >= 1),
  consult_id  TEXT NOT NULL REFERENCES consults (id),
  booked_at   TEXT NOT NULL,
  released_at TEXT
);
CREATE UNIQUE INDEX onsite_bookings_slot ON onsite_bookings (session_id, slot) WHERE released_at IS NULL;
CREATE UNIQUE INDEX onsite_bookings_consult ON onsite_bookings (consult_id) WHERE released_at IS NULL;

-- Mails that are not about one consult (één loket: a desk question's status) and the session
-- mails: consult_id becomes optional, desk_question_id names the question. SQLite cannot change
-- a CHECK in place: the outbox is rebuilt with its rows.
CREATE TABLE mail_outbox_new (
  id               TEXT PRIMARY KEY,
  user_id          TEXT NOT NULL REFERENCES users (id),
  kind             TEXT NOT NULL CHECK (kind IN ('new_consult', 'answered', 'info_requested', 'overdue',
                                                 'session_cancelled', 'session_moved', 'desk_status')),
  consult_id       TEXT REFERENCES consults (id),
  desk_question_id TEXT,
  reference        TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  next_attempt_at  TEXT NOT NULL,
  attempts         INTEGER NOT NULL DEFAULT 0,
  sent_at          TEXT,
  failed           INTEGER NOT NULL DEFAULT 0 CHECK (failed IN (0, 1)),
  last_error       TEXT NOT NULL DEFAULT '',
  CHECK ((consult_id IS NULL) <> (desk_question_id IS NULL))
);
INSERT INTO mail_outbox_new (id, user_id, kind, consult_id, reference, created_at, next_attempt_at, attempts,
                             sent_at, failed, last_error)
  SELECT id, user_id, kind, consult_id, reference, created_at, next_attempt_at, attempts, sent_at, failed, last_error
  FROM mail_outbox;
DROP TABLE mail_outbox;
ALTER TABLE mail_outbox_new RENAME TO mail_outbox;
CREATE INDEX mail_outbox_pending ON mail_outbox (next_attempt_at) WHERE sent_at IS NULL AND failed = 0;
CREATE UNIQUE INDEX mail_outbox_overdue_once ON mail_outbox (consult_id, user_id) WHERE kind = 'overdue';
