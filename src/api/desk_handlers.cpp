// Één loket (issue 8, part 2): /desk/questions and the desk's status board.
#include "api/handlers.hpp"
#include "api/query.hpp"
#include "api/render.hpp"
#include "app/desk.hpp"
#include "app/json_input.hpp"

namespace mk::api::desk {
namespace {

namespace json = boost::json;

json::object render_question(const app::DeskQuestionView& v) {
  const auto& q = v.question;
  json::array area;
  for (const auto& pc4 : q.area_pc4) area.emplace_back(pc4);
  return {{"id", q.id},
          {"reference", q.reference},
          {"direction", domain::to_string(q.direction)},
          {"from_organization_id", q.from_org_id.str()},
          {"from_organization_name", v.from_org_name},
          {"title", q.title},
          {"text", q.text},
          {"topic", domain::to_string(q.topic)},
          {"area", q.area_pc4.empty() ? json::value("region") : json::value(std::move(area))},
          {"status", domain::to_string(q.status)},
          {"routed_to", q.routed_to ? json::value(q.routed_to->str()) : json::value(nullptr)},
          {"routed_to_name", v.routed_to_name},
          {"answer", q.answer},
          {"public_answer", q.public_answer},
          {"merged_into", q.merged_into ? json::value(*q.merged_into) : json::value(nullptr)},
          {"supporters", q.supporters},
          {"supported_by_my_practice", v.supported_by_me},
          {"created_at", format_timestamp(q.created_at)},
          {"updated_at", format_timestamp(q.updated_at)},
          {"version", q.version}};
}

}  // namespace

HttpResponse ask(app::Desk& desk, HttpRequest& req, const Ctx& ctx) {
  auto body = app::parse_json_object(req.body);
  Validation v;
  app::JsonFields f(body, "", v);
  f.only({"title", "text", "topic", "area"});
  app::DeskInput in{f.text("title"), f.text("text"), f.text("topic"), {}};
  if (auto it = body.find("area"); it != body.end() && !(it->value().is_string() && it->value().as_string() == "region")) {
    if (auto list = f.texts("area")) in.area_pc4 = *list;
  }
  v.throw_if_any();
  auto q = desk.ask(ctx, in);
  auto res = json_response(201, render_question(q));
  res.header("Location", "/api/v1/desk/questions/" + q.question.id);
  return res;
}

HttpResponse list(app::Desk& desk, HttpRequest& req, const Ctx& ctx) {
  json::array items;
  for (const auto& q : desk.list(ctx, {query_opt(req, "status"), query_opt(req, "topic")})) items.push_back(render_question(q));
  return json_response(200, json::object{{"items", std::move(items)}});
}

HttpResponse get(app::Desk& desk, HttpRequest& req, const Ctx& ctx) {
  return json_response(200, render_question(desk.get(ctx, req.param("id"))));
}

HttpResponse change(app::Desk& desk, HttpRequest& req, const Ctx& ctx) {
  auto body = app::parse_json_object(req.body);
  Validation v;
  app::JsonFields f(body, "", v);
  f.only({"status", "routed_to", "answer", "public_answer", "version"});
  app::DeskChange in{f.text("status"), f.text("routed_to"), f.text("answer"), f.text("public_answer"), f.integer("version")};
  v.throw_if_any();
  return json_response(200, render_question(desk.change(ctx, req.param("id"), in)));
}

HttpResponse support(app::Desk& desk, HttpRequest& req, const Ctx& ctx) {
  return json_response(200, render_question(desk.support(ctx, req.param("id"))));
}

HttpResponse merge(app::Desk& desk, HttpRequest& req, const Ctx& ctx) {
  auto body = app::parse_json_object(req.body);
  Validation v;
  app::JsonFields f(body, "", v);
  f.only({"into"});
  auto into = f.text("into");
  if (!into) v.add("into", "is required: the question this one duplicates");
  v.throw_if_any();
  return json_response(200, render_question(desk.merge(ctx, req.param("id"), *into)));
}

HttpResponse board(app::Desk& desk, HttpRequest&, const Ctx& ctx) {
  auto b = desk.board(ctx);
  json::object counts;
  for (const auto& [status, topics] : b.by_status_topic) {
    json::object t;
    for (const auto& [topic, n] : topics) t[topic] = n;
    counts[status] = std::move(t);
  }
  json::array shared;
  for (const auto& q : b.most_shared) shared.push_back(render_question(q));
  return json_response(200, json::object{{"counts", std::move(counts)}, {"most_shared", std::move(shared)}});
}

}  // namespace mk::api::desk
