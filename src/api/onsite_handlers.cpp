// On-site meekijkconsult sessions (issue 8): /sessions — plan, list (the calendar), detail with
// its slots, move, cancel. Booking a patient is POST /sessions/{id}/bookings (consult_handlers).
#include "api/handlers.hpp"
#include "api/query.hpp"
#include "api/render.hpp"
#include "app/json_input.hpp"
#include "app/sessions.hpp"

namespace mk::api::onsite {
namespace {

namespace json = boost::json;

json::object render_session(const app::SessionView& v) {
  const auto& s = v.session;
  json::array open_to, open_to_names;
  for (const auto& o : s.open_to) open_to.emplace_back(o.str());
  for (const auto& n : v.open_to_names) open_to_names.emplace_back(n);
  json::object o{{"id", s.id},
                 {"service_id", s.service_id.str()},
                 {"service_name", v.service_name},
                 {"specialty", v.specialty},
                 {"consultant_id", s.consultant_id.str()},
                 {"consultant_name", v.consultant_name},
                 {"location_id", s.location_id.str()},
                 {"location_name", v.location_name},
                 {"date", format_date(s.date)},
                 {"start", s.start},
                 {"end", s.end},
                 {"slots", s.slots},
                 {"booked", v.booked},
                 {"free", s.status == domain::SessionStatus::planned ? s.slots - v.booked : 0},
                 {"open_to", std::move(open_to)},
                 {"open_to_names", std::move(open_to_names)},
                 {"status", domain::to_string(s.status)},
                 {"cancel_reason", s.cancel_reason},
                 {"can_manage", v.can_manage},
                 {"can_book", v.can_book},
                 {"version", s.version}};
  if (!v.slots.empty()) {
    json::array slots;
    for (const auto& sv : v.slots) {
      json::object x{{"slot", sv.slot}, {"booked", sv.booked}};
      if (sv.consult_id) {
        x["consult_id"] = sv.consult_id->str();
        x["reference"] = sv.reference;
        x["patient_name"] = sv.patient_name;
        x["status"] = sv.status;
      }
      slots.push_back(std::move(x));
    }
    o["slot_list"] = std::move(slots);
  }
  return o;
}

app::SessionInput parse_session(const HttpRequest& req) {
  auto body = app::parse_json_object(req.body);
  Validation v;
  app::JsonFields f(body, "", v);
  f.only({"service_id", "consultant_id", "location_id", "date", "start", "end", "slots", "open_to"});
  app::SessionInput in{f.text("service_id"), f.text("consultant_id"), f.text("location_id"), f.text("date"),
                       f.text("start"),      f.text("end"),           f.integer("slots"),    f.texts("open_to")};
  in.input_errors = v.errors();
  return in;
}

}  // namespace

HttpResponse create(app::Sessions& sessions, HttpRequest& req, const Ctx& ctx) {
  auto s = sessions.create(ctx, parse_session(req));
  auto res = json_response(201, render_session(s));
  res.header("Location", "/api/v1/sessions/" + s.session.id);
  return res;
}

HttpResponse list(app::Sessions& sessions, HttpRequest& req, const Ctx& ctx) {
  json::array items;
  for (const auto& s : sessions.list(ctx, {query_opt(req, "from"), query_opt(req, "to")})) items.push_back(render_session(s));
  return json_response(200, json::object{{"items", std::move(items)}});
}

HttpResponse get(app::Sessions& sessions, HttpRequest& req, const Ctx& ctx) {
  return json_response(200, render_session(sessions.get(ctx, req.param("id"))));
}

HttpResponse update(app::Sessions& sessions, HttpRequest& req, const Ctx& ctx) {
  return json_response(200, render_session(sessions.update(ctx, req.param("id"), parse_session(req))));
}

HttpResponse cancel(app::Sessions& sessions, HttpRequest& req, const Ctx& ctx) {
  auto body = app::parse_json_object(req.body);
  Validation v;
  app::JsonFields f(body, "", v);
  f.only({"reason"});
  auto reason = f.text("reason");
  v.throw_if_any();
  return json_response(200, render_session(sessions.cancel(ctx, req.param("id"), reason)));
}

}  // namespace mk::api::onsite
