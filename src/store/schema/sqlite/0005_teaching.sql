-- The teaching-case library (issue 8, part 3). A case is published when both the GP's and the
-- consultant's consent agree; its text is already scrubbed of patient data (app/teaching).
CREATE TABLE teaching_consents (
  consult_id  TEXT NOT NULL REFERENCES consults (id),
  party       TEXT NOT NULL CHECK (party IN ('gp', 'consultant')),
  user_id     TEXT NOT NULL REFERENCES users (id),
  agree       INTEGER NOT NULL CHECK (agree IN (0, 1)),
  attachments TEXT NOT NULL DEFAULT '[]',  -- JSON list of attachment ids this side includes
  at          TEXT NOT NULL,
  PRIMARY KEY (consult_id, party)
);

CREATE TABLE teaching_cases (
  id           TEXT PRIMARY KEY,
  consult_id   TEXT NOT NULL UNIQUE REFERENCES consults (id),
  service_id   TEXT NOT NULL REFERENCES services (id),
  specialty    TEXT NOT NULL,
  title        TEXT NOT NULL,
  question     TEXT NOT NULL,
  advice       TEXT NOT NULL,
  attachments  TEXT NOT NULL DEFAULT '[]',  -- JSON list of attachment ids both sides included
  published_at TEXT NOT NULL,
  reads        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX teaching_cases_specialty ON teaching_cases (specialty, published_at);
CREATE INDEX teaching_cases_published ON teaching_cases (published_at);

-- Full-text search over title, question and advice (accents folded: "eczeem" finds "eczéém").
CREATE VIRTUAL TABLE teaching_search USING fts5 (
  case_id UNINDEXED, title, question, advice, tokenize = 'unicode61 remove_diacritics 2'
);
