#pragma once
// The triple-aim report's projection of a closed consult (store::ReportRow), shared by both
// backends (tx_report.cpp): one SELECT, decoded by the same accessors of sqlite::Query and
// pg::Row; only optional timestamps and booleans differ, so the caller passes them in.
#include <string>
#include <vector>

#include "store/billing_rows.hpp"
#include "store/store.hpp"

namespace mk::store::report_rows {

// Columns in ReportRow order; the caller appends its WHERE clause (on c.).
inline constexpr const char* kSelect =
    "SELECT c.id, c.practice_id, c.service_id, c.modality, p.bsn, substr(p.postcode, 1, 4), c.submitted_at, "
    "c.closed_at, c.first_answer_at, c.due_at, c.intended_referral, c.outcome_result, c.outcome_usefulness, "
    "c.outcome_learned, c.follow_up_referred_within_90d, "
    "CAST(coalesce((SELECT sum(d.amount_cents) FROM declarations d WHERE d.consult_id = c.id AND d.party = 'gp'), 0) "
    "AS bigint), CAST(coalesce((SELECT sum(d.amount_cents) FROM declarations d WHERE d.consult_id = c.id "
    "AND d.party = 'consultant'), 0) AS bigint) "
    "FROM consults c JOIN patients p ON p.id = c.patient_id";

// The ids of a ReportFilter as the bound texts of an IN / ANY list.
template <class IdT>
std::vector<std::string> texts(const std::vector<IdT>& ids) {
  std::vector<std::string> out;
  for (const auto& id : ids) out.push_back(id.str());
  return out;
}

template <class R>
ReportRow report_row(const R& r) {
  using billing_rows::enum_at;
  ReportRow x;
  x.id = ConsultId(r.text(0));
  x.practice_id = OrgId(r.text(1));
  x.service_id = ServiceId(r.text(2));
  x.modality = enum_at<domain::Modality>(r, 3);
  x.patient_bsn = r.text(4);
  x.pc4 = r.text(5);
  x.submitted_at = r.timestamp(6);
  x.closed_at = r.timestamp(7);
  x.first_answer_at = r.opt_timestamp(8);
  x.due_at = r.opt_timestamp(9);
  if (!r.is_null(10)) x.intended_referral = enum_at<domain::IntendedReferral>(r, 10);
  x.result = enum_at<domain::OutcomeResult>(r, 11);
  x.usefulness = r.is_null(12) ? 0 : r.integer(12);
  x.learned = !r.is_null(13) && r.boolean(13);
  if (!r.is_null(14)) x.referred_within_90d = r.boolean(14);
  x.gp_fee_cents = r.int64(15);
  x.consultant_fee_cents = r.int64(16);
  return x;
}

}  // namespace mk::store::report_rows
