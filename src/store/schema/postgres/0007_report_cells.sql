-- The triple-aim report's pre-aggregated cells (issue 6, store/report_cells.hpp): per closed
-- month (Europe/Amsterdam, 'YYYY-MM') and per grouping dimension, one row per key with the
-- additive sums and the exact multisets (response times, patients, practices) of the closed
-- consults it holds, encoded in `data`. Kept in the transaction that changes a closed consult
-- (the row is read FOR UPDATE). meta 'report_cells' = 'built' says the cells hold every closed
-- consult; a database that already has closed consults needs `meekijk rebuild-report-cells`
-- first (until then the report reads the consults).
CREATE TABLE report_cells (
  dim   text COLLATE "C" NOT NULL,
  month text COLLATE "C" NOT NULL,
  key   text COLLATE "C" NOT NULL,
  data  bytea NOT NULL,
  PRIMARY KEY (dim, month, key)
);

-- A store that already has closed consults: the cells are stale until a rebuild.
INSERT INTO meta (key, value) SELECT 'report_cells', 'stale'
WHERE EXISTS (SELECT 1 FROM consults WHERE status = 'closed');

-- The report's raw path for one practice or service (partial months, scoped roles).
CREATE INDEX consults_practice_closed ON consults (practice_id, closed_at) WHERE status = 'closed';
CREATE INDEX consults_service_closed ON consults (service_id, closed_at) WHERE status = 'closed';
