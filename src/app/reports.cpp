#include "app/reports.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>

#include "app/access.hpp"
#include "app/billing.hpp"
#include "app/csv.hpp"
#include "core/time.hpp"
#include "domain/billing.hpp"
#include "domain/calendar.hpp"
#include "store/report_cells.hpp"

namespace mk::app {
namespace {

namespace report_cells = store::report_cells;

using domain::OrgType;
using domain::Role;
using store::report_cells::Cell;
using store::report_cells::Dim;
using store::report_cells::Directory;
using store::report_cells::Fact;
constexpr std::string_view kByNames[] = {"month", "specialty", "service", "hospital", "care_group", "practice",
                                         "modality", "pc4"};
constexpr const char* kReferralCostsKey = "referral_costs";

std::optional<double> pct(int64_t part, int64_t whole) {
  if (whole == 0) return std::nullopt;
  return 100.0 * double(part) / double(whole);
}

// The nearest rank of quantile q among n values (0-based): the value at rank ⌈q·n⌉.
size_t nearest_rank(size_t n, double q) {
  return std::max<size_t>(static_cast<size_t>(std::ceil(q * double(n))), 1) - 1;
}

std::optional<double> hours(std::optional<int64_t> ms) {
  if (!ms) return std::nullopt;
  return double(*ms) / 3'600'000.0;
}

// The value at the nearest rank of q in the union of sorted multisets (one group's, or every
// group's for the total: read across them, never copied into one): the smallest value v with
// more than `rank` values ≤ v, found by halving the value range — always one of the values.
std::optional<int64_t> percentile(const std::vector<const std::vector<int64_t>*>& sorted, double q) {
  size_t n = 0;
  int64_t lo = std::numeric_limits<int64_t>::max(), hi = std::numeric_limits<int64_t>::min();
  for (const auto* v : sorted) {
    if (v->empty()) continue;
    n += v->size();
    lo = std::min(lo, v->front());
    hi = std::max(hi, v->back());
  }
  if (n == 0) return std::nullopt;
  if (sorted.size() == 1) return (*sorted.front())[nearest_rank(n, q)];
  const size_t rank = nearest_rank(n, q);
  while (lo < hi) {
    int64_t mid = lo + static_cast<int64_t>((static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo)) / 2);
    size_t at_most = 0;
    for (const auto* v : sorted) at_most += size_t(std::upper_bound(v->begin(), v->end(), mid) - v->begin());
    if (at_most > rank) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

// What a group's multisets give, once sorted (and its patients made distinct).
struct Spread {
  int64_t patients = 0;
  std::optional<int64_t> median_ms, p90_ms;
};

int64_t avoided_cost(const Cell& c, const std::map<std::string, int64_t>& costs) {
  int64_t cents = 0;
  auto star = costs.find("*");
  for (const auto& [specialty, n] : c.avoided_per_specialty) {
    auto it = costs.find(specialty);
    if (it == costs.end()) it = star;
    if (it != costs.end()) cents += n * it->second;
  }
  return cents;
}

// One group's indicators from its sums and maps and the spread of its multisets.
Indicators finish(const Cell& c, const Spread& spread, int64_t practices_in_scope,
                  const std::map<std::string, int64_t>& costs) {
  using namespace report_cells;
  Indicators o;
  o.patients = spread.patients;
  o.suppressed = o.patients < kSmallCell;
  if (o.suppressed) return o;
  const auto& s = c.sums;
  o.consults = s[consults];
  o.practices = static_cast<int64_t>(c.practices.size());
  o.treated_by_gp_pct = pct(s[treated], s[consults]);
  o.intended_referrals = s[intended_yes];
  o.avoided_referrals = s[avoided];
  o.avoided_referral_pct = pct(s[avoided], s[intended_yes]);
  o.prompted_referral_pct = pct(s[prompted], s[intended_no]);
  o.confirmed_avoided_pct = pct(s[not_referred], s[followed]);
  o.answered = s[answered];
  o.median_response_hours = hours(spread.median_ms);
  o.p90_response_hours = hours(spread.p90_ms);
  o.within_target_pct = pct(s[within], s[answered]);
  o.gp_fees_cents = s[gp_fees];
  o.consultant_fees_cents = s[consultant_fees];
  o.fees_cents = o.gp_fees_cents + o.consultant_fees_cents;
  o.avoided_cost_cents = avoided_cost(c, costs);
  o.net_cents = o.avoided_cost_cents - o.fees_cents;
  if (s[usefulness_n] > 0) o.mean_usefulness = double(s[usefulness_sum]) / double(s[usefulness_n]);
  o.learned_pct = pct(s[learned], s[consults]);
  o.participation_pct = pct(o.practices, practices_in_scope);
  return o;
}

// Sorts the groups' multisets in place (patients made distinct) and returns each group's
// spread and the total's, which is read across the sorted groups instead of from a copy of
// them all (a national year holds ~2 million of each).
std::pair<std::vector<Spread>, Spread> spreads(std::map<std::string, Cell>& groups) {
  std::vector<Spread> out;
  std::vector<uint64_t> patients_tmp;
  std::vector<int64_t> response_tmp;
  std::vector<const std::vector<int64_t>*> all_responses;
  size_t distinct_sum = 0;
  for (auto& [key, g] : groups) {
    Spread sp;
    sp.patients = report_cells::distinct_count(g.patients, patients_tmp);
    g.sort_response_ms(response_tmp);
    sp.median_ms = percentile({&g.response_ms}, 0.5);
    sp.p90_ms = percentile({&g.response_ms}, 0.9);
    out.push_back(sp);
    all_responses.push_back(&g.response_ms);
    distinct_sum += g.patients.size();
  }
  Spread total;
  // A patient can be in several groups: the total's distinct patients from one array of the
  // groups' distinct ones (allocated once, at its size).
  std::vector<uint64_t> patients;
  patients.reserve(distinct_sum);
  for (const auto& [key, g] : groups) patients.insert(patients.end(), g.patients.begin(), g.patients.end());
  total.patients = report_cells::distinct_count(patients, patients_tmp);
  total.median_ms = percentile(all_responses, 0.5);
  total.p90_ms = percentile(all_responses, 0.9);
  return {std::move(out), total};
}

std::map<std::string, int64_t> referral_costs(store::ReadTx& tx, bool& configured) {
  std::map<std::string, int64_t> out;
  auto text = tx.meta(kReferralCostsKey);
  configured = text.has_value();
  if (!text) return out;
  auto v = boost::json::parse(*text);
  for (const auto& kv : v.as_object()) out[std::string(kv.key())] = kv.value().as_int64();
  return out;
}

// The part of the region a caller sees: practices (their consults) and/or services.
struct Scope {
  bool everything = false;
  std::vector<OrgId> practices;
  std::vector<ServiceId> services;
  bool cells = true;  // the region's report may read the pre-aggregated cells
};

Scope scope_of(store::ReadTx& tx, const Actor& actor) {
  Scope s;
  switch (actor.role) {
    case Role::regional_admin:
    case Role::insurer:
      s.everything = true;
      return s;
    case Role::care_group_manager:
      for (const auto& id : access::org_subtree(tx, actor.organization_id))
        if (auto o = tx.organization(id); o && o->type == OrgType::gp_practice) s.practices.push_back(id);
      if (s.practices.empty()) s.practices.push_back(OrgId("none"));  // a care group without practices: nothing
      return s;
    case Role::coordinator:
      s.services = access::queue_services(tx, actor);
      if (s.services.empty()) s.services.push_back(ServiceId("none"));
      return s;
    case Role::gp:
      s.practices = {actor.organization_id};
      return s;
    default:
      throw Error(Errc::forbidden, "Forbidden",
                  "the triple-aim report is for the region, insurers, care groups, hospitals and practices");
  }
}

// The cell dimension that serves a grouping (by month: the care-group cells, by closed month).
Dim dim_of(ReportBy by) {
  constexpr Dim dims[] = {Dim::care_group, Dim::specialty, Dim::service, Dim::hospital,
                          Dim::care_group, Dim::practice,  Dim::modality, Dim::pc4};
  return dims[static_cast<size_t>(by)];
}

std::string group_of_fact(ReportBy by, const Fact& f) {
  return by == ReportBy::month ? f.month : std::string(report_cells::group_key(f.key(dim_of(by))));
}

std::string label_of(ReportBy by, const std::string& key, Directory& dir) {
  switch (by) {
    case ReportBy::service:
      if (const auto* s = dir.service(key)) return s->name;
      return key;
    case ReportBy::care_group:
      if (key.empty()) return "(geen zorggroep / no care group)";
      [[fallthrough]];
    case ReportBy::hospital:
    case ReportBy::practice:
      if (const auto* o = dir.organization(key)) return o->name;
      return key;
    default:
      return key;
  }
}

// The whole months of [from, to] (first..last), when there is at least one.
std::optional<std::pair<std::chrono::year_month, std::chrono::year_month>> whole_months(Date from, Date to) {
  using namespace std::chrono;
  year_month first = from.year() / from.month(), last = to.year() / to.month();
  if (from.day() != day(1)) first += months(1);
  if (sys_days(to) + days(1) != sys_days((last + months(1)) / 1)) last -= months(1);
  if (last < first) return std::nullopt;
  return std::pair{first, last};
}

// Fills the groups. The region's report with built cells: the month cells of the whole months
// of [from, to] and the day cells of the days around them. Everything else (a scoped role, or
// cells not built yet) from the consults.
void gather(store::ReadTx& tx, const Scope& scope, Date from, Date to, ReportBy by, Directory& dir,
            std::map<std::string, Cell>& groups) {
  using namespace std::chrono;
  using report_cells::Grain;
  if (scope.everything && scope.cells && report_cells::built(tx)) {
    const Dim dim = dim_of(by);
    auto merge = [&](const store::ReportCell& c) {  // c.month: the cell's month or day
      auto key = by == ReportBy::month ? c.month.substr(0, 7) : std::string(report_cells::group_key(c.key));
      groups[key].merge_encoded(c.data);
    };
    auto day_cells = [&](Date first, Date last) {
      if (sys_days(first) <= sys_days(last))
        tx.for_each_report_cell(report_cells::dim_name(dim, Grain::day), format_date(first), format_date(last), merge);
    };
    if (auto months = whole_months(from, to)) {
      auto [first, last] = *months;
      tx.for_each_report_cell(report_cells::dim_name(dim), domain::month_of(first / 1), domain::month_of(last / 1),
                              merge);
      day_cells(from, Date{sys_days(first / 1) - std::chrono::days(1)});
      day_cells(Date{sys_days((last + std::chrono::months(1)) / 1)}, to);
    } else {
      day_cells(from, to);
    }
    return;
  }
  const Timestamp start = domain::amsterdam_midnight(from), end = domain::amsterdam_midnight(sys_days(to) + days(1));
  store::ReportFilter filter{start, end, scope.practices, scope.services, {}, {}};
  tx.for_each_report_row(filter, [&](const store::ReportRow& r) {
    auto f = dir.fact(r);
    groups[group_of_fact(by, f)].add(f);
  });
}

TripleAimReport build(store::ReadTx& tx, const Scope& scope, Date from, Date to, ReportBy by) {
  if (std::chrono::sys_days(to) < std::chrono::sys_days(from))
    throw Error(Errc::validation, "The request has invalid fields", "to: before from", {{"to", "is before from"}});
  if (std::chrono::sys_days(to) - std::chrono::sys_days(from) > std::chrono::days(3660))
    throw Error(Errc::validation, "The request has invalid fields", "to: more than 10 years after from",
                {{"to", "the period is at most 10 years"}});
  TripleAimReport report;
  report.from = from;
  report.to = to;
  report.by = by;
  auto costs = referral_costs(tx, report.referral_costs_configured);
  auto orgs = tx.organizations();
  // The practices the caller's figures are a share of: its own, or the region's.
  std::set<std::string> scope_practices;
  for (const auto& p : scope.practices) scope_practices.insert(p.str());
  if (scope.practices.empty())
    for (const auto& o : orgs)
      if (o.type == OrgType::gp_practice) scope_practices.insert(o.id.str());
  report.practices_in_scope = static_cast<int64_t>(scope_practices.size());
  Directory dir(std::move(orgs), tx.services());
  std::map<std::string, int64_t> practices_per_group;  // care_group grouping: its own denominator
  if (by == ReportBy::care_group)
    for (const auto& p : scope_practices) {
      auto g = dir.group_of(p);
      ++practices_per_group[g ? g->id.str() : ""];
    }

  std::map<std::string, Cell> groups;
  gather(tx, scope, from, to, by, dir, groups);
  auto [group_spreads, total_spread] = spreads(groups);
  Cell total;  // the sums and maps of every group (its multisets are read across the groups)
  size_t index = 0;
  for (auto& [key, g] : groups) {
    for (size_t k = 0; k < report_cells::kSums; ++k) total.sums[k] += g.sums[k];
    for (const auto& [practice, n] : g.practices) total.practices[practice] += n;
    for (const auto& [specialty, n] : g.avoided_per_specialty) total.avoided_per_specialty[specialty] += n;
    int64_t denominator = report.practices_in_scope;
    if (by == ReportBy::care_group) denominator = practices_per_group[key];
    if (by == ReportBy::practice) denominator = 1;
    auto& i = report.groups.emplace_back(finish(g, group_spreads[index++], denominator, costs));
    i.key = key;
    i.label = label_of(by, key, dir);
  }
  auto knowledge = tx.teaching_stats(domain::amsterdam_midnight(from),
                                     domain::amsterdam_midnight(std::chrono::sys_days(to) + std::chrono::days(1)));
  report.teaching_cases_published = knowledge.published;
  report.teaching_case_reads = knowledge.reads;
  report.total = finish(total, total_spread, report.practices_in_scope, costs);
  report.total.label = "Totaal / total";
  return report;
}

std::string decimal(const std::optional<double>& v, int places) {
  if (!v) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", places, *v);
  std::string s = buf;
  std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

}  // namespace

std::optional<ReportBy> parse_report_by(std::string_view text) {
  for (size_t i = 0; i < std::size(kByNames); ++i)
    if (kByNames[i] == text) return static_cast<ReportBy>(i);
  return std::nullopt;
}

std::string_view to_string(ReportBy by) { return kByNames[static_cast<size_t>(by)]; }

void set_referral_costs(store::WriteTx& tx, const std::vector<std::pair<std::string, int64_t>>& costs) {
  boost::json::object o;
  for (const auto& [specialty, cents] : costs) o[specialty] = cents;
  tx.set_meta(kReferralCostsKey, boost::json::serialize(o));
}

TripleAimReport Reports::triple_aim(const RequestContext& ctx, Date from, Date to, ReportBy by) {
  return store_.read([&](store::ReadTx& tx) { return build(tx, scope_of(tx, ctx.actor), from, to, by); });
}

int64_t Reports::rebuild_cells() {
  return store_.write([](store::WriteTx& tx) { return report_cells::rebuild(tx); });
}

TripleAimReport Reports::triple_aim_region(Date from, Date to, ReportBy by, bool from_consults) {
  return store_.read([&](store::ReadTx& tx) { return build(tx, Scope{true, {}, {}, !from_consults}, from, to, by); });
}

std::string triple_aim_csv(const TripleAimReport& r) {
  CsvWriter w;
  w.row({"group_by", "key", "label", "consults", "patients", "treated_by_gp_pct", "intended_referrals",
         "avoided_referrals", "avoided_referral_pct", "prompted_referral_pct", "confirmed_avoided_pct",
         "median_response_hours", "p90_response_hours", "within_target_pct", "gp_fees_eur", "consultant_fees_eur",
         "fees_eur", "avoided_cost_eur", "net_eur", "mean_usefulness", "learned_pct", "practices",
         "participation_pct"});
  auto line = [&](const Indicators& i) {
    w.field(to_string(r.by)).field(i.key).field(i.label);
    if (i.suppressed) {
      w.value("<10").value("<10");
      for (int k = 0; k < 18; ++k) w.value("");
      w.end();
      return;
    }
    w.number(i.consults).number(i.patients).value(decimal(i.treated_by_gp_pct, 1)).number(i.intended_referrals);
    w.number(i.avoided_referrals).value(decimal(i.avoided_referral_pct, 1)).value(decimal(i.prompted_referral_pct, 1));
    w.value(decimal(i.confirmed_avoided_pct, 1)).value(decimal(i.median_response_hours, 1));
    w.value(decimal(i.p90_response_hours, 1)).value(decimal(i.within_target_pct, 1));
    w.value(euro_text(i.gp_fees_cents)).value(euro_text(i.consultant_fees_cents)).value(euro_text(i.fees_cents));
    w.value(euro_text(i.avoided_cost_cents)).value(euro_text(i.net_cents)).value(decimal(i.mean_usefulness, 2));
    w.value(decimal(i.learned_pct, 1)).number(i.practices).value(decimal(i.participation_pct, 1)).end();
  };
  for (const auto& g : r.groups) line(g);
  line(r.total);
  return w.take();
}

}  // namespace mk::app
