-- meekijk SQLite schema, version 1.
-- Conventions: ids are opaque TEXT; timestamps are fixed-width ISO 8601 UTC text
-- ("2026-11-22T10:15:30.123Z", core/time.hpp format_timestamp) so they sort as text; dates
-- are "YYYY-MM-DD"; enums hold their wire names; booleans are 0/1.
-- Foreign keys are immediate (never DEFERRABLE): with group commit several requests share
-- one COMMIT, so a violation must fail the statement of the request that caused it, not the
-- COMMIT of everybody in the batch.

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- Directory --------------------------------------------------------------------------------

CREATE TABLE organizations (
  id       TEXT PRIMARY KEY,
  ref      TEXT NOT NULL DEFAULT '',
  name     TEXT NOT NULL,
  type     TEXT NOT NULL CHECK (type IN ('gp_practice', 'care_group', 'health_centre',
                                         'hospital', 'zbc', 'insurer', 'municipality',
                                         'social_domain', 'region_office')),
  part_of  TEXT REFERENCES organizations (id),
  agb      TEXT NOT NULL DEFAULT '',
  postcode TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX organizations_ref ON organizations (ref) WHERE ref <> '';
CREATE INDEX organizations_part_of ON organizations (part_of);

CREATE TABLE services (
  id              TEXT PRIMARY KEY,
  ref             TEXT NOT NULL DEFAULT '',
  organization_id TEXT NOT NULL REFERENCES organizations (id),
  specialty       TEXT NOT NULL,
  name            TEXT NOT NULL,
  response_days   INTEGER NOT NULL,
  routing         TEXT NOT NULL CHECK (routing IN ('pool', 'direct')),
  active          INTEGER NOT NULL CHECK (active IN (0, 1))
);
CREATE UNIQUE INDEX services_ref ON services (ref) WHERE ref <> '';
CREATE INDEX services_organization ON services (organization_id);

-- `position` keeps the order in which the lists were given.
CREATE TABLE service_modalities (
  service_id TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
  modality   TEXT NOT NULL CHECK (modality IN ('e_consult', 'on_site')),
  position   INTEGER NOT NULL,
  PRIMARY KEY (service_id, modality)
) WITHOUT ROWID;

CREATE TABLE service_accepts (
  service_id      TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
  organization_id TEXT NOT NULL REFERENCES organizations (id),
  position        INTEGER NOT NULL,
  PRIMARY KEY (service_id, organization_id)
) WITHOUT ROWID;
CREATE INDEX service_accepts_organization ON service_accepts (organization_id);

CREATE TABLE users (
  id              TEXT PRIMARY KEY,
  ref             TEXT NOT NULL DEFAULT '',
  email           TEXT NOT NULL UNIQUE,
  name            TEXT NOT NULL,
  role            TEXT NOT NULL CHECK (role IN ('gp', 'assistant', 'consultant', 'coordinator',
                                                'care_group_manager', 'regional_admin',
                                                'insurer', 'privacy_officer', 'desk_officer',
                                                'third_party')),
  organization_id TEXT NOT NULL REFERENCES organizations (id),
  agb             TEXT NOT NULL DEFAULT '',
  password_hash   TEXT NOT NULL DEFAULT '',
  totp_secret     TEXT NOT NULL DEFAULT '',
  active          INTEGER NOT NULL CHECK (active IN (0, 1))
);
CREATE UNIQUE INDEX users_ref ON users (ref) WHERE ref <> '';
CREATE INDEX users_organization ON users (organization_id);

CREATE TABLE user_services (
  user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  service_id TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,
  PRIMARY KEY (user_id, service_id)
) WITHOUT ROWID;
CREATE INDEX user_services_service ON user_services (service_id);

-- Login state (hashes of secrets only) -----------------------------------------------------

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_expires ON sessions (expires_at);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
  token_hash TEXT PRIMARY KEY,
  user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  label      TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- No foreign key: failures are recorded for e-mail addresses that may not exist.
CREATE TABLE login_failures (
  id    INTEGER PRIMARY KEY,
  email TEXT NOT NULL,
  at    TEXT NOT NULL
);
CREATE INDEX login_failures_email_at ON login_failures (email, at);
CREATE INDEX login_failures_at ON login_failures (at);

CREATE TABLE idempotency (
  user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  key         TEXT NOT NULL,
  route       TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  status      INTEGER NOT NULL,
  resource_id TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL,
  PRIMARY KEY (user_id, key)
) WITHOUT ROWID;
CREATE INDEX idempotency_created ON idempotency (created_at);

-- Consults ---------------------------------------------------------------------------------

CREATE TABLE reference_counters (
  year INTEGER PRIMARY KEY,
  last INTEGER NOT NULL
);

CREATE TABLE patients (
  id         TEXT PRIMARY KEY,
  bsn        TEXT NOT NULL,
  name       TEXT NOT NULL,
  birth_date TEXT,
  sex        TEXT NOT NULL CHECK (sex IN ('female', 'male', 'other', 'unknown')),
  postcode   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX patients_bsn ON patients (bsn);

-- The header of the aggregate. An optional group (answer, outcome, follow-up) is present
-- exactly when its marker column (answer_referral_advised, outcome_result,
-- follow_up_referred_within_90d) is not NULL.
CREATE TABLE consults (
  id                            TEXT PRIMARY KEY,
  reference                     TEXT NOT NULL,
  modality                      TEXT NOT NULL CHECK (modality IN ('e_consult', 'on_site')),
  service_id                    TEXT NOT NULL REFERENCES services (id),
  requester_id                  TEXT NOT NULL REFERENCES users (id),
  practice_id                   TEXT NOT NULL REFERENCES organizations (id),
  created_by                    TEXT NOT NULL REFERENCES users (id),
  patient_id                    TEXT NOT NULL REFERENCES patients (id),
  question                      TEXT NOT NULL,
  clinical_context              TEXT NOT NULL,
  patient_narrative             TEXT NOT NULL,
  urgency                       TEXT NOT NULL CHECK (urgency IN ('routine', 'soon')),
  intended_referral             TEXT CHECK (intended_referral IN ('yes', 'no', 'unsure')),  -- NULL: draft without it
  patient_informed              INTEGER NOT NULL CHECK (patient_informed IN (0, 1)),
  status                        TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'accepted',
                                                                'awaiting_gp', 'answered',
                                                                'closed', 'cancelled')),
  assignee_id                   TEXT REFERENCES users (id),
  created_at                    TEXT NOT NULL,
  updated_at                    TEXT NOT NULL,
  submitted_at                  TEXT,
  due_at                        TEXT,
  first_answer_at               TEXT,
  answered_at                   TEXT,
  closed_at                     TEXT,
  cancelled_at                  TEXT,
  answer_advice                 TEXT,
  answer_referral_advised       INTEGER CHECK (answer_referral_advised IN (0, 1)),
  answer_minutes_spent          INTEGER,
  minutes_spent_total           INTEGER NOT NULL DEFAULT 0,
  redirect_count                INTEGER NOT NULL DEFAULT 0,
  outcome_result                TEXT CHECK (outcome_result IN ('treated_by_gp', 'referred',
                                                               'referred_elsewhere', 'other')),
  outcome_usefulness            INTEGER,
  outcome_learned               INTEGER CHECK (outcome_learned IN (0, 1)),
  outcome_note                  TEXT,
  follow_up_referred_within_90d INTEGER CHECK (follow_up_referred_within_90d IN (0, 1)),
  follow_up_recorded_at         TEXT,
  follow_up_recorded_by         TEXT REFERENCES users (id),
  version                       INTEGER NOT NULL
);
-- Drafts may not have a reference yet.
CREATE UNIQUE INDEX consults_reference ON consults (reference) WHERE reference <> '';
-- The list queries (store.hpp ConsultFilter × ConsultOrder), keyset on (sort key, id).
CREATE INDEX consults_practice_updated ON consults (practice_id, updated_at, id);
CREATE INDEX consults_service_due ON consults (service_id, due_at, id);
CREATE INDEX consults_service_updated ON consults (service_id, updated_at, id);
CREATE INDEX consults_assignee_updated ON consults (assignee_id, updated_at, id);
CREATE INDEX consults_status_closed ON consults (status, closed_at);
CREATE INDEX consults_updated ON consults (updated_at, id);
CREATE INDEX consults_due ON consults (due_at, id);
CREATE INDEX consults_patient ON consults (patient_id);

-- Children: `seq` is the insertion order that breaks ties between equal timestamps.
CREATE TABLE consult_messages (
  seq         INTEGER PRIMARY KEY,
  id          TEXT NOT NULL UNIQUE,
  consult_id  TEXT NOT NULL REFERENCES consults (id) ON DELETE CASCADE,
  at          TEXT NOT NULL,
  author_id   TEXT REFERENCES users (id),
  author_name TEXT NOT NULL DEFAULT '',
  kind        TEXT NOT NULL CHECK (kind IN ('question', 'request_info', 'advice',
                                            'follow_up_question', 'note')),
  text        TEXT NOT NULL
);
CREATE INDEX consult_messages_consult ON consult_messages (consult_id, at);

CREATE TABLE consult_events (
  seq         INTEGER PRIMARY KEY,
  id          TEXT NOT NULL UNIQUE,
  consult_id  TEXT NOT NULL REFERENCES consults (id) ON DELETE CASCADE,
  at          TEXT NOT NULL,
  type        TEXT NOT NULL,
  actor_id    TEXT REFERENCES users (id),
  actor_name  TEXT NOT NULL DEFAULT '',
  from_status TEXT,
  to_status   TEXT,
  subject     TEXT NOT NULL DEFAULT '',
  detail      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX consult_events_consult ON consult_events (consult_id, at);

CREATE TABLE attachments (
  seq          INTEGER PRIMARY KEY,
  id           TEXT NOT NULL UNIQUE,
  consult_id   TEXT NOT NULL REFERENCES consults (id) ON DELETE CASCADE,
  sha256       TEXT NOT NULL CHECK (length(sha256) = 64),
  filename     TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size         INTEGER NOT NULL,
  at           TEXT NOT NULL,
  uploaded_by  TEXT REFERENCES users (id)
);
CREATE INDEX attachments_consult ON attachments (consult_id, at);
CREATE INDEX attachments_sha256 ON attachments (sha256);

-- NEN 7513 access log ----------------------------------------------------------------------
-- Append-only and hash-chained. Plain strings, no foreign keys: the log outlives what it
-- talks about. Single-column indexes also order by seq (the rowid), which is exactly what
-- "newest first" keyset paging needs.
CREATE TABLE audit (
  seq                     INTEGER PRIMARY KEY,
  at                      TEXT NOT NULL,
  event                   TEXT NOT NULL,
  action                  TEXT NOT NULL DEFAULT '',
  outcome                 TEXT NOT NULL DEFAULT '',
  user_id                 TEXT NOT NULL DEFAULT '',
  user_name               TEXT NOT NULL DEFAULT '',
  user_email              TEXT NOT NULL DEFAULT '',
  role                    TEXT NOT NULL DEFAULT '',
  organization_id         TEXT NOT NULL DEFAULT '',
  on_behalf_of            TEXT NOT NULL DEFAULT '',
  patient_bsn             TEXT NOT NULL DEFAULT '',
  object_type             TEXT NOT NULL DEFAULT '',
  object_id               TEXT NOT NULL DEFAULT '',
  ip                      TEXT NOT NULL DEFAULT '',
  request_id              TEXT NOT NULL DEFAULT '',
  consult_id              TEXT NOT NULL DEFAULT '',
  subject_practice_id     TEXT NOT NULL DEFAULT '',
  subject_provider_org_id TEXT NOT NULL DEFAULT '',
  prev_hash               TEXT NOT NULL,
  hash                    TEXT NOT NULL
);
CREATE INDEX audit_patient_bsn ON audit (patient_bsn);
CREATE INDEX audit_consult ON audit (consult_id);
CREATE INDEX audit_user ON audit (user_id);
CREATE INDEX audit_at ON audit (at);
CREATE INDEX audit_subject_practice ON audit (subject_practice_id);
CREATE INDEX audit_subject_provider ON audit (subject_provider_org_id);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
  SELECT RAISE(ABORT, 'audit is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
  SELECT RAISE(ABORT, 'audit is append-only');
END;
