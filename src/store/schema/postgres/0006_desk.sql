-- Één loket (issue 8, part 2): questions between third parties and the region's GPs, and the
-- practices that share them. No patient data by construction (app/desk refuses BSN-like text).
CREATE TABLE desk_questions (
  id            text COLLATE "C" PRIMARY KEY,
  reference     text NOT NULL UNIQUE,
  direction     text NOT NULL CHECK (direction IN ('inward', 'outward')),
  from_org_id   text NOT NULL REFERENCES organizations (id),
  created_by    text NOT NULL REFERENCES users (id),
  title         text NOT NULL,
  text          text NOT NULL,
  topic         text NOT NULL CHECK (topic IN ('social_domain', 'frail_elderly', 'labour_market', 'data_exchange',
                                               'deprived_neighbourhoods', 'other')),
  area_pc4      text NOT NULL DEFAULT '',  -- comma-separated PC4 areas; '' = the whole region
  status        text NOT NULL CHECK (status IN ('received', 'routed', 'in_progress', 'answered', 'closed')),
  routed_to     text REFERENCES organizations (id),
  answer        text NOT NULL DEFAULT '',
  public_answer text NOT NULL DEFAULT '',
  merged_into   text REFERENCES desk_questions (id) DEFERRABLE INITIALLY DEFERRED,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  version       bigint NOT NULL
);
CREATE INDEX desk_questions_status ON desk_questions (status, updated_at);

CREATE TABLE desk_supporters (
  question_id text NOT NULL REFERENCES desk_questions (id),
  practice_id text NOT NULL REFERENCES organizations (id),
  user_id     text NOT NULL REFERENCES users (id),
  at          timestamptz NOT NULL,
  PRIMARY KEY (question_id, practice_id)
);
