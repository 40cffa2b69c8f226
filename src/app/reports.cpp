#include "app/reports.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "app/access.hpp"
#include "app/billing.hpp"
#include "app/csv.hpp"
#include "domain/billing.hpp"
#include "domain/calendar.hpp"

namespace mk::app {
namespace {

using domain::OrgType;
using domain::Role;
constexpr std::string_view kByNames[] = {"month", "specialty", "service", "hospital", "care_group", "practice",
                                         "modality", "pc4"};
constexpr const char* kReferralCostsKey = "referral_costs";

std::optional<double> pct(int64_t part, int64_t whole) {
  if (whole == 0) return std::nullopt;
  return 100.0 * double(part) / double(whole);
}

// Nearest-rank percentile (the value at rank ⌈q·n⌉ of the sorted values): always one of them.
std::optional<double> percentile(std::vector<double>& sorted, double q) {
  if (sorted.empty()) return std::nullopt;
  size_t rank = static_cast<size_t>(std::ceil(q * double(sorted.size())));
  return sorted[std::max<size_t>(rank, 1) - 1];
}

// A BSN as a number (9 digits); anything else (never stored, but) by its text's hash with the
// top bit set, so it cannot meet a real BSN.
uint64_t bsn_key(const std::string& bsn) {
  uint64_t v = 0;
  for (char c : bsn) {
    if (c < '0' || c > '9' || bsn.size() > 18) return std::hash<std::string>{}(bsn) | (uint64_t(1) << 63);
    v = v * 10 + uint64_t(c - '0');
  }
  return v;
}

// Everything a group needs while rows stream in.
struct Accumulator {
  Indicators out;
  std::unordered_set<uint64_t> patients;  // BSNs are 9 digits: the number itself, exact and cheap
  std::unordered_set<std::string> practices;
  std::vector<double> response_hours;
  int64_t treated = 0, intended_no = 0, prompted = 0, followed = 0, not_referred = 0, within = 0;
  int64_t usefulness_sum = 0, usefulness_n = 0, learned = 0;

  void add(const store::ReportRow& r, int64_t referral_cost) {
    auto& o = out;
    ++o.consults;
    patients.insert(bsn_key(r.patient_bsn));
    practices.insert(r.practice_id.str());
    bool t = r.result == domain::OutcomeResult::treated_by_gp;
    treated += t;
    if (r.intended_referral == domain::IntendedReferral::yes) {
      ++o.intended_referrals;
      if (t) {
        ++o.avoided_referrals;
        o.avoided_cost_cents += referral_cost;
      }
    }
    if (r.intended_referral == domain::IntendedReferral::no) {
      ++intended_no;
      prompted += r.result == domain::OutcomeResult::referred;
    }
    if (t && r.referred_within_90d) {
      ++followed;
      not_referred += !*r.referred_within_90d;
    }
    if (r.first_answer_at) {
      ++o.answered;
      response_hours.push_back(double((*r.first_answer_at - r.submitted_at).count()) / 3'600'000.0);
      within += r.due_at && *r.first_answer_at <= *r.due_at;
    }
    o.gp_fees_cents += r.gp_fee_cents;
    o.consultant_fees_cents += r.consultant_fee_cents;
    if (r.usefulness > 0) {
      usefulness_sum += r.usefulness;
      ++usefulness_n;
    }
    learned += r.learned;
  }

  Indicators finish(int64_t practices_in_scope) {
    auto& o = out;
    o.patients = static_cast<int64_t>(patients.size());
    o.practices = static_cast<int64_t>(practices.size());
    o.suppressed = o.patients < kSmallCell;
    if (o.suppressed) {
      Indicators hidden;
      hidden.key = o.key;
      hidden.label = o.label;
      hidden.suppressed = true;
      return hidden;
    }
    o.treated_by_gp_pct = pct(treated, o.consults);
    o.avoided_referral_pct = pct(o.avoided_referrals, o.intended_referrals);
    o.prompted_referral_pct = pct(prompted, intended_no);
    o.confirmed_avoided_pct = pct(not_referred, followed);
    std::sort(response_hours.begin(), response_hours.end());
    o.median_response_hours = percentile(response_hours, 0.5);
    o.p90_response_hours = percentile(response_hours, 0.9);
    o.within_target_pct = pct(within, o.answered);
    o.fees_cents = o.gp_fees_cents + o.consultant_fees_cents;
    o.net_cents = o.avoided_cost_cents - o.fees_cents;
    if (usefulness_n > 0) o.mean_usefulness = double(usefulness_sum) / double(usefulness_n);
    o.learned_pct = pct(learned, o.consults);
    o.participation_pct = pct(o.practices, practices_in_scope);
    return o;
  }
};

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

  std::unordered_map<std::string, domain::Organization> orgs;
  for (auto& o : tx.organizations()) orgs.emplace(o.id.str(), std::move(o));
  std::unordered_map<std::string, domain::Service> services;
  for (auto& s : tx.services()) services.emplace(s.id.str(), std::move(s));
  // The practices the caller's figures are a share of: its own, or the region's.
  std::set<std::string> scope_practices;
  if (!scope.practices.empty())
    for (const auto& p : scope.practices) scope_practices.insert(p.str());
  else
    for (const auto& [id, o] : orgs)
      if (o.type == OrgType::gp_practice) scope_practices.insert(id);
  report.practices_in_scope = static_cast<int64_t>(scope_practices.size());
  // A practice's contracting group (care group or health centre), for grouping.
  auto group_of = [&](const std::string& practice) -> const domain::Organization* {
    auto it = orgs.find(practice);
    for (int depth = 0; it != orgs.end() && depth < 16; ++depth) {
      if (it->second.type == OrgType::care_group || it->second.type == OrgType::health_centre) return &it->second;
      if (!it->second.part_of) break;
      it = orgs.find(it->second.part_of->str());
    }
    return nullptr;
  };
  std::map<std::string, int64_t> practices_per_group;  // care_group grouping: its own denominator
  if (by == ReportBy::care_group)
    for (const auto& p : scope_practices) {
      auto g = group_of(p);
      ++practices_per_group[g ? g->id.str() : ""];
    }

  std::map<std::string, Accumulator> groups;
  Accumulator total;
  store::ReportFilter filter{domain::amsterdam_midnight(from),
                             domain::amsterdam_midnight(std::chrono::sys_days(to) + std::chrono::days(1)),
                             scope.practices, scope.services};
  tx.for_each_report_row(filter, [&](const store::ReportRow& r) {
    auto svc = services.find(r.service_id.str());
    const std::string specialty = svc != services.end() ? svc->second.specialty : "";
    int64_t cost = 0;
    if (auto it = costs.find(specialty); it != costs.end()) cost = it->second;
    else if (auto star = costs.find("*"); star != costs.end()) cost = star->second;
    std::string key, label;
    switch (by) {
      case ReportBy::month:
        key = label = domain::month_of(domain::amsterdam_date(r.closed_at));
        break;
      case ReportBy::specialty:
        key = label = specialty;
        break;
      case ReportBy::service:
        key = r.service_id.str();
        label = svc != services.end() ? svc->second.name : key;
        break;
      case ReportBy::hospital: {
        key = svc != services.end() ? svc->second.organization_id.str() : "";
        auto o = orgs.find(key);
        label = o != orgs.end() ? o->second.name : key;
        break;
      }
      case ReportBy::care_group: {
        auto g = group_of(r.practice_id.str());
        key = g ? g->id.str() : "";
        label = g ? g->name : "(geen zorggroep / no care group)";
        break;
      }
      case ReportBy::practice: {
        key = r.practice_id.str();
        auto o = orgs.find(key);
        label = o != orgs.end() ? o->second.name : key;
        break;
      }
      case ReportBy::modality:
        key = label = std::string(domain::to_string(r.modality));
        break;
      case ReportBy::pc4:
        key = label = r.pc4;
        break;
    }
    auto& g = groups[key];
    g.out.key = key;
    g.out.label = label;
    g.add(r, cost);
    total.add(r, cost);
  });
  for (auto& [key, g] : groups) {
    int64_t denominator = report.practices_in_scope;
    if (by == ReportBy::care_group) denominator = practices_per_group[key];
    if (by == ReportBy::practice) denominator = 1;
    report.groups.push_back(g.finish(denominator));
  }
  auto knowledge = tx.teaching_stats(filter.from, filter.to);
  report.teaching_cases_published = knowledge.published;
  report.teaching_case_reads = knowledge.reads;
  total.out.label = "Totaal / total";
  report.total = total.finish(report.practices_in_scope);
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

TripleAimReport Reports::triple_aim_region(Date from, Date to, ReportBy by) {
  return store_.read([&](store::ReadTx& tx) { return build(tx, Scope{true, {}, {}}, from, to, by); });
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
