// SqliteTx: contracts, declaration lines, statements and the no-contract list. Column lists
// and row decoding are shared with PostgreSQL (store/billing_rows.hpp).
#include "store/billing_rows.hpp"
#include "store/report_cells.hpp"
#include "store/sqlite/rows.hpp"
#include "store/sqlite/tx.hpp"
#include "store/sqlite/where_clause.hpp"

namespace mk::store::sqlite {
namespace {

namespace rows = billing_rows;
using domain::Contract;
using domain::DeclarationLine;

const auto date_at = [](const Query& q, int col) { return opt_date_col(q, col); };

template <class T, class Read>
std::vector<T> read_all(Query& q, Read read) {
  std::vector<T> out;
  while (q.step()) out.push_back(read(q));
  return out;
}

// The month, and unless the filter is region-wide: organisation in `org_cols` or payer in `payer_col`.
WhereClause billing_where(const BillingFilter& f, std::vector<std::string> org_cols, const char* payer_col) {
  WhereClause w;
  w.add("month = ?", {f.month});
  if (f.everything) return w;
  std::string cond;
  std::vector<WhereClause::Value> values;
  auto any = [&](const std::string& col, const std::vector<OrgId>& ids) {
    if (ids.empty()) return;
    cond += (cond.empty() ? "" : " OR ") + col + " IN (" + placeholders(ids.size()) + ")";
    for (const auto& id : ids) values.emplace_back(id.str());
  };
  for (const auto& col : org_cols) any(col, f.organizations);
  if (payer_col) any(payer_col, f.payers);
  w.add(cond.empty() ? "0" : cond, std::move(values));
  return w;
}

std::optional<Contract> one_contract(Connection& conn, const char* where, std::string_view value) {
  auto q = conn.query(std::string("SELECT ") + rows::kContractCols + " FROM contracts WHERE " + where);
  q.bind(value);
  if (!q.step()) return std::nullopt;
  return rows::contract(q, date_at);
}

}  // namespace

std::vector<Contract> SqliteTx::contracts(const ContractFilter& f) {
  WhereClause w;
  if (f.care_group) w.add("requester_care_group_id = ?", {f.care_group->str()});
  if (f.provider) w.add("provider_organization_id = ?", {f.provider->str()});
  if (f.modality) w.add("modality = ?", {enum_text(*f.modality)});
  auto q = conn_.query(std::string("SELECT ") + rows::kContractCols + " FROM contracts" + w.sql() +
                       " ORDER BY requester_care_group_id, provider_organization_id, modality, valid_from");
  w.bind(q);
  return read_all<Contract>(q, [](const Query& r) { return rows::contract(r, date_at); });
}

std::optional<Contract> SqliteTx::contract(const ContractId& id) { return one_contract(conn_, "id = ?", id.str()); }

std::optional<Contract> SqliteTx::contract_by_ref(std::string_view ref) {
  return one_contract(conn_, "ref = ? AND ref <> ''", ref);
}

void SqliteTx::save_contract(const Contract& c) {
  // One writer: nobody can insert between this check and the write.
  auto clash = conn_.query(
      "SELECT id FROM contracts WHERE requester_care_group_id = ? AND provider_organization_id = ? "
      "AND modality = ? AND id <> ? AND valid_from <= coalesce(?, '9999-12-31') "
      "AND coalesce(valid_to, '9999-12-31') >= ? LIMIT 1");
  clash.bind_all(c.requester_care_group_id, c.provider_organization_id, enum_text(c.modality), c.id,
                 opt_date_text(c.valid_to), format_date(c.valid_from));
  if (clash.step()) throw rows::overlapping_contract(clash.text(0));
  conn_.query(std::string("INSERT INTO contracts (") + rows::kContractCols + ") VALUES (" +
              rows::value_list(rows::kContractColCount, false) + ") ON CONFLICT (id) DO UPDATE SET " +
              rows::kContractUpdate)
      .bind_all(c.id, c.ref, int64_t{c.version}, c.requester_care_group_id, c.provider_organization_id,
                enum_text(c.modality), format_date(c.valid_from), opt_date_text(c.valid_to), c.payer_id, c.gp_fee_cents,
                c.gp_code, enum_text(c.consultant_fee_kind), c.consultant_fee_cents, c.consultant_rate_centicents,
                c.consultant_fee_cap_cents, c.consultant_code, c.deductible_applies, c.updated_at, c.session_fee_cents)
      .run();
}

bool SqliteTx::insert_declarations(const std::vector<DeclarationLine>& lines) {
  if (lines.empty()) return false;
  const auto& first = lines.front();
  auto existing = conn_.query(first.session_id ? "SELECT 1 FROM declarations WHERE session_id = ? LIMIT 1"
                                               : "SELECT 1 FROM declarations WHERE consult_id = ? AND session_id IS NULL LIMIT 1");
  existing.bind(first.session_id ? *first.session_id : first.consult_id.str());
  if (existing.step()) return false;
  report_cells::Change cells(*this, report_cells::of_consult(lines.front().consult_id));
  for (const auto& l : lines)
    conn_.query(std::string("INSERT INTO declarations (") + rows::kDeclarationCols + ", month) VALUES (" +
                rows::value_list(rows::kDeclarationColCount + 1, false) + ")")
        .bind_all(l.id, l.consult_id, l.reference, format_date(l.date), enum_text(l.party), l.organization_id,
                  l.organization_agb, l.practitioner_id, l.practitioner_agb, l.payer_id, l.code, l.amount_cents,
                  l.deductible_applies, l.contract_id, enum_text(l.modality), int64_t{l.minutes_spent}, l.created_at,
                  l.session_id, domain::month_of(l.date))
        .run();
  cells.apply();
  return true;
}

std::vector<DeclarationLine> SqliteTx::declarations(const BillingFilter& f) {
  auto w = billing_where(f, {"organization_id"}, "payer_id");
  auto q = conn_.query(std::string("SELECT ") + rows::kDeclarationCols + " FROM declarations" + w.sql() +
                       " ORDER BY date, reference, party");
  w.bind(q);
  return read_all<DeclarationLine>(q, [](const Query& r) { return rows::declaration(r, date_at); });
}

std::vector<domain::StatementLine> SqliteTx::statement(const BillingFilter& f) {
  auto w = billing_where(f, {"organization_id"}, "payer_id");
  auto q = conn_.query(std::string("SELECT ") + rows::kStatementSelect +
                       ", sum(amount_cents), sum(deductible_applies) FROM declarations" + w.sql() + rows::kStatementGroup);
  w.bind(q);
  return read_all<domain::StatementLine>(q, [](const Query& r) { return rows::statement_line(r); });
}

std::vector<domain::Unbilled> SqliteTx::unbilled(const BillingFilter& f) {
  auto w = billing_where(f, {"practice_id", "provider_organization_id"}, nullptr);
  auto q = conn_.query(std::string("SELECT ") + rows::kUnbilledCols + " FROM unbilled" + w.sql() +
                       " ORDER BY date, reference");
  w.bind(q);
  return read_all<domain::Unbilled>(q, [](const Query& r) { return rows::unbilled(r, date_at); });
}

void SqliteTx::save_unbilled(const domain::Unbilled& u) {
  conn_.query(std::string("INSERT INTO unbilled (") + rows::kUnbilledCols + ", month) VALUES (" +
              rows::value_list(9, false) + ") ON CONFLICT (consult_id) DO UPDATE SET reason = excluded.reason, " +
              "provider_organization_id = excluded.provider_organization_id")
      .bind_all(u.consult_id, u.reference, format_date(u.date), u.practice_id, u.provider_organization_id,
                enum_text(u.modality), u.reason, u.created_at, domain::month_of(u.date))
      .run();
}

void SqliteTx::delete_unbilled(const ConsultId& consult) {
  conn_.query("DELETE FROM unbilled WHERE consult_id = ?").bind(consult).run();
}

}  // namespace mk::store::sqlite
