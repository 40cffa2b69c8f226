#pragma once
// The FHIR searches' conditions on a consult list (ConsultFilter's ids, patient, requester,
// identifier and date ranges; issue 7), shared by both backends' tx_consult_list.cpp. The
// fragments are the same SQL on both; what differs is the Dialect: how "column is one of these
// values" is written (SQLite `IN (?, ?, …)`, PostgreSQL one array parameter `= ANY(?)`) and how
// a bound timestamp is typed. `Where` is sqlite::WhereClause or pg::WhereClause: both take
// `add(condition with ?, {values})`.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "store/store.hpp"

namespace mk::store::consult_list_sql {

template <class Where>
struct Dialect {
  // "column is one of values"; adds nothing when values is empty.
  Where& (Where::*one_of)(const std::string& column, const std::vector<std::string>& values);
  std::string_view timestamp;  // a bound timestamp: "?" or "?::timestamptz"
};

template <class Where>
void add_fhir_conditions(Where& w, const ConsultFilter& f, const Dialect<Where>& d) {
  std::vector<std::string> ids;
  for (const auto& id : f.ids) ids.push_back(id.str());
  (w.*d.one_of)("c.id", ids);
  if (f.patient_id) w.add("c.patient_id = ?", {f.patient_id->str()});
  if (!f.patient_bsn.empty()) w.add("p.bsn = ?", {f.patient_bsn});
  if (f.requester_id) w.add("c.requester_id = ?", {f.requester_id->str()});
  if (f.unassigned) w.add("c.assignee_id IS NULL");
  if (!f.reference.empty()) w.add("c.reference = ?", {f.reference});
  if (f.identifier)
    w.add("EXISTS (SELECT 1 FROM consult_identifiers i WHERE i.consult_id = c.id AND i.system = ? AND i.value = ?)",
          {f.identifier->system, f.identifier->value});
  auto range = [&](const char* column, const std::optional<Timestamp>& from, const std::optional<Timestamp>& to) {
    if (from) w.add(std::string(column) + " >= " + std::string(d.timestamp), {format_timestamp(*from)});
    if (to) w.add(std::string(column) + " < " + std::string(d.timestamp), {format_timestamp(*to)});
  };
  range("c.submitted_at", f.submitted_from, f.submitted_to);
  range("c.updated_at", f.updated_from, f.updated_to);
}

}  // namespace mk::store::consult_list_sql
