// The teaching-case library (issue 8, part 3): each side's consent on a closed consult, and
// the region's search and reading of published cases.
#include "api/handlers.hpp"
#include "api/query.hpp"
#include "api/render.hpp"
#include "app/json_input.hpp"
#include "app/teaching.hpp"

namespace mk::api::teaching {
namespace {

namespace json = boost::json;

json::value render_consent(const std::optional<domain::TeachingConsent>& c) {
  if (!c) return nullptr;
  json::array attachments;
  for (const auto& a : c->attachments) attachments.emplace_back(a.str());
  return json::object{{"agree", c->agree}, {"at", format_timestamp(c->at)}, {"attachments", std::move(attachments)}};
}

json::object render_state(const app::TeachingState& s) {
  return {{"gp", render_consent(s.gp)},
          {"consultant", render_consent(s.consultant)},
          {"published", s.published.has_value()},
          {"case_id", s.published ? json::value(s.published->id) : json::value(nullptr)}};
}

json::object render_case(const domain::TeachingCase& t) {
  return {{"id", t.id},         {"specialty", t.specialty},
          {"title", t.title},   {"question", t.question},
          {"advice", t.advice}, {"published_at", format_timestamp(t.published_at)},
          {"reads", t.reads}};
}

// "bijlage-2.jpg": a case never shows the uploaded file name (it may name the patient).
std::string neutral_name(size_t n, const std::string& content_type) {
  std::string ext = content_type == "image/jpeg" ? ".jpg" : content_type == "image/png" ? ".png"
                    : content_type == "application/pdf" ? ".pdf" : content_type.rfind("image/hei", 0) == 0 ? ".heic" : "";
  return "bijlage-" + std::to_string(n) + ext;
}

}  // namespace

HttpResponse set_consent(app::TeachingLibrary& lib, HttpRequest& req, const Ctx& ctx) {
  auto body = app::parse_json_object(req.body);
  Validation v;
  app::JsonFields f(body, "", v);
  f.only({"agree", "attachments"});
  app::TeachingConsentInput in{f.boolean("agree"), f.texts("attachments").value_or(std::vector<std::string>{})};
  v.throw_if_any();
  return json_response(200, render_state(lib.consent(ctx, ConsultId(req.param("id")), in)));
}

HttpResponse consent_state(app::TeachingLibrary& lib, HttpRequest& req, const Ctx& ctx) {
  return json_response(200, render_state(lib.state(ctx, ConsultId(req.param("id")))));
}

HttpResponse search(app::TeachingLibrary& lib, HttpRequest& req, const Ctx& ctx) {
  json::array items;
  for (const auto& t : lib.search(ctx, query_text(req, "q"), query_text(req, "specialty"), query_int(req, "limit", 20))) {
    auto o = render_case(t);
    o.erase("question");
    o.erase("advice");
    items.push_back(std::move(o));
  }
  return json_response(200, json::object{{"items", std::move(items)}});
}

HttpResponse read(app::TeachingLibrary& lib, HttpRequest& req, const Ctx& ctx) {
  auto v = lib.read(ctx, req.param("id"));
  auto o = render_case(v.item);
  json::array attachments;
  for (size_t i = 0; i < v.attachments.size(); ++i) {
    const auto& a = v.attachments[i];
    attachments.push_back(json::object{{"id", a.id.str()},
                                       {"name", neutral_name(i + 1, a.content_type)},
                                       {"content_type", a.content_type},
                                       {"size", a.size},
                                       {"url", "/api/v1/teaching-cases/" + v.item.id + "/attachments/" + a.id.str()}});
  }
  o["attachments"] = std::move(attachments);
  return json_response(200, o);
}

HttpResponse attachment(app::TeachingLibrary& lib, HttpRequest& req, const Ctx& ctx) {
  auto d = lib.attachment(ctx, req.param("id"), AttachmentId(req.param("aid")));
  HttpResponse res;
  res.content_type = d.attachment.content_type;
  res.file = d.file;
  res.header("Content-Disposition", "attachment; filename=\"" + neutral_name(1, d.attachment.content_type) + "\"");
  res.header("Content-Security-Policy", "sandbox; default-src 'none'");
  res.header("Cache-Control", "private, no-store");
  return res;
}

}  // namespace mk::api::teaching
