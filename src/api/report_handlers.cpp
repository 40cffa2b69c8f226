// GET /reports/triple-aim (DESIGN §7): the indicators as JSON, or the same table as CSV.
#include "api/handlers.hpp"
#include "api/query.hpp"
#include "api/render.hpp"
#include "app/reports.hpp"

namespace mk::api {
namespace {

namespace json = boost::json;

json::value number(const std::optional<double>& v) { return v ? json::value(*v) : json::value(nullptr); }

json::object render_indicators(const app::Indicators& i) {
  json::object o{{"key", i.key}, {"label", i.label}, {"suppressed", i.suppressed}};
  if (i.suppressed) {
    o["consults"] = "<10";
    o["patients"] = "<10";
    return o;
  }
  o["consults"] = i.consults;
  o["patients"] = i.patients;
  o["treated_by_gp_pct"] = number(i.treated_by_gp_pct);
  o["intended_referrals"] = i.intended_referrals;
  o["avoided_referrals"] = i.avoided_referrals;
  o["avoided_referral_pct"] = number(i.avoided_referral_pct);
  o["prompted_referral_pct"] = number(i.prompted_referral_pct);
  o["confirmed_avoided_pct"] = number(i.confirmed_avoided_pct);
  o["answered"] = i.answered;
  o["median_response_hours"] = number(i.median_response_hours);
  o["p90_response_hours"] = number(i.p90_response_hours);
  o["within_target_pct"] = number(i.within_target_pct);
  o["gp_fees_cents"] = i.gp_fees_cents;
  o["consultant_fees_cents"] = i.consultant_fees_cents;
  o["fees_cents"] = i.fees_cents;
  o["avoided_cost_cents"] = i.avoided_cost_cents;
  o["net_cents"] = i.net_cents;
  o["mean_usefulness"] = number(i.mean_usefulness);
  o["learned_pct"] = number(i.learned_pct);
  o["practices"] = i.practices;
  o["participation_pct"] = number(i.participation_pct);
  return o;
}

Date date_param(const HttpRequest& req, std::string_view name) {
  auto text = query_text(req, name);
  auto d = parse_date(text);
  if (!d)
    throw Error(Errc::validation, "The request has invalid fields", std::string(name) + ": must be YYYY-MM-DD",
                {{std::string(name), "is required: a date as YYYY-MM-DD"}});
  return *d;
}

}  // namespace

json::object render_triple_aim(const app::TripleAimReport& r) {
  json::array groups;
  for (const auto& g : r.groups) groups.push_back(render_indicators(g));
  return {{"from", format_date(r.from)},
          {"to", format_date(r.to)},
          {"by", app::to_string(r.by)},
          {"small_cell", app::kSmallCell},
          {"practices_in_scope", r.practices_in_scope},
          {"referral_costs_configured", r.referral_costs_configured},
          {"knowledge", json::object{{"teaching_cases_published", r.teaching_cases_published},
                                     {"teaching_case_reads", r.teaching_case_reads}}},
          {"groups", std::move(groups)},
          {"total", render_indicators(r.total)}};
}

namespace reports {

HttpResponse triple_aim(app::Reports& reports, HttpRequest& req, const Ctx& ctx) {
  bool csv = wants_csv(req);
  Date from = date_param(req, "from");
  Date to = date_param(req, "to");
  auto by_text = query_text(req, "by");
  auto by = by_text.empty() ? std::optional(app::ReportBy::month) : app::parse_report_by(by_text);
  if (!by)
    throw Error(Errc::validation, "The request has invalid fields", "by: unknown grouping",
                {{"by", "must be month, specialty, service, hospital, care_group, practice, modality or pc4"}});
  auto r = reports.triple_aim(ctx, from, to, *by);
  if (csv) return csv_response(app::triple_aim_csv(r), "meekijk-triple-aim-" + format_date(from) + "-" + format_date(to) + ".csv");
  return json_response(200, render_triple_aim(r));
}

}  // namespace reports
}  // namespace mk::api
