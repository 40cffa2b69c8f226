// SqliteTx: the triple-aim report's rows (store/report_rows.hpp), over the (status, closed_at)
// index or the per-practice / per-service indexes of closed consults, and its pre-aggregated
// cells (store/report_cells.hpp).
#include "store/report_rows.hpp"
#include "store/sqlite/tx.hpp"
#include "store/sqlite/where_clause.hpp"

namespace mk::store::sqlite {
namespace {

// The rows of a filter by consults or patients — the report cells' upkeep, inside every write
// of a consult or patient — are a few rows found by id. A database that grew by use has no
// ANALYZE statistics, and then SQLite preferred the (status, closed_at) index for
// `status = 'closed'` and walked every closed consult, on the writer, for each new consult
// (0.16 s at 92,000 closed consults). The unary + takes that term off every index, so these
// filters go by the consult's key or the consults_patient index whatever the statistics say.
WhereClause report_row_where(const ReportFilter& f) {
  WhereClause w;
  const bool by_id = !f.consults.empty() || !f.patients.empty();
  w.add(by_id ? "+c.status = 'closed' AND c.closed_at >= ? AND c.closed_at < ?"
              : "c.status = 'closed' AND c.closed_at >= ? AND c.closed_at < ?",
        {format_timestamp(f.from), format_timestamp(f.to)});
  w.add_in("c.practice_id", report_rows::texts(f.practices));
  w.add_in("c.service_id", report_rows::texts(f.services));
  w.add_in("c.id", report_rows::texts(f.consults));
  w.add_in("c.patient_id", report_rows::texts(f.patients));
  return w;
}

}  // namespace

std::string report_row_sql(const ReportFilter& f) { return std::string(report_rows::kSelect) + report_row_where(f).sql(); }

void SqliteTx::for_each_report_row(const ReportFilter& f, const std::function<void(const ReportRow&)>& fn) {
  WhereClause w = report_row_where(f);
  auto q = conn_.query(std::string(report_rows::kSelect) + w.sql());
  w.bind(q);
  while (q.step()) fn(report_rows::report_row(q));
}

std::optional<std::pair<Timestamp, Timestamp>> SqliteTx::closed_range() {
  // Two statements: each is one probe of the (status, closed_at) index.
  auto first = conn_.query("SELECT min(closed_at) FROM consults WHERE status = 'closed'");
  if (!first.step() || first.is_null(0)) return std::nullopt;
  auto last = conn_.query("SELECT max(closed_at) FROM consults WHERE status = 'closed'");
  last.step();
  return std::pair{first.timestamp(0), last.timestamp(0)};
}

void SqliteTx::for_each_report_cell(std::string_view dim, std::string_view first, std::string_view last,
                                    const std::function<void(const ReportCell&)>& fn) {
  auto q = conn_.query("SELECT month, key, data FROM report_cells WHERE dim = ? AND month >= ? AND month <= ?");
  q.bind_all(dim, first, last);
  ReportCell c;
  c.dim = dim;
  while (q.step()) {
    c.month = q.text(0);
    c.key = q.text(1);
    c.data.assign(q.blob(2));
    fn(c);
  }
}

std::optional<std::string> SqliteTx::report_cell_for_update(std::string_view dim, std::string_view month,
                                                           std::string_view key) {
  auto q = conn_.query("SELECT data FROM report_cells WHERE dim = ? AND month = ? AND key = ?");
  q.bind_all(dim, month, key);
  if (!q.step()) return std::nullopt;
  return std::string(q.blob(0));
}

void SqliteTx::put_report_cell(const ReportCell& c, bool exists) {
  if (c.data.empty()) {
    conn_.query("DELETE FROM report_cells WHERE dim = ? AND month = ? AND key = ?").bind_all(c.dim, c.month, c.key).run();
    return;
  }
  auto q = conn_.query(exists ? "UPDATE report_cells SET data = ? WHERE dim = ? AND month = ? AND key = ?"
                              : "INSERT INTO report_cells (data, dim, month, key) VALUES (?, ?, ?, ?)");
  q.bind_blob(c.data).bind_all(c.dim, c.month, c.key).run();
}

void SqliteTx::clear_report_cells() { conn_.exec("DELETE FROM report_cells", "clear report cells"); }

}  // namespace mk::store::sqlite
