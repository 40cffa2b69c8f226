// SqliteTx: the triple-aim report's rows (store/report_rows.hpp), over the (status, closed_at) index.
#include "store/report_rows.hpp"
#include "store/sqlite/tx.hpp"
#include "store/sqlite/where_clause.hpp"

namespace mk::store::sqlite {

void SqliteTx::for_each_report_row(const ReportFilter& f, const std::function<void(const ReportRow&)>& fn) {
  WhereClause w;
  w.add("c.status = 'closed' AND c.closed_at >= ? AND c.closed_at < ?", {format_timestamp(f.from), format_timestamp(f.to)});
  std::vector<std::string> practices, services;
  for (const auto& p : f.practices) practices.push_back(p.str());
  for (const auto& s : f.services) services.push_back(s.str());
  w.add_in("c.practice_id", practices);
  w.add_in("c.service_id", services);
  auto q = conn_.query(std::string(report_rows::kSelect) + w.sql());
  w.bind(q);
  while (q.step()) fn(report_rows::report_row(q));
}

}  // namespace mk::store::sqlite
