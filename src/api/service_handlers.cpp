// PATCH /services/{id} and PUT /services/{id}/consultants: coordinators shape their services.
#include "api/handlers.hpp"
#include "api/render.hpp"
#include "app/intake_input.hpp"
#include "app/json_input.hpp"

namespace mk::api::services {

HttpResponse update(app::ServiceAdmin& admin, HttpRequest& req, const Ctx& ctx) {
  auto body = app::parse_json_object(req.body);
  Validation v;
  app::JsonFields f(body, "", v);
  f.only({"name", "response_days", "routing", "modalities", "accepts", "active", "intake"});
  app::ServicePatch patch{f.text("name"),   f.text("routing"),     f.integer("response_days"),
                          f.texts("modalities"), f.texts("accepts"), f.boolean("active"),
                          app::intake_form(f, "intake")};
  patch.input_errors = v.errors();
  return json_response(200, render_service(admin.update(ctx, ServiceId(req.param("id")), patch)));
}

HttpResponse set_consultants(app::ServiceAdmin& admin, HttpRequest& req, const Ctx& ctx) {
  auto body = app::parse_json_object(req.body);
  Validation v;
  app::JsonFields f(body, "", v);
  f.only({"user_ids"});
  auto users = f.texts("user_ids");
  if (!users) v.add("user_ids", "is required: the list of consultant ids");
  v.throw_if_any();
  return json_response(200, render_service(admin.set_consultants(ctx, ServiceId(req.param("id")), *users)));
}

}  // namespace mk::api::services
