-- Contracts and declarations (issue 5, DESIGN §5–6). Money in whole cents; a per-minute rate
-- in hundredths of a cent. Dates are calendar days (Europe/Amsterdam). Ids COLLATE "C" as in 0001.
CREATE TABLE contracts (
  id                         text COLLATE "C" PRIMARY KEY,
  ref                        text COLLATE "C" NOT NULL DEFAULT '',
  version                    bigint NOT NULL,
  requester_care_group_id    text COLLATE "C" NOT NULL REFERENCES organizations (id),
  provider_organization_id   text COLLATE "C" NOT NULL REFERENCES organizations (id),
  modality                   text NOT NULL CHECK (modality IN ('e_consult', 'on_site')),
  valid_from                 date NOT NULL,
  valid_to                   date CHECK (valid_to IS NULL OR valid_to >= valid_from),
  payer_id                   text COLLATE "C" NOT NULL REFERENCES organizations (id),
  gp_fee_cents               bigint NOT NULL CHECK (gp_fee_cents >= 0),
  gp_code                    text NOT NULL,
  consultant_fee_kind        text NOT NULL CHECK (consultant_fee_kind IN ('fixed', 'per_minute')),
  consultant_fee_cents       bigint NOT NULL CHECK (consultant_fee_cents >= 0),
  consultant_rate_centicents bigint NOT NULL CHECK (consultant_rate_centicents >= 0),
  consultant_fee_cap_cents   bigint CHECK (consultant_fee_cap_cents IS NULL OR consultant_fee_cap_cents >= 0),
  consultant_code            text NOT NULL,
  deductible_applies         boolean NOT NULL DEFAULT false,
  updated_at                 timestamptz NOT NULL
);
CREATE UNIQUE INDEX contracts_ref ON contracts (ref) WHERE ref <> '';
CREATE INDEX contracts_pair ON contracts (requester_care_group_id, provider_organization_id, modality, valid_from);

-- Two lines per billed consult, never more: the unique index is the last line of defence
-- behind the consult's row lock (two closes cannot both pass the state check).
CREATE TABLE declarations (
  id                 text COLLATE "C" PRIMARY KEY,
  consult_id         text COLLATE "C" NOT NULL REFERENCES consults (id),
  reference          text COLLATE "C" NOT NULL,
  date               date NOT NULL,
  month              text COLLATE "C" NOT NULL,
  party              text NOT NULL CHECK (party IN ('gp', 'consultant')),
  organization_id    text COLLATE "C" NOT NULL REFERENCES organizations (id),
  organization_agb   text NOT NULL,
  practitioner_id    text COLLATE "C" REFERENCES users (id),
  practitioner_agb   text NOT NULL,
  payer_id           text COLLATE "C" NOT NULL REFERENCES organizations (id),
  code               text NOT NULL,
  amount_cents       bigint NOT NULL CHECK (amount_cents >= 0),
  deductible_applies boolean NOT NULL DEFAULT false,
  contract_id        text COLLATE "C" NOT NULL REFERENCES contracts (id),
  modality           text NOT NULL,
  minutes_spent      bigint NOT NULL,
  created_at         timestamptz NOT NULL
);
CREATE UNIQUE INDEX declarations_once ON declarations (consult_id, party);
CREATE INDEX declarations_month_org ON declarations (month, organization_id);
CREATE INDEX declarations_month_payer ON declarations (month, payer_id);

-- Closed consults without a contract, until one is added and the month reprocessed.
CREATE TABLE unbilled (
  consult_id               text COLLATE "C" PRIMARY KEY REFERENCES consults (id),
  reference                text COLLATE "C" NOT NULL,
  date                     date NOT NULL,
  month                    text COLLATE "C" NOT NULL,
  practice_id              text COLLATE "C" NOT NULL REFERENCES organizations (id),
  provider_organization_id text COLLATE "C" NOT NULL REFERENCES organizations (id),
  modality                 text NOT NULL,
  reason                   text NOT NULL,
  created_at               timestamptz NOT NULL
);
CREATE INDEX unbilled_month ON unbilled (month);
