// PgTx: the triple-aim report's rows (store/report_rows.hpp), over the (status, closed_at) index.
#include "store/postgres/tx.hpp"
#include "store/postgres/where_clause.hpp"
#include "store/report_rows.hpp"

namespace mk::store::pg {

void PgTx::for_each_report_row(const ReportFilter& f, const std::function<void(const ReportRow&)>& fn) {
  WhereClause w;
  w.add("c.status = 'closed' AND c.closed_at >= ?::timestamptz AND c.closed_at < ?::timestamptz",
        {format_timestamp(f.from), format_timestamp(f.to)});
  std::vector<std::string> practices, services;
  for (const auto& p : f.practices) practices.push_back(p.str());
  for (const auto& s : f.services) services.push_back(s.str());
  w.add_any("c.practice_id", practices);
  w.add_any("c.service_id", services);
  auto r = conn_.exec(std::string(report_rows::kSelect) + w.sql(), w.params());
  for (int i = 0; i < r.rows(); ++i) fn(report_rows::report_row(r.row(i)));
}

}  // namespace mk::store::pg
