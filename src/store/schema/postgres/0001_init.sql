-- meekijk PostgreSQL schema, version 1. The same tables as the SQLite schema, in native types:
-- timestamps are timestamptz (written and read with millisecond precision), dates are date,
-- booleans boolean. Ids, names and references are COLLATE "C": lists order and page (keyset)
-- by them, and byte order is what the SQLite backend does, whatever the database's locale.
-- Foreign keys are immediate, as in SQLite: a violation fails the statement that caused it.

CREATE TABLE meta (
  key   text COLLATE "C" PRIMARY KEY,
  value text NOT NULL
);

-- Case folding for the consult text search, identical to the SQLite backend's mk_fold:
-- ASCII and the Latin-1 capitals À..Þ (not ×). lower() alone folds only ASCII in the C
-- locale, and unaccent is a contrib extension a database may lack.
CREATE FUNCTION mk_fold(t text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN translate(lower(t), 'ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞ', 'àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþ');

-- Directory --------------------------------------------------------------------------------

CREATE TABLE organizations (
  id       text COLLATE "C" PRIMARY KEY,
  ref      text COLLATE "C" NOT NULL DEFAULT '',
  name     text COLLATE "C" NOT NULL,
  type     text NOT NULL CHECK (type IN ('gp_practice', 'care_group', 'health_centre',
                                         'hospital', 'zbc', 'insurer', 'municipality',
                                         'social_domain', 'region_office')),
  part_of  text COLLATE "C" REFERENCES organizations (id),
  agb      text NOT NULL DEFAULT '',
  postcode text NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX organizations_ref ON organizations (ref) WHERE ref <> '';
CREATE INDEX organizations_part_of ON organizations (part_of);

CREATE TABLE services (
  id              text COLLATE "C" PRIMARY KEY,
  ref             text COLLATE "C" NOT NULL DEFAULT '',
  organization_id text COLLATE "C" NOT NULL REFERENCES organizations (id),
  specialty       text NOT NULL,
  name            text COLLATE "C" NOT NULL,
  response_days   integer NOT NULL,
  routing         text NOT NULL CHECK (routing IN ('pool', 'direct')),
  active          boolean NOT NULL
);
CREATE UNIQUE INDEX services_ref ON services (ref) WHERE ref <> '';
CREATE INDEX services_organization ON services (organization_id);

-- `position` keeps the order in which the lists were given.
CREATE TABLE service_modalities (
  service_id text COLLATE "C" NOT NULL REFERENCES services (id) ON DELETE CASCADE,
  modality   text NOT NULL CHECK (modality IN ('e_consult', 'on_site')),
  position   integer NOT NULL,
  PRIMARY KEY (service_id, modality)
);

CREATE TABLE service_accepts (
  service_id      text COLLATE "C" NOT NULL REFERENCES services (id) ON DELETE CASCADE,
  organization_id text COLLATE "C" NOT NULL REFERENCES organizations (id),
  position        integer NOT NULL,
  PRIMARY KEY (service_id, organization_id)
);
CREATE INDEX service_accepts_organization ON service_accepts (organization_id);

CREATE TABLE users (
  id              text COLLATE "C" PRIMARY KEY,
  ref             text COLLATE "C" NOT NULL DEFAULT '',
  email           text COLLATE "C" NOT NULL UNIQUE,
  name            text COLLATE "C" NOT NULL,
  role            text NOT NULL CHECK (role IN ('gp', 'assistant', 'consultant', 'coordinator',
                                                'care_group_manager', 'regional_admin',
                                                'insurer', 'privacy_officer', 'desk_officer',
                                                'third_party')),
  organization_id text COLLATE "C" NOT NULL REFERENCES organizations (id),
  agb             text NOT NULL DEFAULT '',
  password_hash   text NOT NULL DEFAULT '',
  totp_secret     text NOT NULL DEFAULT '',
  active          boolean NOT NULL
);
CREATE UNIQUE INDEX users_ref ON users (ref) WHERE ref <> '';
CREATE INDEX users_organization ON users (organization_id);

CREATE TABLE user_services (
  user_id    text COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  service_id text COLLATE "C" NOT NULL REFERENCES services (id) ON DELETE CASCADE,
  position   integer NOT NULL,
  PRIMARY KEY (user_id, service_id)
);
CREATE INDEX user_services_service ON user_services (service_id);

-- Login state (hashes of secrets only); shared by every instance ---------------------------

CREATE TABLE sessions (
  token_hash text COLLATE "C" PRIMARY KEY,
  user_id    text COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires_at);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
  token_hash text COLLATE "C" PRIMARY KEY,
  user_id    text COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  label      text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- No foreign key: failures are recorded for e-mail addresses that may not exist.
CREATE TABLE login_failures (
  id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text COLLATE "C" NOT NULL,
  at    timestamptz NOT NULL
);
CREATE INDEX login_failures_email_at ON login_failures (email, at);
CREATE INDEX login_failures_at ON login_failures (at);

CREATE TABLE idempotency (
  user_id     text COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  key         text COLLATE "C" NOT NULL,
  route       text NOT NULL,
  fingerprint text NOT NULL,
  status      integer NOT NULL,
  resource_id text NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_created ON idempotency (created_at);

-- Consults ---------------------------------------------------------------------------------

-- One row per year; INSERT ... ON CONFLICT DO UPDATE ... RETURNING takes the row lock, so
-- concurrent transactions get dense, unique numbers in commit order.
CREATE TABLE reference_counters (
  year integer PRIMARY KEY,
  last bigint NOT NULL
);

CREATE TABLE patients (
  id         text COLLATE "C" PRIMARY KEY,
  bsn        text COLLATE "C" NOT NULL,
  name       text COLLATE "C" NOT NULL,
  birth_date date,
  sex        text NOT NULL CHECK (sex IN ('female', 'male', 'other', 'unknown')),
  postcode   text NOT NULL DEFAULT ''
);
CREATE INDEX patients_bsn ON patients (bsn);

-- The header of the aggregate. An optional group (answer, outcome, follow-up) is present
-- exactly when its marker column (answer_referral_advised, outcome_result,
-- follow_up_referred_within_90d) is not NULL.
CREATE TABLE consults (
  id                            text COLLATE "C" PRIMARY KEY,
  reference                     text COLLATE "C" NOT NULL,
  modality                      text NOT NULL CHECK (modality IN ('e_consult', 'on_site')),
  service_id                    text COLLATE "C" NOT NULL REFERENCES services (id),
  requester_id                  text COLLATE "C" NOT NULL REFERENCES users (id),
  practice_id                   text COLLATE "C" NOT NULL REFERENCES organizations (id),
  created_by                    text COLLATE "C" NOT NULL REFERENCES users (id),
  patient_id                    text COLLATE "C" NOT NULL REFERENCES patients (id),
  question                      text NOT NULL,
  clinical_context              text NOT NULL,
  patient_narrative             text NOT NULL,
  urgency                       text NOT NULL CHECK (urgency IN ('routine', 'soon')),
  intended_referral             text CHECK (intended_referral IN ('yes', 'no', 'unsure')),  -- NULL: draft without it
  patient_informed              boolean NOT NULL,
  status                        text NOT NULL CHECK (status IN ('draft', 'submitted', 'accepted',
                                                                'awaiting_gp', 'answered',
                                                                'closed', 'cancelled')),
  assignee_id                   text COLLATE "C" REFERENCES users (id),
  created_at                    timestamptz NOT NULL,
  updated_at                    timestamptz NOT NULL,
  submitted_at                  timestamptz,
  due_at                        timestamptz,
  first_answer_at               timestamptz,
  answered_at                   timestamptz,
  closed_at                     timestamptz,
  cancelled_at                  timestamptz,
  answer_advice                 text,
  answer_referral_advised       boolean,
  answer_minutes_spent          integer,
  minutes_spent_total           integer NOT NULL DEFAULT 0,
  redirect_count                integer NOT NULL DEFAULT 0,
  outcome_result                text CHECK (outcome_result IN ('treated_by_gp', 'referred',
                                                               'referred_elsewhere', 'other')),
  outcome_usefulness            integer,
  outcome_learned               boolean,
  outcome_note                  text,
  follow_up_referred_within_90d boolean,
  follow_up_recorded_at         timestamptz,
  follow_up_recorded_by         text COLLATE "C" REFERENCES users (id),
  version                       integer NOT NULL
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
  seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id          text COLLATE "C" NOT NULL UNIQUE,
  consult_id  text COLLATE "C" NOT NULL REFERENCES consults (id) ON DELETE CASCADE,
  at          timestamptz NOT NULL,
  author_id   text COLLATE "C" REFERENCES users (id),
  author_name text NOT NULL DEFAULT '',
  kind        text NOT NULL CHECK (kind IN ('question', 'request_info', 'advice',
                                            'follow_up_question', 'note')),
  text        text NOT NULL
);
CREATE INDEX consult_messages_consult ON consult_messages (consult_id, at);

CREATE TABLE consult_events (
  seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id          text COLLATE "C" NOT NULL UNIQUE,
  consult_id  text COLLATE "C" NOT NULL REFERENCES consults (id) ON DELETE CASCADE,
  at          timestamptz NOT NULL,
  type        text NOT NULL,
  actor_id    text COLLATE "C" REFERENCES users (id),
  actor_name  text NOT NULL DEFAULT '',
  from_status text,
  to_status   text,
  subject     text NOT NULL DEFAULT '',
  detail      text NOT NULL DEFAULT ''
);
CREATE INDEX consult_events_consult ON consult_events (consult_id, at);

CREATE TABLE attachments (
  seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id           text COLLATE "C" NOT NULL UNIQUE,
  consult_id   text COLLATE "C" NOT NULL REFERENCES consults (id) ON DELETE CASCADE,
  sha256       text COLLATE "C" NOT NULL CHECK (length(sha256) = 64),
  filename     text NOT NULL,
  content_type text NOT NULL,
  size         bigint NOT NULL,
  at           timestamptz NOT NULL,
  uploaded_by  text COLLATE "C" REFERENCES users (id)
);
CREATE INDEX attachments_consult ON attachments (consult_id, at);
CREATE INDEX attachments_sha256 ON attachments (sha256);

-- Attachment bytes, content-addressed, so that every instance sees every upload without a
-- shared file system. A blob row appears in the same transaction as all of its chunks.
CREATE TABLE blobs (
  sha256     text COLLATE "C" PRIMARY KEY CHECK (length(sha256) = 64),
  size       bigint NOT NULL,
  chunks     integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE blob_chunks (
  sha256 text COLLATE "C" NOT NULL REFERENCES blobs (sha256),
  n      integer NOT NULL,
  data   bytea NOT NULL,
  PRIMARY KEY (sha256, n)
);
-- Photos and PDFs are compressed already: store them out of line without trying again.
ALTER TABLE blob_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

-- NEN 7513 access log ----------------------------------------------------------------------
-- Append-only and hash-chained. Plain strings, no foreign keys: the log outlives what it
-- talks about. Writers insert rows with the chain columns NULL, in parallel; the sealer (one
-- at a time, holding the audit_head row) chains committed rows in the order it finds them:
-- chain_pos 1, 2, 3, ..., prev_hash = the hash at chain_pos - 1, hash = SHA-256 of the
-- entry's canonical form (domain/audit_entry.hpp).
CREATE TABLE audit (
  seq                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at                      timestamptz NOT NULL,
  event                   text NOT NULL,
  action                  text NOT NULL DEFAULT '',
  outcome                 text NOT NULL DEFAULT '',
  user_id                 text COLLATE "C" NOT NULL DEFAULT '',
  user_name               text NOT NULL DEFAULT '',
  user_email              text NOT NULL DEFAULT '',
  role                    text NOT NULL DEFAULT '',
  organization_id         text COLLATE "C" NOT NULL DEFAULT '',
  on_behalf_of            text NOT NULL DEFAULT '',
  patient_bsn             text COLLATE "C" NOT NULL DEFAULT '',
  object_type             text NOT NULL DEFAULT '',
  object_id               text NOT NULL DEFAULT '',
  ip                      text NOT NULL DEFAULT '',
  request_id              text NOT NULL DEFAULT '',
  consult_id              text COLLATE "C" NOT NULL DEFAULT '',
  subject_practice_id     text COLLATE "C" NOT NULL DEFAULT '',
  subject_provider_org_id text COLLATE "C" NOT NULL DEFAULT '',
  chain_pos               bigint UNIQUE,
  prev_hash               text,
  hash                    text,
  CONSTRAINT audit_sealed_whole CHECK ((chain_pos IS NULL) = (hash IS NULL) AND (hash IS NULL) = (prev_hash IS NULL))
);
-- Newest-first pages per filter: (filter column, seq) so the index yields seq order.
CREATE INDEX audit_patient_bsn ON audit (patient_bsn, seq);
CREATE INDEX audit_consult ON audit (consult_id, seq);
CREATE INDEX audit_user ON audit (user_id, seq);
CREATE INDEX audit_at ON audit (at);
CREATE INDEX audit_subject_practice ON audit (subject_practice_id, seq);
CREATE INDEX audit_subject_provider ON audit (subject_provider_org_id, seq);
CREATE INDEX audit_unsealed ON audit (seq) WHERE chain_pos IS NULL;

-- The end of the chain. The sealer locks this row, so sealers of several instances take
-- turns, and moves it forward in the same transaction as the rows it sealed.
CREATE TABLE audit_head (
  id        integer PRIMARY KEY CHECK (id = 1),
  chain_pos bigint NOT NULL,
  hash      text NOT NULL
);
INSERT INTO audit_head (id, chain_pos, hash) VALUES (1, 0, '');

-- Rows arrive unsealed; the one change ever allowed is the sealer filling the NULL chain
-- columns of a row, nothing else of it. No DELETE, no TRUNCATE.
CREATE FUNCTION audit_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.chain_pos IS NULL AND NEW.prev_hash IS NULL AND NEW.hash IS NULL THEN
      RETURN NEW;
    END IF;
  ELSIF TG_OP = 'UPDATE' THEN
    IF OLD.chain_pos IS NULL AND NEW.chain_pos IS NOT NULL
       AND (to_jsonb(NEW) - 'chain_pos' - 'prev_hash' - 'hash') = (to_jsonb(OLD) - 'chain_pos' - 'prev_hash' - 'hash') THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_append_only BEFORE INSERT OR UPDATE OR DELETE ON audit
  FOR EACH ROW EXECUTE FUNCTION audit_guard();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
  FOR EACH STATEMENT EXECUTE FUNCTION audit_guard();
