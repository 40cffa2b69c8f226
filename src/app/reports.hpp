#pragma once
// The triple-aim report (DESIGN §7, issue 6): the indicators over the consults closed in a
// period, grouped by month, specialty, service, hospital (the answering organisation), care
// group, practice, modality or the patient's PC4, each role seeing only its own part. A group
// with fewer than 10 distinct patients is suppressed ("<10", no figures), so that no patient
// can be singled out.
//
// For the whole region, the whole months of the period come from the pre-aggregated cells
// (store/report_cells.hpp, kept in the transaction of every change of a closed consult) and
// only the partial months at the edges from the consults' rows; a caller who sees part of the
// region (a care group, a practice, a coordinator's services) reads the rows of that part
// over the per-practice / per-service indexes. Either way the figures are exact — medians and
// percentiles by nearest rank over all response times, distinct patients — and reconcile
// with a recomputation from the raw consults (tests/demo).
#include <optional>
#include <string>
#include <vector>

#include "app/context.hpp"
#include "core/error.hpp"
#include "store/store.hpp"

namespace mk::app {

enum class ReportBy { month, specialty, service, hospital, care_group, practice, modality, pc4 };
std::optional<ReportBy> parse_report_by(std::string_view text);
std::string_view to_string(ReportBy by);

inline constexpr int kSmallCell = 10;  // fewer distinct patients than this: suppressed

struct Indicators {
  std::string key;    // "2026-04", a service id, "3083", "" for the total
  std::string label;  // human name of the group
  int64_t consults = 0;  // closed in the period
  int64_t patients = 0;  // distinct
  bool suppressed = false;
  std::optional<double> treated_by_gp_pct, avoided_referral_pct, prompted_referral_pct, confirmed_avoided_pct;
  int64_t intended_referrals = 0, avoided_referrals = 0;
  int64_t answered = 0;
  std::optional<double> median_response_hours, p90_response_hours, within_target_pct;
  int64_t gp_fees_cents = 0, consultant_fees_cents = 0, fees_cents = 0;
  int64_t avoided_cost_cents = 0, net_cents = 0;  // net = avoided cost − fees
  std::optional<double> mean_usefulness, learned_pct;
  int64_t practices = 0;  // distinct practices with a consult in the group
  std::optional<double> participation_pct;  // of the practices in the caller's part of the region
};

struct TripleAimReport {
  Date from{}, to{};  // inclusive calendar days (Europe/Amsterdam)
  ReportBy by = ReportBy::month;
  int64_t practices_in_scope = 0;
  bool referral_costs_configured = false;
  std::vector<Indicators> groups;  // ordered by key
  Indicators total;
  // Knowledge (the region's teaching-case library): cases published in the period, and how
  // often those cases have been read.
  int64_t teaching_cases_published = 0;
  int64_t teaching_case_reads = 0;
};

// The average cost of a referral per specialty, in cents (avoided cost = avoided referrals ×
// this), kept as the store's meta "referral_costs": {"dermatology": 18000, ...}; "*" = any
// other specialty.
void set_referral_costs(store::WriteTx& tx, const std::vector<std::pair<std::string, int64_t>>& costs);

class Reports {
 public:
  explicit Reports(store::Store& store) : store_(store) {}
  // Error{forbidden} for roles without a part (consultants, assistants, privacy officers, …);
  // Error{validation} for a period that is not from ≤ to, or longer than 10 years.
  TripleAimReport triple_aim(const RequestContext& ctx, Date from, Date to, ReportBy by);
  // The whole region (`meekijk report`); `from_consults` reads the closed consults instead of
  // the pre-aggregated cells (slow: to check the cells).
  TripleAimReport triple_aim_region(Date from, Date to, ReportBy by, bool from_consults = false);
  // Every pre-aggregated cell again from the closed consults (store/report_cells.hpp): after
  // the bulk path (`meekijk generate`) and for a data dir that had closed consults before
  // schema 0007; returns the number of closed consults.
  int64_t rebuild_cells();

 private:
  store::Store& store_;
};

// UTF-8 with BOM, `;`, decimal comma (as the billing files); suppressed cells read "<10".
std::string triple_aim_csv(const TripleAimReport& r);

}  // namespace mk::app
