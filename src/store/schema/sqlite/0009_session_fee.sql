-- A fee per on-site session (issue 8): an on_site contract may pay the consultant's organisation
-- once per session (null = no session fee), besides or instead of its per-patient fees. The
-- session's line is a declaration with session_id set; consult_id names the consult whose close
-- billed it (the first closed consult of the session). One per session: a partial unique index.
ALTER TABLE contracts ADD COLUMN session_fee_cents INTEGER CHECK (session_fee_cents IS NULL OR session_fee_cents >= 0);
ALTER TABLE declarations ADD COLUMN session_id TEXT REFERENCES onsite_sessions (id);
DROP INDEX declarations_once;
CREATE UNIQUE INDEX declarations_once ON declarations (consult_id, party) WHERE session_id IS NULL;
CREATE UNIQUE INDEX declarations_session_once ON declarations (session_id) WHERE session_id IS NOT NULL;
