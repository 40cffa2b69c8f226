-- On-site meekijkconsult sessions (issue 8, part 1): a consultant visits a practice or health
-- centre; GPs of the practices it is open to book patients into numbered slots, each booking
-- being a consult with modality on_site.
CREATE TABLE onsite_sessions (
  id            text COLLATE "C" PRIMARY KEY,
  service_id    text NOT NULL REFERENCES services (id),
  consultant_id text NOT NULL REFERENCES users (id),
  location_id   text NOT NULL REFERENCES organizations (id),
  date          text NOT NULL,             -- 'YYYY-MM-DD', Europe/Amsterdam
  start_time    text NOT NULL,             -- 'HH:MM' local
  end_time      text NOT NULL CHECK (end_time > start_time),
  slots         integer NOT NULL CHECK (slots BETWEEN 1 AND 60),
  open_to       text NOT NULL,             -- comma-separated organisation ids
  status        text NOT NULL CHECK (status IN ('planned', 'cancelled')),
  cancel_reason text NOT NULL DEFAULT '',
  created_by    text NOT NULL REFERENCES users (id),
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  version       bigint NOT NULL
);
CREATE INDEX onsite_sessions_date ON onsite_sessions (date, start_time);

-- A slot holds one active booking: the partial unique index refuses a second one, also when two
-- GPs race (released bookings — cancelled consults or sessions — do not count). Bookers also
-- lock the session row first (FOR UPDATE), so "the first free slot" is chosen one at a time.
CREATE TABLE onsite_bookings (
  session_id  text NOT NULL REFERENCES onsite_sessions (id),
  slot        integer NOT NULL CHECK (slot >= 1),
  consult_id  text NOT NULL REFERENCES consults (id),
  booked_at   timestamptz NOT NULL,
  released_at timestamptz
);
CREATE UNIQUE INDEX onsite_bookings_slot ON onsite_bookings (session_id, slot) WHERE released_at IS NULL;
CREATE UNIQUE INDEX onsite_bookings_consult ON onsite_bookings (consult_id) WHERE released_at IS NULL;

-- Mails that are not about one consult (één loket: a desk question's status) and the session
-- mails: consult_id becomes optional, desk_question_id names the question.
ALTER TABLE mail_outbox DROP CONSTRAINT mail_outbox_kind_check;
ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_kind_check
  CHECK (kind IN ('new_consult', 'answered', 'info_requested', 'overdue', 'session_cancelled', 'session_moved',
                  'desk_status'));
ALTER TABLE mail_outbox ALTER COLUMN consult_id DROP NOT NULL;
ALTER TABLE mail_outbox ADD COLUMN desk_question_id text;
ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_subject_check CHECK ((consult_id IS NULL) <> (desk_question_id IS NULL));
