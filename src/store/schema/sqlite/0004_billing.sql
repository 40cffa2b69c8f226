-- Contracts and declarations (issue 5, DESIGN §5–6). Money in whole cents; a per-minute rate
-- in hundredths of a cent. Dates are 'YYYY-MM-DD' (Europe/Amsterdam calendar days).
CREATE TABLE contracts (
  id                         TEXT PRIMARY KEY,
  ref                        TEXT NOT NULL DEFAULT '',
  version                    INTEGER NOT NULL,
  requester_care_group_id    TEXT NOT NULL REFERENCES organizations (id),
  provider_organization_id   TEXT NOT NULL REFERENCES organizations (id),
  modality                   TEXT NOT NULL CHECK (modality IN ('e_consult', 'on_site')),
  valid_from                 TEXT NOT NULL,
  valid_to                   TEXT CHECK (valid_to IS NULL OR valid_to >= valid_from),
  payer_id                   TEXT NOT NULL REFERENCES organizations (id),
  gp_fee_cents               INTEGER NOT NULL CHECK (gp_fee_cents >= 0),
  gp_code                    TEXT NOT NULL,
  consultant_fee_kind        TEXT NOT NULL CHECK (consultant_fee_kind IN ('fixed', 'per_minute')),
  consultant_fee_cents       INTEGER NOT NULL CHECK (consultant_fee_cents >= 0),
  consultant_rate_centicents INTEGER NOT NULL CHECK (consultant_rate_centicents >= 0),
  consultant_fee_cap_cents   INTEGER CHECK (consultant_fee_cap_cents IS NULL OR consultant_fee_cap_cents >= 0),
  consultant_code            TEXT NOT NULL,
  deductible_applies         INTEGER NOT NULL DEFAULT 0 CHECK (deductible_applies IN (0, 1)),
  updated_at                 TEXT NOT NULL
);
CREATE UNIQUE INDEX contracts_ref ON contracts (ref) WHERE ref <> '';
CREATE INDEX contracts_pair ON contracts (requester_care_group_id, provider_organization_id, modality, valid_from);

-- Two lines per billed consult, never more: the unique index is the last line of defence
-- behind the consult's row lock (two closes cannot both pass the state check).
CREATE TABLE declarations (
  id                 TEXT PRIMARY KEY,
  consult_id         TEXT NOT NULL REFERENCES consults (id),
  reference          TEXT NOT NULL,
  date               TEXT NOT NULL,
  month              TEXT NOT NULL,
  party              TEXT NOT NULL CHECK (party IN ('gp', 'consultant')),
  organization_id    TEXT NOT NULL REFERENCES organizations (id),
  organization_agb   TEXT NOT NULL,
  practitioner_id    TEXT REFERENCES users (id),
  practitioner_agb   TEXT NOT NULL,
  payer_id           TEXT NOT NULL REFERENCES organizations (id),
  code               TEXT NOT NULL,
  amount_cents       INTEGER NOT NULL CHECK (amount_cents >= 0),
  deductible_applies INTEGER NOT NULL DEFAULT 0 CHECK (deductible_applies IN (0, 1)),
  contract_id        TEXT NOT NULL REFERENCES contracts (id),
  modality           TEXT NOT NULL,
  minutes_spent      INTEGER NOT NULL,
  created_at         TEXT NOT NULL
);
CREATE UNIQUE INDEX declarations_once ON declarations (consult_id, party);
CREATE INDEX declarations_month_org ON declarations (month, organization_id);
CREATE INDEX declarations_month_payer ON declarations (month, payer_id);

-- Closed consults without a contract, until one is added and the month reprocessed.
CREATE TABLE unbilled (
  consult_id               TEXT PRIMARY KEY REFERENCES consults (id),
  reference                TEXT NOT NULL,
  date                     TEXT NOT NULL,
  month                    TEXT NOT NULL,
  practice_id              TEXT NOT NULL REFERENCES organizations (id),
  provider_organization_id TEXT NOT NULL REFERENCES organizations (id),
  modality                 TEXT NOT NULL,
  reason                   TEXT NOT NULL,
  created_at               TEXT NOT NULL
);
CREATE INDEX unbilled_month ON unbilled (month);
