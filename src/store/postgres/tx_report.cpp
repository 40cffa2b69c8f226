// PgTx: the triple-aim report's rows (store/report_rows.hpp), over the (status, closed_at)
// index or the per-practice / per-service indexes of closed consults, and its pre-aggregated
// cells (store/report_cells.hpp), locked FOR UPDATE while a change moves them.
#include "store/postgres/tx.hpp"
#include "store/postgres/where_clause.hpp"
#include "store/report_rows.hpp"

namespace mk::store::pg {
void PgTx::for_each_report_row(const ReportFilter& f, const std::function<void(const ReportRow&)>& fn) {
  WhereClause w;
  w.add("c.status = 'closed' AND c.closed_at >= ?::timestamptz AND c.closed_at < ?::timestamptz",
        {format_timestamp(f.from), format_timestamp(f.to)});
  w.add_any("c.practice_id", report_rows::texts(f.practices));
  w.add_any("c.service_id", report_rows::texts(f.services));
  w.add_any("c.id", report_rows::texts(f.consults));
  w.add_any("c.patient_id", report_rows::texts(f.patients));
  auto r = conn_.exec(std::string(report_rows::kSelect) + w.sql(), w.params());
  for (int i = 0; i < r.rows(); ++i) fn(report_rows::report_row(r.row(i)));
}

std::optional<std::pair<Timestamp, Timestamp>> PgTx::closed_range() {
  auto r = conn_.exec("SELECT min(closed_at), max(closed_at) FROM consults WHERE status = 'closed'");
  if (r.rows() == 0 || r.row(0).is_null(0)) return std::nullopt;
  return std::pair{r.row(0).timestamp(0), r.row(0).timestamp(1)};
}

void PgTx::for_each_report_cell(std::string_view dim, std::string_view first, std::string_view last,
                                const std::function<void(const ReportCell&)>& fn) {
  ReportCell c;
  c.dim = dim;
  // Row by row: a national year of cells is ~50 MB that need not be held at once.
  conn_.each("SELECT month, key, data FROM report_cells WHERE dim = $1 AND month >= $2 AND month <= $3",
             Params().add_all(dim, first, last), [&](const Row& row) {
               c.month = row.text(0);
               c.key = row.text(1);
               c.data.assign(row.bytes(2));
               fn(c);
             });
}

std::optional<std::string> PgTx::report_cell_for_update(std::string_view dim, std::string_view month,
                                                       std::string_view key) {
  auto r = conn_.exec("SELECT data FROM report_cells WHERE dim = $1 AND month = $2 AND key = $3 FOR UPDATE",
                      Params().add_all(dim, month, key));
  if (r.rows() == 0) return std::nullopt;
  return std::string(r.row(0).bytes(0));
}

void PgTx::put_report_cell(const ReportCell& c, bool exists) {
  if (c.data.empty()) {
    conn_.exec("DELETE FROM report_cells WHERE dim = $1 AND month = $2 AND key = $3",
               Params().add_all(c.dim, c.month, c.key));
    return;
  }
  Params p;
  p.add_bytes(c.data).add_all(c.dim, c.month, c.key);
  if (exists) {
    conn_.exec("UPDATE report_cells SET data = $1 WHERE dim = $2 AND month = $3 AND key = $4", p);
    return;
  }
  // Two transactions that both found no cell: the second one's insert must not overwrite the
  // first one's, so it runs again (and then finds the cell).
  auto r = conn_.exec("INSERT INTO report_cells (data, dim, month, key) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                      p);
  if (r.affected() == 0)
    throw PgError(Errc::unavailable, "Database busy", "report cell " + c.dim + "/" + c.month + " inserted concurrently",
                  Fault::retry);
}

void PgTx::clear_report_cells() { conn_.exec("DELETE FROM report_cells"); }

}  // namespace mk::store::pg
