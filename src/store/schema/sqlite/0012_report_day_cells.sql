-- Day cells (store/report_cells.hpp): besides one cell per closed month, every dimension now
-- has one per closed day ('YYYY-MM-DD', under the dimension "<dim>@day"), so that a report
-- whose period does not start or end on a month boundary reads the days around its whole
-- months from cells instead of from the consults. The column `month` holds the cell's period.
-- A store that already has closed consults has no day cells yet: stale until
-- `meekijk rebuild-report-cells` (the report reads the consults until then).
INSERT INTO meta (key, value) SELECT 'report_cells', 'stale'
WHERE EXISTS (SELECT 1 FROM consults WHERE status = 'closed')
ON CONFLICT (key) DO UPDATE SET value = 'stale';
