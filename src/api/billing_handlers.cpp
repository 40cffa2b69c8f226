// Contracts and billing (DESIGN §5–6): /contracts, /billing/declarations, /billing/statements,
// /billing/reprocess. JSON by default; `format=csv` (or Accept: text/csv) gives the
// spreadsheet file of the same lines.
#include "api/handlers.hpp"
#include "api/query.hpp"
#include "api/render.hpp"
#include "app/billing.hpp"
#include "app/json_input.hpp"

namespace mk::api {
namespace {

namespace json = boost::json;

json::value nullable(const std::optional<Date>& d) {
  if (!d) return nullptr;
  return json::value(format_date(*d));
}

// 187.5 for 18750 hundredths of a cent: exact for two decimals.
json::value rate_cents(int64_t centicents) {
  if (centicents % 100 == 0) return json::value(centicents / 100);
  return json::value(static_cast<double>(centicents) / 100.0);
}

json::object render_contract(const app::ContractView& v) {
  const auto& c = v.contract;
  json::object o;
  o["id"] = c.id.str();
  o["ref"] = c.ref;
  o["version"] = c.version;
  o["requester_care_group_id"] = c.requester_care_group_id.str();
  o["requester_care_group_name"] = v.care_group_name;
  o["provider_organization_id"] = c.provider_organization_id.str();
  o["provider_organization_name"] = v.provider_name;
  o["modality"] = domain::to_string(c.modality);
  o["valid_from"] = format_date(c.valid_from);
  o["valid_to"] = nullable(c.valid_to);
  o["payer_id"] = c.payer_id.str();
  o["payer_name"] = v.payer_name;
  o["gp_fee_cents"] = c.gp_fee_cents;
  o["gp_code"] = c.gp_code;
  o["consultant_fee_kind"] = domain::to_string(c.consultant_fee_kind);
  bool fixed = c.consultant_fee_kind == domain::FeeKind::fixed;
  o["consultant_fee_cents"] = fixed ? json::value(c.consultant_fee_cents) : json::value(nullptr);
  o["consultant_rate_cents_per_minute"] = fixed ? json::value(nullptr) : rate_cents(c.consultant_rate_centicents);
  o["consultant_fee_cap_cents"] = c.consultant_fee_cap_cents ? json::value(*c.consultant_fee_cap_cents) : json::value(nullptr);
  o["consultant_code"] = c.consultant_code;
  o["session_fee_cents"] = c.session_fee_cents ? json::value(*c.session_fee_cents) : json::value(nullptr);
  o["deductible_applies"] = c.deductible_applies;
  o["updated_at"] = format_timestamp(c.updated_at);
  return o;
}

json::object render_line(const app::DeclarationView& v) {
  const auto& l = v.line;
  json::object o;
  o["consult_id"] = l.consult_id.str();
  o["reference"] = l.reference;
  o["date"] = format_date(l.date);
  o["party"] = domain::to_string(l.party);
  o["organization_id"] = l.organization_id.str();
  o["organization_name"] = v.organization_name;
  o["organization_agb"] = l.organization_agb;
  o["practitioner_id"] = l.practitioner_id ? json::value(l.practitioner_id->str()) : json::value(nullptr);
  o["practitioner_name"] = v.practitioner_name;
  o["practitioner_agb"] = l.practitioner_agb;
  o["payer_id"] = l.payer_id.str();
  o["payer_name"] = v.payer_name;
  o["code"] = l.code;
  o["amount_cents"] = l.amount_cents;
  o["deductible_applies"] = l.deductible_applies;
  o["contract_id"] = l.contract_id.str();
  o["modality"] = domain::to_string(l.modality);
  o["minutes_spent"] = l.minutes_spent;
  o["session_id"] = l.session_id ? json::value(*l.session_id) : json::value(nullptr);
  return o;
}

json::object render_unbilled(const app::UnbilledView& v) {
  const auto& u = v.item;
  return {{"consult_id", u.consult_id.str()},
          {"reference", u.reference},
          {"date", format_date(u.date)},
          {"practice_id", u.practice_id.str()},
          {"practice_name", v.practice_name},
          {"provider_organization_id", u.provider_organization_id.str()},
          {"provider_organization_name", v.provider_name},
          {"modality", domain::to_string(u.modality)},
          {"reason", u.reason}};
}

json::object render_statement_line(const app::StatementView& v) {
  const auto& l = v.line;
  return {{"organization_id", l.organization_id.str()},
          {"organization_name", v.organization_name},
          {"organization_agb", v.organization_agb},
          {"party", domain::to_string(l.party)},
          {"payer_id", l.payer_id.str()},
          {"payer_name", v.payer_name},
          {"code", l.code},
          {"lines", l.lines},
          {"amount_cents", l.amount_cents}};
}

}  // namespace

json::object render_billing_month(const app::BillingMonth& m) {
  json::array items, unbilled;
  for (const auto& v : m.items) items.push_back(render_line(v));
  for (const auto& v : m.no_contract) unbilled.push_back(render_unbilled(v));
  return {{"month", m.month}, {"items", std::move(items)}, {"no_contract", std::move(unbilled)}, {"total_cents", m.total_cents}};
}

json::object render_statement(const app::Statement& s) {
  json::array items;
  for (const auto& v : s.items) items.push_back(render_statement_line(v));
  return {{"month", s.month}, {"items", std::move(items)}, {"total_cents", s.total_cents}};
}

bool wants_csv(const HttpRequest& req) {
  auto format = query_text(req, "format");
  if (format == "csv") return true;
  if (!format.empty() && format != "json")
    throw Error(Errc::validation, "The request has invalid fields", "format: must be json or csv",
                {{"format", "must be json or csv"}});
  auto accept = req.header("accept");
  return format.empty() && accept && accept->find("text/csv") != std::string_view::npos &&
         accept->find("application/json") == std::string_view::npos;
}

HttpResponse csv_response(std::string body, const std::string& filename) {
  HttpResponse res;
  res.status = 200;
  res.content_type = "text/csv; charset=utf-8";
  res.body = std::move(body);
  res.header("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  res.header("Cache-Control", "no-store");
  return res;
}

namespace {

std::optional<OrgId> organization_param(const HttpRequest& req) {
  auto id = query_text(req, "organization_id");
  if (id.empty()) return std::nullopt;
  return OrgId(id);
}

app::ContractInput contract_body(const HttpRequest& req) {
  auto body = app::parse_json_object(req.body);
  Validation v;
  auto in = app::read_contract_input(body, "", false, v);
  in.input_errors = v.errors();  // reported together with the checks of the values
  return in;
}

}  // namespace

namespace billing {

HttpResponse contracts(app::Billing& billing, HttpRequest&, const Ctx& ctx) {
  json::array items;
  for (const auto& c : billing.contracts(ctx)) items.push_back(render_contract(c));
  return json_response(200, json::object{{"items", std::move(items)}});
}

HttpResponse create_contract(app::Billing& billing, HttpRequest& req, const Ctx& ctx) {
  auto c = billing.create_contract(ctx, contract_body(req));
  auto res = json_response(201, render_contract(c));
  res.header("Location", "/api/v1/contracts/" + c.contract.id.str());
  return res;
}

HttpResponse update_contract(app::Billing& billing, HttpRequest& req, const Ctx& ctx) {
  return json_response(200, render_contract(billing.update_contract(ctx, ContractId(req.param("id")), contract_body(req))));
}

HttpResponse declarations(app::Billing& billing, HttpRequest& req, const Ctx& ctx) {
  bool csv = wants_csv(req);
  auto month = query_text(req, "month");
  auto m = billing.declarations(ctx, month, organization_param(req));
  if (csv) return csv_response(app::declarations_csv(m), "meekijk-declaraties-" + m.month + ".csv");
  return json_response(200, render_billing_month(m));
}

HttpResponse statements(app::Billing& billing, HttpRequest& req, const Ctx& ctx) {
  bool csv = wants_csv(req);
  auto s = billing.statement(ctx, query_text(req, "month"), organization_param(req));
  if (csv) return csv_response(app::statement_csv(s), "meekijk-overzicht-" + s.month + ".csv");
  return json_response(200, render_statement(s));
}

HttpResponse reprocess(app::Billing& billing, HttpRequest& req, const Ctx& ctx) {
  auto body = app::parse_json_object(req.body);
  Validation v;
  app::JsonFields f(body, "", v);
  f.only({"month"});
  auto month = f.text("month");
  if (!month) v.add("month", "is required (YYYY-MM)");
  v.throw_if_any();
  auto r = billing.reprocess(ctx, *month);
  return json_response(200, json::object{{"month", *month}, {"billed", r.billed}, {"still_no_contract", r.still_no_contract}});
}

}  // namespace billing
}  // namespace mk::api
