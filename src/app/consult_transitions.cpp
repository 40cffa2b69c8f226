// The consult's transitions after submission (DESIGN §4): each checks who may act, validates
// its body, and lets the domain workflow move the state.
#include <algorithm>

#include "app/access.hpp"
#include "app/billing.hpp"
#include "app/consult_fields.hpp"
#include "app/consults.hpp"
#include "domain/calendar.hpp"
#include "domain/workflow.hpp"

namespace mk::app {
namespace {

using access::ConsultAction;
using domain::Consult;
using domain::Workflow;
using store::WriteTx;

constexpr int kMaxMinutes = 24 * 60;

}  // namespace

ConsultResult Consults::accept(const RequestContext& ctx, const ConsultId& id,
                               const std::optional<std::string>& assignee, const Idempotency& idem) {
  return change(ctx, id, idem, "consult.accept", [&](WriteTx& tx, Consult& c, Workflow& wf) {
    if (!assignee || *assignee == ctx.actor.id.str()) {
      access::require(tx, ctx.actor, c, ConsultAction::accept);
      wf.accept(c, ctx.actor.id, ctx.actor.name);
      return;
    }
    access::require(tx, ctx.actor, c, ConsultAction::assign);
    auto u = tx.user(UserId(*assignee));
    bool member = u && u->active && u->role == domain::Role::consultant &&
                  std::find(u->services.begin(), u->services.end(), c.service_id) != u->services.end();
    if (!member)
      throw Error(Errc::validation, "The request has invalid fields", "assignee_id: not a consultant of this service",
                  {{"assignee_id", "is not a consultant of the consult's service"}});
    wf.accept(c, u->id, u->name);
  });
}

ConsultResult Consults::answer(const RequestContext& ctx, const ConsultId& id, const AnswerInput& in,
                               const Idempotency& idem) {
  Validation v;
  auto advice = required_text(in.advice, "advice", v);
  if (!in.referral_advised) v.add("referral_advised", "is required (true or false)");
  if (!in.minutes_spent) v.add("minutes_spent", "is required");
  else if (*in.minutes_spent < 0 || *in.minutes_spent > kMaxMinutes)
    v.add("minutes_spent", "must be between 0 and " + std::to_string(kMaxMinutes));
  v.throw_if_any();
  domain::Answer a{*advice, *in.referral_advised, static_cast<int>(*in.minutes_spent)};
  return change(ctx, id, idem, "consult.answer", [&](WriteTx& tx, Consult& c, Workflow& wf) {
    access::require(tx, ctx.actor, c, ConsultAction::answer);
    wf.answer(c, a);
  });
}

ConsultResult Consults::request_info(const RequestContext& ctx, const ConsultId& id,
                                     const std::optional<std::string>& text, const Idempotency& idem) {
  Validation v;
  auto t = required_text(text, "text", v);
  v.throw_if_any();
  return change(ctx, id, idem, "consult.request_info", [&](WriteTx& tx, Consult& c, Workflow& wf) {
    access::require(tx, ctx.actor, c, ConsultAction::request_info);
    wf.request_info(c, *t);
  });
}

ConsultResult Consults::message(const RequestContext& ctx, const ConsultId& id, const std::optional<std::string>& text,
                                const Idempotency& idem) {
  Validation v;
  auto t = required_text(text, "text", v);
  v.throw_if_any();
  return change(ctx, id, idem, "consult.message", [&](WriteTx& tx, Consult& c, Workflow& wf) {
    if (ctx.actor.role == domain::Role::consultant) {
      access::require(tx, ctx.actor, c, ConsultAction::consultant_note);
      wf.consultant_note(c, *t);
    } else {
      access::require(tx, ctx.actor, c, ConsultAction::gp_message);
      wf.gp_message(c, *t);
    }
  });
}

ConsultResult Consults::redirect(const RequestContext& ctx, const ConsultId& id, const RedirectInput& in,
                                 const Idempotency& idem) {
  Validation v;
  if (!in.service_id || in.service_id->empty()) v.add("service_id", "is required");
  auto reason = required_text(in.reason, "reason", v);
  v.throw_if_any();
  return change(ctx, id, idem, "consult.redirect", [&](WriteTx& tx, Consult& c, Workflow& wf) {
    access::require(tx, ctx.actor, c, ConsultAction::redirect);
    auto target = tx.service(ServiceId(*in.service_id));
    Validation tv;
    if (!target || !target->active) tv.add("service_id", "is not a known service");
    else if (!target->offers(c.modality))
      tv.add("service_id", "the service does not offer " + std::string(domain::to_string(c.modality)));
    else if (!access::service_accepts(tx, *target, c.practice_id))
      tv.add("service_id", "the service does not accept consults from the requesting practice");
    tv.throw_if_any();
    auto now = clock_.now();
    wf.redirect(c, target->id, *reason, domain::add_working_days(now, target->response_days));
    tx.release_booking(c.id, now);  // an on-site consult leaves its session's slot for the new service
  });
}

ConsultResult Consults::cancel(const RequestContext& ctx, const ConsultId& id, const std::optional<std::string>& reason,
                               const Idempotency& idem) {
  if (reason && reason->size() > kMaxTextLength)
    throw Error(Errc::validation, "The request has invalid fields", "reason: too long", {{"reason", "is too long"}});
  return change(ctx, id, idem, "consult.cancel", [&](WriteTx& tx, Consult& c, Workflow& wf) {
    access::require(tx, ctx.actor, c, ConsultAction::cancel);
    wf.cancel(c, reason.value_or(""));
    tx.release_booking(c.id, clock_.now());  // an on-site consult frees its slot
  });
}

ConsultResult Consults::close(const RequestContext& ctx, const ConsultId& id, const CloseInput& in,
                              const Idempotency& idem) {
  Validation v;
  domain::Outcome o;
  if (!in.result) v.add("result", "is required");
  else if (auto r = domain::parse_enum<domain::OutcomeResult>(*in.result)) o.result = *r;
  else v.add("result", "must be one of: treated_by_gp, referred, referred_elsewhere, other");
  if (!in.usefulness) v.add("usefulness", "is required (1 to 5)");
  else if (*in.usefulness < 1 || *in.usefulness > 5) v.add("usefulness", "must be between 1 and 5");
  else o.usefulness = static_cast<int>(*in.usefulness);
  if (!in.learned) v.add("learned", "is required (true or false)");
  else o.learned = *in.learned;
  if (in.note && in.note->size() > kMaxTextLength) v.add("note", "is too long");
  else o.note = in.note.value_or("");
  v.throw_if_any();
  return change(ctx, id, idem, "consult.close", [&](WriteTx& tx, Consult& c, Workflow& wf) {
    access::require(tx, ctx.actor, c, ConsultAction::close);
    wf.close(c, o);
    // Billed in the same transaction as the close: a closed consult always has its lines (or
    // its "no contract" row), and a close that rolls back has none.
    declare_consult(tx, c, ids_, *c.closed_at);
  });
}

ConsultResult Consults::follow_up(const RequestContext& ctx, const ConsultId& id,
                                  std::optional<bool> referred_within_90d, const Idempotency& idem) {
  if (!referred_within_90d)
    throw Error(Errc::validation, "The request has invalid fields", "referred_within_90d: is required",
                {{"referred_within_90d", "is required (true or false)"}});
  return change(ctx, id, idem, "consult.follow_up", [&](WriteTx& tx, Consult& c, Workflow& wf) {
    access::require(tx, ctx.actor, c, ConsultAction::follow_up);
    wf.record_follow_up(c, *referred_within_90d);
  });
}

}  // namespace mk::app
