-- The triple-aim report's pre-aggregated cells (issue 6, store/report_cells.hpp): per closed
-- month (Europe/Amsterdam, 'YYYY-MM') and per grouping dimension, one row per key with the
-- additive sums and the exact multisets (response times, patients, practices) of the closed
-- consults it holds, encoded in `data`. Kept in the transaction that changes a closed consult.
-- meta 'report_cells' = 'stale' says the cells do not hold every closed consult (yet): a data dir that
-- already has closed consults needs `meekijk rebuild-report-cells` first (until then the
-- report reads the consults).
CREATE TABLE report_cells (
  dim   TEXT NOT NULL,
  month TEXT NOT NULL,
  key   TEXT NOT NULL,
  data  BLOB NOT NULL,
  PRIMARY KEY (dim, month, key)
) WITHOUT ROWID;

-- A store that already has closed consults: the cells are stale until a rebuild.
INSERT INTO meta (key, value) SELECT 'report_cells', 'stale'
WHERE EXISTS (SELECT 1 FROM consults WHERE status = 'closed');

-- The report's raw path for one practice or service (partial months, scoped roles).
CREATE INDEX consults_practice_closed ON consults (practice_id, closed_at) WHERE status = 'closed';
CREATE INDEX consults_service_closed ON consults (service_id, closed_at) WHERE status = 'closed';
