// PgTx: contracts, declaration lines, statements and the no-contract list. Column lists and
// row decoding are shared with SQLite (store/billing_rows.hpp).
#include "store/billing_rows.hpp"
#include "store/report_cells.hpp"
#include "store/postgres/consult_rows.hpp"
#include "store/postgres/rows.hpp"
#include "store/postgres/tx.hpp"
#include "store/postgres/where_clause.hpp"

namespace mk::store::pg {
namespace {

namespace rows = billing_rows;
using domain::Contract;
using domain::DeclarationLine;

const auto date_at = [](const Row& r, int col) { return r.opt_date(col); };

template <class T, class Read>
std::vector<T> read_all(const Result& res, Read read) {
  std::vector<T> out;
  for (int i = 0; i < res.rows(); ++i) out.push_back(read(res.row(i)));
  return out;
}

std::vector<std::string> id_texts(const std::vector<OrgId>& ids) {
  std::vector<std::string> out;
  for (const auto& id : ids) out.push_back(id.str());
  return out;
}

// The month, and unless the filter is region-wide: organisation in `org_cols` or payer in `payer_col`.
WhereClause billing_where(const BillingFilter& f, std::vector<std::string> org_cols, const char* payer_col) {
  WhereClause w;
  w.add("month = ?", {f.month});
  if (f.everything) return w;
  std::string cond;
  std::vector<std::string> values;
  auto any = [&](const std::string& col, const std::vector<OrgId>& ids) {
    if (ids.empty()) return;
    cond += (cond.empty() ? "" : " OR ") + col + " = ANY(?::text[])";
    values.push_back(array_literal(id_texts(ids)));
  };
  for (const auto& col : org_cols) any(col, f.organizations);
  if (payer_col) any(payer_col, f.payers);
  w.add(cond.empty() ? "false" : cond, values);
  return w;
}

std::optional<Contract> one_contract(Connection& conn, const char* where, std::string_view value) {
  auto r = conn.exec(std::string("SELECT ") + rows::kContractCols + " FROM contracts WHERE " + where, Params().add(value));
  if (r.rows() == 0) return std::nullopt;
  return rows::contract(r.row(0), date_at);
}

}  // namespace

std::vector<Contract> PgTx::contracts(const ContractFilter& f) {
  WhereClause w;
  if (f.care_group) w.add("requester_care_group_id = ?", {f.care_group->str()});
  if (f.provider) w.add("provider_organization_id = ?", {f.provider->str()});
  if (f.modality) w.add("modality = ?", {enum_text(*f.modality)});
  return read_all<Contract>(
      conn_.exec(std::string("SELECT ") + rows::kContractCols + " FROM contracts" + w.sql() +
                     " ORDER BY requester_care_group_id, provider_organization_id, modality, valid_from",
                 w.params()),
      [](const Row& r) { return rows::contract(r, date_at); });
}

std::optional<Contract> PgTx::contract(const ContractId& id) { return one_contract(conn_, "id = $1", id.str()); }

std::optional<Contract> PgTx::contract_by_ref(std::string_view ref) {
  return one_contract(conn_, "ref = $1 AND ref <> ''", ref);
}

void PgTx::save_contract(const Contract& c) {
  // Contract writes of one care group take turns (the care group's row, NO KEY UPDATE: it does
  // not block the foreign-key checks of ordinary writes), so two instances cannot both pass
  // the overlap check.
  conn_.exec("SELECT 1 FROM organizations WHERE id = $1 FOR NO KEY UPDATE", Params().add(c.requester_care_group_id));
  auto clash = conn_.exec(
      "SELECT id FROM contracts WHERE requester_care_group_id = $1 AND provider_organization_id = $2 "
      "AND modality = $3 AND id <> $4 AND valid_from <= coalesce($5::date, 'infinity'::date) "
      "AND coalesce(valid_to, 'infinity'::date) >= $6::date LIMIT 1",
      Params().add_all(c.requester_care_group_id, c.provider_organization_id, enum_text(c.modality), c.id,
                       opt_date_text(c.valid_to), format_date(c.valid_from)));
  if (clash.rows() > 0) throw rows::overlapping_contract(clash.row(0).text(0));
  conn_.exec(std::string("INSERT INTO contracts (") + rows::kContractCols + ") VALUES (" +
                 rows::value_list(rows::kContractColCount, true) + ") ON CONFLICT (id) DO UPDATE SET " +
                 rows::kContractUpdate,
             Params().add_all(c.id, c.ref, int64_t{c.version}, c.requester_care_group_id, c.provider_organization_id,
                              enum_text(c.modality), format_date(c.valid_from), opt_date_text(c.valid_to), c.payer_id,
                              c.gp_fee_cents, c.gp_code, enum_text(c.consultant_fee_kind), c.consultant_fee_cents,
                              c.consultant_rate_centicents, c.consultant_fee_cap_cents, c.consultant_code,
                              c.deductible_applies, c.updated_at, c.session_fee_cents));
}

bool PgTx::insert_declarations(const std::vector<DeclarationLine>& lines) {
  if (lines.empty()) return false;
  // The consult row is locked by the caller (consult() in a write transaction); the unique
  // index (consult_id, party) stays the last line of defence.
  // A session's line: two closes of the session's consults lock different rows, so the second
  // waits on the unique index and then inserts nothing.
  const auto& first = lines.front();
  auto existing = first.session_id
                      ? conn_.exec("SELECT 1 FROM declarations WHERE session_id = $1 LIMIT 1", Params().add(*first.session_id))
                      : conn_.exec("SELECT 1 FROM declarations WHERE consult_id = $1 AND session_id IS NULL LIMIT 1",
                                   Params().add(first.consult_id));
  if (existing.rows() > 0) return false;
  report_cells::Change cells(*this, report_cells::of_consult(lines.front().consult_id));
  for (const auto& l : lines)
    conn_.exec(std::string("INSERT INTO declarations (") + rows::kDeclarationCols + ", month) VALUES (" +
                   rows::value_list(rows::kDeclarationColCount + 1, true) + ")" +
                   (l.session_id ? " ON CONFLICT DO NOTHING" : ""),
               declaration_params(l));
  cells.apply();
  return true;
}

Params declaration_params(const DeclarationLine& l) {
  return std::move(Params().add_all(l.id, l.consult_id, l.reference, format_date(l.date), enum_text(l.party),
                                    l.organization_id, l.organization_agb, l.practitioner_id, l.practitioner_agb,
                                    l.payer_id, l.code, l.amount_cents, l.deductible_applies, l.contract_id,
                                    enum_text(l.modality), int64_t{l.minutes_spent}, l.created_at, l.session_id,
                                    domain::month_of(l.date)));
}

std::vector<DeclarationLine> PgTx::declarations(const BillingFilter& f) {
  auto w = billing_where(f, {"organization_id"}, "payer_id");
  return read_all<DeclarationLine>(
      conn_.exec(std::string("SELECT ") + rows::kDeclarationCols + " FROM declarations" + w.sql() +
                     " ORDER BY date, reference, party",
                 w.params()),
      [](const Row& r) { return rows::declaration(r, date_at); });
}

std::vector<domain::StatementLine> PgTx::statement(const BillingFilter& f) {
  auto w = billing_where(f, {"organization_id"}, "payer_id");
  return read_all<domain::StatementLine>(
      conn_.exec(std::string("SELECT ") + rows::kStatementSelect +
                     ", sum(amount_cents)::bigint, count(*) FILTER (WHERE deductible_applies) FROM declarations" +
                     w.sql() + rows::kStatementGroup,
                 w.params()),
      [](const Row& r) { return rows::statement_line(r); });
}

std::vector<domain::Unbilled> PgTx::unbilled(const BillingFilter& f) {
  auto w = billing_where(f, {"practice_id", "provider_organization_id"}, nullptr);
  return read_all<domain::Unbilled>(
      conn_.exec(std::string("SELECT ") + rows::kUnbilledCols + " FROM unbilled" + w.sql() + " ORDER BY date, reference",
                 w.params()),
      [](const Row& r) { return rows::unbilled(r, date_at); });
}

void PgTx::save_unbilled(const domain::Unbilled& u) {
  conn_.exec(std::string("INSERT INTO unbilled (") + rows::kUnbilledCols + ", month) VALUES (" +
                 rows::value_list(9, true) + ") ON CONFLICT (consult_id) DO UPDATE SET reason = excluded.reason, " +
                 "provider_organization_id = excluded.provider_organization_id",
             Params().add_all(u.consult_id, u.reference, format_date(u.date), u.practice_id, u.provider_organization_id,
                              enum_text(u.modality), u.reason, u.created_at, domain::month_of(u.date)));
}

void PgTx::delete_unbilled(const ConsultId& consult) {
  conn_.exec("DELETE FROM unbilled WHERE consult_id = $1", Params().add(consult));
}

}  // namespace mk::store::pg
