// Task update → one consult transition (docs/fhir.md, "Moving the consult").
#include "fhir/consult_task_change.hpp"

#include <map>

#include "fhir/consult_codes.hpp"

namespace mk::fhir::consult {
namespace {

using domain::ConsultStatus;
using S = ConsultStatus;
using json::object;

std::optional<std::string> text_at(const object& o, std::string_view key) {
  auto v = o.if_contains(key);
  if (v && v->is_object())
    if (auto t = v->as_object().if_contains("text"); t && t->is_string()) return std::string(t->as_string());
  return std::nullopt;
}

// One Task.output: its code and value, into the inputs of answer, close and follow-up.
void read_output(const object& out, size_t i, TaskChange& c, Validation& v) {
  std::string code;
  if (auto type = out.if_contains("type"); type && type->is_object())
    if (auto codings = type->as_object().if_contains("coding"); codings && codings->is_array())
      for (const auto& coding : codings->as_array())
        if (coding.is_object() && coding.as_object().if_contains("code") &&
            coding.as_object().at("code").is_string())
          code = std::string(coding.as_object().at("code").as_string());
  auto value = [&](std::string_view key) { return out.if_contains(key); };
  auto str = [&](std::string_view key) -> std::optional<std::string> {
    auto x = value(key);
    if (x && x->is_string()) return std::string(x->as_string());
    return std::nullopt;
  };
  auto boolean = [&](std::string_view key) -> std::optional<bool> {
    auto x = value(key);
    if (x && x->is_bool()) return x->as_bool();
    return std::nullopt;
  };
  auto integer = [&](std::string_view key) -> std::optional<int64_t> {
    auto x = value(key);
    if (x && x->is_int64()) return x->as_int64();
    if (x && x->is_uint64()) return static_cast<int64_t>(x->as_uint64());
    return std::nullopt;
  };
  if (code == "advice") c.answer.advice = str("valueString");
  else if (code == "referral-advised") c.answer.referral_advised = boolean("valueBoolean");
  else if (code == "minutes-spent") c.answer.minutes_spent = integer("valueInteger");
  else if (code == "outcome") c.close.result = str("valueCode");
  else if (code == "usefulness") c.close.usefulness = integer("valueInteger");
  else if (code == "learned") c.close.learned = boolean("valueBoolean");
  else if (code == "referred-within-90d") c.referred_within_90d = boolean("valueBoolean");
  else v.add("Task.output[" + std::to_string(i) + "].type", "unknown output '" + code + "'");
}

std::optional<S> business_status(const object& task) {
  auto bs = task.if_contains("businessStatus");
  if (!bs || !bs->is_object()) return std::nullopt;
  if (auto codings = bs->as_object().if_contains("coding"); codings && codings->is_array())
    for (const auto& coding : codings->as_array())
      if (coding.is_object()) {
        auto code = coding.as_object().if_contains("code");
        if (code && code->is_string()) return domain::parse_enum<S>(code->as_string());
      }
  return std::nullopt;
}

}  // namespace

TaskChange parse_task_change(const object& task, const std::string& id) {
  Validation v;
  TaskChange c;
  if (auto tid = task.if_contains("id"); tid && (!tid->is_string() || tid->as_string() != id))
    v.add("Task.id", "must be the id of the Task in the URL (" + id + ")");
  c.target = business_status(task);
  if (task.contains("businessStatus") && !c.target)
    v.add("Task.businessStatus", "must carry a code of " + std::string(kStatusSystem));
  if (!c.target)
    if (auto st = task.if_contains("status"); st && st->is_string()) {
      c.target = state_of_task_status(st->as_string());
      if (!c.target) v.add("Task.status", "'" + std::string(st->as_string()) + "' is not a state of a consult");
    }
  if (auto owner = task.if_contains("owner"); owner && owner->is_object()) {
    auto ref = owner->as_object().if_contains("reference");
    if (ref && ref->is_string()) c.owner = parse_reference(ref->as_string());
    if (!c.owner || (c.owner->type != "Practitioner" && c.owner->type != "HealthcareService"))
      v.add("Task.owner", "must reference a Practitioner or a HealthcareService");
  }
  c.reason = text_at(task, "statusReason");
  if (auto outputs = task.if_contains("output"); outputs && outputs->is_array())
    for (size_t i = 0; i < outputs->as_array().size(); ++i)
      if (outputs->as_array()[i].is_object()) read_output(outputs->as_array()[i].as_object(), i, c, v);
  v.throw_if_any();
  return c;
}

namespace {

[[noreturn]] void refuse(S from, S to) {
  throw Error(Errc::conflict, "Transition not allowed",
              "a consult in status '" + std::string(domain::to_string(from)) + "' cannot move to '" +
                  std::string(domain::to_string(to)) + "'");
}

// The same state: what else changed (a new service, another assignee, the follow-up).
std::optional<app::ConsultResult> same_state(app::Consults& consults, const app::RequestContext& ctx,
                                             const domain::Consult& cur, const TaskChange& ch) {
  const app::Idempotency none;
  const auto& id = cur.id;
  if (ch.owner && ch.owner->type == "HealthcareService" && ch.owner->id != cur.service_id.str())
    return consults.redirect(ctx, id, {ch.owner->id, ch.reason}, none);
  if (ch.owner && ch.owner->type == "Practitioner" && cur.status == S::accepted &&
      (!cur.assignee_id || ch.owner->id != cur.assignee_id->str()))
    return consults.accept(ctx, id, ch.owner->id, none);
  if (cur.status == S::closed && ch.referred_within_90d && !cur.follow_up)
    return consults.follow_up(ctx, id, ch.referred_within_90d, none);
  return std::nullopt;
}

app::ConsultResult run(app::Consults& consults, const app::RequestContext& ctx, const domain::Consult& cur,
                       const TaskChange& ch) {
  const app::Idempotency none;
  const auto& id = cur.id;
  S from = cur.status, to = ch.target.value_or(from);
  bool gp_turn = from == S::awaiting_gp || from == S::answered;
  if (to == from)
    if (auto r = same_state(consults, ctx, cur, ch)) return *r;
  switch (to) {
    case S::submitted:
      if (from == S::draft) return consults.submit(ctx, id, {}, none);
      if (gp_turn) return consults.message(ctx, id, ch.reason, none);
      break;
    case S::accepted:
      if (gp_turn) return consults.message(ctx, id, ch.reason, none);  // the reply lands in accepted
      if (from == S::submitted) {
        std::optional<std::string> assignee;
        if (ch.owner && ch.owner->type == "Practitioner") assignee = ch.owner->id;
        return consults.accept(ctx, id, assignee, none);
      }
      break;
    case S::awaiting_gp: if (from != to) return consults.request_info(ctx, id, ch.reason, none); break;
    case S::answered: if (from != to) return consults.answer(ctx, id, ch.answer, none); break;
    case S::closed: if (from != to) return consults.close(ctx, id, ch.close, none); break;
    case S::cancelled: if (from != to) return consults.cancel(ctx, id, ch.reason, none); break;
    case S::draft: break;
  }
  if (to == from) return {consults.get(ctx, id), 200, false};  // nothing to do
  refuse(from, to);
}

// The app's field names → the Task elements they came from.
Error with_task_fields(const Error& e) {
  if (e.code() != Errc::validation) return e;
  static const std::map<std::string, std::string> names = {
      {"advice", "Task.output('advice')"},
      {"referral_advised", "Task.output('referral-advised')"},
      {"minutes_spent", "Task.output('minutes-spent')"},
      {"result", "Task.output('outcome')"},
      {"usefulness", "Task.output('usefulness')"},
      {"learned", "Task.output('learned')"},
      {"referred_within_90d", "Task.output('referred-within-90d')"},
      {"text", "Task.statusReason.text"},
      {"reason", "Task.statusReason.text"},
      {"assignee_id", "Task.owner"},
      {"service_id", "Task.owner"},
  };
  auto errors = e.errors();
  for (auto& fe : errors)
    if (auto it = names.find(fe.field); it != names.end()) fe.field = it->second;
  return Error(e.code(), e.title(), e.detail(), std::move(errors));
}

}  // namespace

app::ConsultView apply_task_change(app::Consults& consults, const app::RequestContext& ctx, const domain::Consult& cur,
                                   const TaskChange& ch) {
  try {
    return run(consults, ctx, cur, ch).view;
  } catch (const Error& e) {
    throw with_task_fields(e);
  }
}

}  // namespace mk::fhir::consult
