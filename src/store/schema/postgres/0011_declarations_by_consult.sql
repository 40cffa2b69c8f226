-- The declaration lines of one consult, whatever their kind. Since 0009 the unique index on
-- (consult_id, party) is partial (WHERE session_id IS NULL), and a query that does not repeat
-- that predicate — the triple-aim report's per-consult fee sums, the report cells' upkeep at
-- every close, their rebuild — cannot use it: each of those sums scanned the whole
-- declarations table (a Rotterdam year's cell rebuild went from seconds to over 20 minutes).
CREATE INDEX declarations_consult ON declarations (consult_id, party);
