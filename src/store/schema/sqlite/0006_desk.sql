-- Één loket (issue 8, part 2): questions between third parties and the region's GPs, and the
-- practices that share them. No patient data by construction (app/desk refuses BSN-like text).
CREATE TABLE desk_questions (
  id            TEXT PRIMARY KEY,
  reference     TEXT NOT NULL UNIQUE,
  direction     TEXT NOT NULL CHECK (direction IN ('inward', 'outward')),
  from_org_id   TEXT NOT NULL REFERENCES organizations (id),
  created_by    TEXT NOT NULL REFERENCES users (id),
  title         TEXT NOT NULL,
  text          TEXT NOT NULL,
  topic         TEXT NOT NULL CHECK (topic IN ('social_domain', 'frail_elderly', 'labour_market', 'data_exchange',
                                               'deprived_neighbourhoods', 'other')),
  area_pc4      TEXT NOT NULL DEFAULT '',  -- comma-separated PC4 areas; '' = the whole region
  status        TEXT NOT NULL CHECK (status IN ('received', 'routed', 'in_progress', 'answered', 'closed')),
  routed_to     TEXT REFERENCES organizations (id),
  answer        TEXT NOT NULL DEFAULT '',
  public_answer TEXT NOT NULL DEFAULT '',
  merged_into   TEXT REFERENCES desk_questions (id),
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  version       INTEGER NOT NULL
);
CREATE INDEX desk_questions_status ON desk_questions (status, updated_at);

CREATE TABLE desk_supporters (
  question_id TEXT NOT NULL REFERENCES desk_questions (id),
  practice_id TEXT NOT NULL REFERENCES organizations (id),
  user_id     TEXT NOT NULL REFERENCES users (id),
  at          TEXT NOT NULL,
  PRIMARY KEY (question_id, practice_id)
);
