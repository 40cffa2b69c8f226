-- The teaching-case library (issue 8, part 3). A case is published when both the GP's and the
-- consultant's consent agree; its text is already scrubbed of patient data (app/teaching).
CREATE TABLE teaching_consents (
  consult_id  text COLLATE "C" NOT NULL REFERENCES consults (id),
  party       text NOT NULL CHECK (party IN ('gp', 'consultant')),
  user_id     text COLLATE "C" NOT NULL REFERENCES users (id),
  agree       boolean NOT NULL,
  attachments text NOT NULL DEFAULT '[]',  -- JSON list of attachment ids this side includes
  at          timestamptz NOT NULL,
  PRIMARY KEY (consult_id, party)
);

CREATE TABLE teaching_cases (
  id           text COLLATE "C" PRIMARY KEY,
  consult_id   text COLLATE "C" NOT NULL UNIQUE REFERENCES consults (id),
  service_id   text COLLATE "C" NOT NULL REFERENCES services (id),
  specialty    text NOT NULL,
  title        text NOT NULL,
  question     text NOT NULL,
  advice       text NOT NULL,
  attachments  text NOT NULL DEFAULT '[]',  -- JSON list of attachment ids both sides included
  published_at timestamptz NOT NULL,
  reads        bigint NOT NULL DEFAULT 0,
  -- Full-text search (Dutch stemming: "eczeem" finds "eczemen"; accents as written).
  search       tsvector GENERATED ALWAYS AS (
                 to_tsvector('dutch', title || ' ' || question || ' ' || advice)) STORED
);
CREATE INDEX teaching_cases_specialty ON teaching_cases (specialty, published_at);
CREATE INDEX teaching_cases_published ON teaching_cases (published_at);
CREATE INDEX teaching_cases_search ON teaching_cases USING gin (search);
