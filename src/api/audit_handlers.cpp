// GET /api/v1/audit: the privacy officer's view of the NEN 7513 access log.
#include "api/handlers.hpp"
#include "api/query.hpp"
#include "api/render.hpp"

namespace mk::api::audit {

HttpResponse search(app::AuditLog& log, HttpRequest& req, const Ctx& ctx) {
  app::AuditQueryInput in;
  in.patient_bsn = query_text(req, "patient_bsn");
  in.consult_id = query_text(req, "consult_id");
  in.user_id = query_text(req, "user_id");
  in.from = query_text(req, "from");
  in.to = query_text(req, "to");
  in.cursor = query_text(req, "cursor");
  in.limit = query_int(req, "limit", in.limit);
  auto result = log.search(ctx, in);
  boost::json::array items;
  for (const auto& e : result.items) items.push_back(render_audit_entry(e));
  return json_response(200, page(std::move(items), result.next_cursor));
}

}  // namespace mk::api::audit
