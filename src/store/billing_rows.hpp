#pragma once
// The billing tables' column lists and row decoding, shared by both backends (tx_billing.cpp):
// sqlite::Query and pg::Row have the same accessors (text, int64, integer, boolean,
// timestamp, is_null); only dates are read differently, so the caller passes `date_at`
// (row, column) → std::optional<Date>. A value the domain cannot parse means the database was
// changed behind our back: Error{internal}.
#include <string>

#include "core/error.hpp"
#include "domain/billing.hpp"

namespace mk::store::billing_rows {

inline constexpr const char* kContractCols =
    "id, ref, version, requester_care_group_id, provider_organization_id, modality, valid_from, valid_to, "
    "payer_id, gp_fee_cents, gp_code, consultant_fee_kind, consultant_fee_cents, consultant_rate_centicents, "
    "consultant_fee_cap_cents, consultant_code, deductible_applies, updated_at, session_fee_cents";
inline constexpr int kContractColCount = 19;
// ON CONFLICT (id) DO UPDATE SET …: every column but the id.
inline constexpr const char* kContractUpdate =
    "ref = excluded.ref, version = excluded.version, requester_care_group_id = excluded.requester_care_group_id, "
    "provider_organization_id = excluded.provider_organization_id, modality = excluded.modality, "
    "valid_from = excluded.valid_from, valid_to = excluded.valid_to, payer_id = excluded.payer_id, "
    "gp_fee_cents = excluded.gp_fee_cents, gp_code = excluded.gp_code, "
    "consultant_fee_kind = excluded.consultant_fee_kind, consultant_fee_cents = excluded.consultant_fee_cents, "
    "consultant_rate_centicents = excluded.consultant_rate_centicents, "
    "consultant_fee_cap_cents = excluded.consultant_fee_cap_cents, consultant_code = excluded.consultant_code, "
    "deductible_applies = excluded.deductible_applies, updated_at = excluded.updated_at, "
    "session_fee_cents = excluded.session_fee_cents";
inline constexpr const char* kDeclarationCols =
    "id, consult_id, reference, date, party, organization_id, organization_agb, practitioner_id, practitioner_agb, "
    "payer_id, code, amount_cents, deductible_applies, contract_id, modality, minutes_spent, created_at, session_id";
inline constexpr int kDeclarationColCount = 18;  // and `month`, derived from the date, on insert
inline constexpr const char* kUnbilledCols =
    "consult_id, reference, date, practice_id, provider_organization_id, modality, reason, created_at";
inline constexpr const char* kStatementSelect = "organization_id, party, payer_id, code, count(*)";
inline constexpr const char* kStatementGroup =
    " GROUP BY organization_id, party, payer_id, code ORDER BY organization_id, party, payer_id, code";

template <class E, class R>
E enum_at(const R& r, int col) {
  auto v = domain::parse_enum<E>(r.text(col));
  if (!v) throw Error(Errc::internal, "Database error", "unknown enum value in column " + std::to_string(col));
  return *v;
}

template <class R, class DateAt>
Date required_date(const R& r, int col, DateAt date_at) {
  auto d = date_at(r, col);
  if (!d) throw Error(Errc::internal, "Database error", "missing date in column " + std::to_string(col));
  return *d;
}

template <class R, class DateAt>
domain::Contract contract(const R& r, DateAt date_at) {
  domain::Contract c;
  c.id = ContractId(r.text(0));
  c.ref = r.text(1);
  c.version = r.integer(2);
  c.requester_care_group_id = OrgId(r.text(3));
  c.provider_organization_id = OrgId(r.text(4));
  c.modality = enum_at<domain::Modality>(r, 5);
  c.valid_from = required_date(r, 6, date_at);
  c.valid_to = date_at(r, 7);
  c.payer_id = OrgId(r.text(8));
  c.gp_fee_cents = r.int64(9);
  c.gp_code = r.text(10);
  c.consultant_fee_kind = enum_at<domain::FeeKind>(r, 11);
  c.consultant_fee_cents = r.int64(12);
  c.consultant_rate_centicents = r.int64(13);
  if (!r.is_null(14)) c.consultant_fee_cap_cents = r.int64(14);
  c.consultant_code = r.text(15);
  c.deductible_applies = r.boolean(16);
  c.updated_at = r.timestamp(17);
  if (!r.is_null(18)) c.session_fee_cents = r.int64(18);
  return c;
}

template <class R, class DateAt>
domain::DeclarationLine declaration(const R& r, DateAt date_at) {
  domain::DeclarationLine l;
  l.id = r.text(0);
  l.consult_id = ConsultId(r.text(1));
  l.reference = r.text(2);
  l.date = required_date(r, 3, date_at);
  l.party = enum_at<domain::Party>(r, 4);
  l.organization_id = OrgId(r.text(5));
  l.organization_agb = r.text(6);
  if (!r.is_null(7)) l.practitioner_id = UserId(r.text(7));
  l.practitioner_agb = r.text(8);
  l.payer_id = OrgId(r.text(9));
  l.code = r.text(10);
  l.amount_cents = r.int64(11);
  l.deductible_applies = r.boolean(12);
  l.contract_id = ContractId(r.text(13));
  l.modality = enum_at<domain::Modality>(r, 14);
  l.minutes_spent = r.integer(15);
  l.created_at = r.timestamp(16);
  if (!r.is_null(17)) l.session_id = r.text(17);
  return l;
}

template <class R, class DateAt>
domain::Unbilled unbilled(const R& r, DateAt date_at) {
  return {ConsultId(r.text(0)), r.text(1), required_date(r, 2, date_at), OrgId(r.text(3)), OrgId(r.text(4)),
          enum_at<domain::Modality>(r, 5), r.text(6), r.timestamp(7)};
}

// organization_id, party, payer_id, code, count, sum of cents, lines charging the deductible.
template <class R>
domain::StatementLine statement_line(const R& r) {
  return {OrgId(r.text(0)), enum_at<domain::Party>(r, 1), OrgId(r.text(2)), r.text(3), r.int64(4), r.int64(5),
          r.int64(6)};
}

// The store's answer to a contract whose period shares a day with `other`'s.
inline Error overlapping_contract(const std::string& other) {
  return Error(Errc::conflict, "Overlapping contract",
               "contract " + other + " covers part of this period for the same care group, provider and modality");
}

// "$1, $2, …" (PostgreSQL) or "?, ?, …" (SQLite) for n values.
inline std::string value_list(int n, bool numbered) {
  std::string out;
  for (int i = 1; i <= n; ++i) out += (i > 1 ? ", " : "") + (numbered ? "$" + std::to_string(i) : std::string("?"));
  return out;
}

}  // namespace mk::store::billing_rows
