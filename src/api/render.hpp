#pragma once
// Domain and app results as the JSON of the contract (DESIGN §10).
#include <boost/json/value.hpp>

#include <string>

#include "app/audit_log.hpp"
#include "app/billing.hpp"
#include "app/consults.hpp"
#include "app/directory.hpp"
#include "app/reports.hpp"
#include "core/http_message.hpp"

namespace mk::api {

// `sp`: where the values are allocated (a monotonic buffer for one response, say).
boost::json::object render_consult(const app::ConsultView& v, boost::json::storage_ptr sp = {});
boost::json::object render_list_item(const app::ConsultListItem& item);
boost::json::object render_attachment(const domain::Attachment& a, boost::json::storage_ptr sp = {});
boost::json::object render_user(const domain::User& u);
boost::json::object render_organization(const domain::Organization& o);
boost::json::object render_service(const app::ServiceView& s);
boost::json::object render_audit_entry(const domain::AuditEntry& e);
// {"month", "items": [lines], "no_contract": [...], "total_cents"} (billing_handlers.cpp)
boost::json::object render_billing_month(const app::BillingMonth& m);
boost::json::object render_statement(const app::Statement& s);
// `format=csv` (or an Accept of text/csv without JSON): the spreadsheet file instead of JSON;
// `format` other than json/csv is a 422.
bool wants_csv(const HttpRequest& req);
boost::json::object render_triple_aim(const app::TripleAimReport& r);  // report_handlers.cpp
// 200 text/csv as a download named `filename`.
HttpResponse csv_response(std::string body, const std::string& filename);

// {"items": [...], "next_cursor": "..." | null}
boost::json::object page(boost::json::array items, const std::string& next_cursor);

HttpResponse json_response(int status, const boost::json::value& body);

}  // namespace mk::api
