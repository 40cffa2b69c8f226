// /api/v1/consults: create, list, detail, summary and every transition.
#include <array>
#include <span>

#include <boost/json/monotonic_resource.hpp>

#include "api/guard.hpp"
#include "api/query.hpp"
#include "api/handlers.hpp"
#include "api/render.hpp"
#include "app/intake_input.hpp"
#include "app/json_input.hpp"

namespace mk::api::consults {
namespace {

namespace json = boost::json;

app::PatientInput parse_patient(const json::object& o, Validation& v) {
  app::JsonFields f(o, "patient.", v);
  f.only({"bsn", "name", "birth_date", "sex", "postcode"});
  return {f.text("bsn"), f.text("name"), f.text("birth_date"), f.text("sex"), f.text("postcode")};
}

app::ConsultFields parse_fields(app::JsonFields& f) {
  app::ConsultFields in;
  in.service_id = f.text("service_id");
  in.question = f.text("question");
  in.clinical_context = f.text("clinical_context");
  in.patient_narrative = f.text("patient_narrative");
  in.urgency = f.text("urgency");
  in.intended_referral = f.text("intended_referral");
  in.modality = f.text("modality");
  in.patient_informed = f.boolean("patient_informed");
  in.requester_id = f.text("requester_id");
  in.consultant_id = f.text("consultant_id");
  if (auto p = f.object("patient")) in.patient = parse_patient(*p, f.validation());
  in.intake = app::intake_values(f, "intake");
  return in;
}

constexpr std::array<std::string_view, 12> kConsultFields = {
    "service_id", "question", "clinical_context", "patient_narrative", "urgency", "intended_referral", "modality",
    "patient_informed", "requester_id", "consultant_id", "patient", "intake"};

// The consult fields and these others; any other key is an error naming it.
void only_consult_fields(app::JsonFields& f, std::initializer_list<std::string_view> more) {
  std::vector<std::string_view> known(kConsultFields.begin(), kConsultFields.end());
  known.insert(known.end(), more.begin(), more.end());
  f.only(known);
}

// One consult's JSON tree lives in a buffer on the stack (larger consults continue on the heap)
// until it is serialised: no allocation and free per value.
struct RenderBuffer {
  unsigned char bytes[16384];
  json::monotonic_resource resource{bytes, sizeof bytes};
  json::storage_ptr storage() { return json::storage_ptr(&resource); }
};

HttpResponse result(const app::ConsultResult& r) {
  const auto& c = r.view.consult;
  RenderBuffer buffer;
  auto res = json_response(r.status, r.redacted ? json::object{{"id", c.id.str()}, {"reference", c.reference},
                                                               {"status", domain::to_string(c.status)}}
                                                : render_consult(r.view, buffer.storage()));
  if (r.status == 201) res.header("Location", "/api/v1/consults/" + r.view.consult.id.str());
  if (r.replayed) res.header("Idempotent-Replayed", "true");
  return res;
}

ConsultId id_of(const HttpRequest& req) { return ConsultId(req.param("id")); }

// Parses a transition body whose fields are all optional texts/flags; checks for unknown keys.
struct Body {
  json::object object;
  Validation v;
  app::JsonFields f;
  Body(const HttpRequest& req, std::span<const std::string_view> known)
      : object(app::parse_json_object(req.body)), f(object, "", v) {
    f.only(known);
  }
  Body(const HttpRequest& req, std::initializer_list<std::string_view> known)
      : Body(req, std::span(known.begin(), known.size())) {}
};

HttpResponse consult_response(const app::ConsultView& v) {
  RenderBuffer buffer;
  auto res = json_response(200, render_consult(v, buffer.storage()));
  res.header("ETag", "W/\"" + std::to_string(v.consult.version) + "\"");
  return res;
}

}  // namespace

HttpResponse create(app::Consults& consults, HttpRequest& req, const Ctx& ctx) {
  auto idem = idempotency(req);
  auto object = app::parse_json_object(req.body);
  Validation v;
  app::JsonFields f(object, "", v);
  only_consult_fields(f, {"draft"});
  app::NewConsultInput in{parse_fields(f), f.boolean("draft").value_or(false)};
  in.fields.input_errors = v.errors();  // the use case reports them with its own findings
  return result(consults.create(ctx, in, idem));
}

// POST /sessions/{id}/bookings: the consult fields and an optional `slot` — or `consult_id` of
// an on-site draft that a cancelled session returned, to book it again.
HttpResponse book(app::Consults& consults, HttpRequest& req, const Ctx& ctx) {
  auto idem = idempotency(req);
  auto object = app::parse_json_object(req.body);
  Validation v;
  app::JsonFields f(object, "", v);
  only_consult_fields(f, {"slot", "consult_id"});
  auto slot = f.integer("slot");
  const std::string session = req.param("id");
  if (auto again = f.text("consult_id")) {
    v.throw_if_any();
    return result(consults.rebook(ctx, session, slot, ConsultId(*again), idem));
  }
  app::NewConsultInput in{parse_fields(f), false};
  in.fields.input_errors = v.errors();
  return result(consults.book(ctx, session, slot, in, idem));
}

HttpResponse list(app::Consults& consults, HttpRequest& req, const Ctx& ctx) {
  app::ListInput in;
  in.box = query_text(req, "box");
  in.status = query_text(req, "status");
  in.q = query_text(req, "q");
  in.cursor = query_text(req, "cursor");
  in.limit = query_int(req, "limit", in.limit);
  auto overdue = query_text(req, "overdue");
  if (!overdue.empty() && overdue != "true" && overdue != "false")
    throw Error(Errc::validation, "The request has invalid fields", "overdue: must be true or false",
                {{"overdue", "must be true or false"}});
  in.overdue = overdue == "true";
  auto page_result = consults.list(ctx, in);
  json::array items;
  for (const auto& item : page_result.items) items.push_back(render_list_item(item));
  return json_response(200, page(std::move(items), page_result.next_cursor));
}

HttpResponse get(app::Consults& consults, HttpRequest& req, const Ctx& ctx) {
  return consult_response(consults.get(ctx, id_of(req)));
}

bool get_fast(app::Auth& auth, app::Consults& consults, HttpRequest& req, Route::FastCompletion complete) {
  auto ctx = app::authenticate_from_memory(auth, req);
  if (!ctx) return false;
  return consults.get_async(*ctx, id_of(req), [complete = std::move(complete)](auto view) {
    if (!view) return complete({});
    // Rendering happens on the io thread, not here on the store's.
    complete([view = std::move(view)] { return consult_response(*view); });
  });
}

HttpResponse summary(app::Consults& consults, HttpRequest& req, const Ctx& ctx) {
  HttpResponse res;
  res.content_type = "text/plain; charset=utf-8";
  res.body = consults.summary(ctx, id_of(req));
  return res;
}

// Draft fields from the body; field errors travel with them so the use case
// can report them together with its own checks.
app::ConsultFields draft_fields(HttpRequest& req) {
  Body b(req, kConsultFields);
  auto fields = parse_fields(b.f);
  fields.input_errors = b.v.errors();
  return fields;
}

HttpResponse update(app::Consults& consults, HttpRequest& req, const Ctx& ctx) {
  auto idem = idempotency(req);
  return result(consults.update_draft(ctx, id_of(req), draft_fields(req), idem));
}

HttpResponse submit(app::Consults& consults, HttpRequest& req, const Ctx& ctx) {
  auto idem = idempotency(req);
  return result(consults.submit(ctx, id_of(req), draft_fields(req), idem));
}

HttpResponse accept(app::Consults& consults, HttpRequest& req, const Ctx& ctx) {
  auto idem = idempotency(req);
  Body b(req, {"assignee_id"});
  auto assignee = b.f.text("assignee_id");
  b.v.throw_if_any();
  return result(consults.accept(ctx, id_of(req), assignee, idem));
}

HttpResponse answer(app::Consults& consults, HttpRequest& req, const Ctx& ctx) {
  auto idem = idempotency(req);
  Body b(req, {"advice", "referral_advised", "minutes_spent"});
  app::AnswerInput in{b.f.text("advice"), b.f.boolean("referral_advised"), b.f.integer("minutes_spent")};
  b.v.throw_if_any();
  return result(consults.answer(ctx, id_of(req), in, idem));
}

HttpResponse request_info(app::Consults& consults, HttpRequest& req, const Ctx& ctx) {
  auto idem = idempotency(req);
  Body b(req, {"text"});
  auto text = b.f.text("text");
  b.v.throw_if_any();
  return result(consults.request_info(ctx, id_of(req), text, idem));
}

HttpResponse message(app::Consults& consults, HttpRequest& req, const Ctx& ctx) {
  auto idem = idempotency(req);
  Body b(req, {"text"});
  auto text = b.f.text("text");
  b.v.throw_if_any();
  return result(consults.message(ctx, id_of(req), text, idem));
}

HttpResponse redirect(app::Consults& consults, HttpRequest& req, const Ctx& ctx) {
  auto idem = idempotency(req);
  Body b(req, {"service_id", "reason"});
  app::RedirectInput in{b.f.text("service_id"), b.f.text("reason")};
  b.v.throw_if_any();
  return result(consults.redirect(ctx, id_of(req), in, idem));
}

HttpResponse cancel(app::Consults& consults, HttpRequest& req, const Ctx& ctx) {
  auto idem = idempotency(req);
  Body b(req, {"reason"});
  auto reason = b.f.text("reason");
  b.v.throw_if_any();
  return result(consults.cancel(ctx, id_of(req), reason, idem));
}

HttpResponse close(app::Consults& consults, HttpRequest& req, const Ctx& ctx) {
  auto idem = idempotency(req);
  Body b(req, {"result", "usefulness", "learned", "note"});
  app::CloseInput in{b.f.text("result"), b.f.text("note"), b.f.integer("usefulness"), b.f.boolean("learned")};
  b.v.throw_if_any();
  return result(consults.close(ctx, id_of(req), in, idem));
}

HttpResponse follow_up(app::Consults& consults, HttpRequest& req, const Ctx& ctx) {
  auto idem = idempotency(req);
  Body b(req, {"referred_within_90d"});
  auto referred = b.f.boolean("referred_within_90d");
  b.v.throw_if_any();
  return result(consults.follow_up(ctx, id_of(req), referred, idem));
}

}  // namespace mk::api::consults
