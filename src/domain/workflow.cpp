#include "domain/workflow.hpp"

#include <chrono>

#include "core/error.hpp"

namespace mk::domain {

using S = ConsultStatus;

std::string_view to_string(Transition t) {
  switch (t) {
    case Transition::submit: return "submit";
    case Transition::accept: return "accept";
    case Transition::answer: return "answer";
    case Transition::request_info: return "request-info";
    case Transition::gp_reply: return "reply";
    case Transition::follow_up_question: return "follow-up question";
    case Transition::redirect: return "redirect";
    case Transition::cancel: return "cancel";
    case Transition::close: return "close";
    case Transition::follow_up: return "follow-up";
  }
  return "?";
}

std::optional<ConsultStatus> next_status(ConsultStatus from, Transition t) {
  switch (t) {
    case Transition::submit:
      if (from == S::draft) return S::submitted;
      break;
    case Transition::accept:  // accepted → accepted is a re-assignment
      if (from == S::submitted || from == S::accepted) return S::accepted;
      break;
    case Transition::answer:
      if (from == S::submitted || from == S::accepted) return S::answered;
      break;
    case Transition::request_info:
      if (from == S::submitted || from == S::accepted) return S::awaiting_gp;
      break;
    case Transition::gp_reply:
      if (from == S::awaiting_gp) return S::accepted;
      break;
    case Transition::follow_up_question:
      if (from == S::answered) return S::accepted;
      break;
    case Transition::redirect:
      if (from == S::submitted || from == S::accepted || from == S::awaiting_gp) return S::submitted;
      break;
    case Transition::cancel:
      if (from == S::draft || from == S::submitted || from == S::accepted || from == S::awaiting_gp)
        return S::cancelled;
      break;
    case Transition::close:
      if (from == S::answered) return S::closed;
      break;
    case Transition::follow_up:
      if (from == S::closed) return S::closed;
      break;
  }
  return std::nullopt;
}

ConsultStatus require_transition(ConsultStatus from, Transition t) {
  if (auto to = next_status(from, t)) return *to;
  throw Error(Errc::conflict, "Transition not allowed",
              "a consult in status '" + std::string(to_string(from)) + "' cannot " +
                  std::string(to_string(t)));
}

bool is_overdue(ConsultStatus status, const std::optional<Timestamp>& due_at,
                const std::optional<Timestamp>& first_answer_at, Timestamp now) {
  return (status == S::submitted || status == S::accepted) && due_at && !first_answer_at && now > *due_at;
}

ConsultEvent& Workflow::event(Consult& c, std::string type, std::optional<ConsultStatus> from,
                              std::optional<ConsultStatus> to) {
  ConsultEvent e;
  e.id = ids_.make<EventId>();
  e.consult_id = c.id;
  e.at = now_;
  e.type = std::move(type);
  e.actor_id = actor_.id;
  e.actor_name = actor_.name;
  e.from_status = from;
  e.to_status = to;
  c.events.push_back(std::move(e));
  c.updated_at = now_;
  return c.events.back();
}

void Workflow::message(Consult& c, MessageKind kind, const std::string& text) {
  Message m;
  m.id = ids_.make<MessageId>();
  m.consult_id = c.id;
  m.at = now_;
  m.author_id = actor_.id;
  m.author_name = actor_.name;
  m.kind = kind;
  m.text = text;
  c.messages.push_back(std::move(m));
}

void Workflow::move(Consult& c, Transition t, std::string event_type, std::string subject,
                    std::string detail) {
  ConsultStatus from = c.status;
  ConsultStatus to = require_transition(from, t);
  c.status = to;
  c.version += 1;
  auto& e = event(c, std::move(event_type), from, to);
  e.subject = std::move(subject);
  e.detail = std::move(detail);
}

void Workflow::create(Consult& c) {
  if (c.status != S::draft) throw Error(Errc::internal, "a new consult starts as a draft");
  c.created_at = now_;
  event(c, "created", std::nullopt, S::draft);
}

void Workflow::edit_draft(Consult& c) {
  if (c.status != S::draft)
    throw Error(Errc::conflict, "Transition not allowed",
                "only a draft can be edited; this consult is '" + std::string(to_string(c.status)) + "'");
  c.version += 1;
  event(c, "edited", std::nullopt, std::nullopt);
}

void Workflow::submit(Consult& c, Timestamp due_at) {
  move(c, Transition::submit, "submitted");
  if (!c.submitted_at) c.submitted_at = now_;
  c.due_at = due_at;
  if (!c.question.empty()) message(c, MessageKind::question, c.question);
}

void Workflow::accept(Consult& c, const UserId& assignee, const std::string& assignee_name) {
  if (c.status == S::accepted && c.assignee_id == assignee)
    throw Error(Errc::conflict, "Transition not allowed", "the consult is already assigned to this consultant");
  move(c, Transition::accept, assignee == actor_.id ? "accepted" : "assigned", assignee.str(), assignee_name);
  c.assignee_id = assignee;
}

void Workflow::answer(Consult& c, const Answer& a) {
  move(c, Transition::answer, "answered");
  if (!c.assignee_id) c.assignee_id = actor_.id;
  if (!c.first_answer_at) c.first_answer_at = now_;
  c.answered_at = now_;
  c.minutes_spent_total += a.minutes_spent;
  c.answer = a;
  message(c, MessageKind::advice, a.advice);
}

void Workflow::request_info(Consult& c, const std::string& text) {
  move(c, Transition::request_info, "info_requested");
  if (!c.assignee_id) c.assignee_id = actor_.id;
  message(c, MessageKind::request_info, text);
}

void Workflow::gp_message(Consult& c, const std::string& text) {
  switch (c.status) {
    case S::awaiting_gp:
      move(c, Transition::gp_reply, "info_provided");
      message(c, MessageKind::question, text);
      return;
    case S::answered:
      move(c, Transition::follow_up_question, "follow_up_question");
      message(c, MessageKind::follow_up_question, text);
      return;
    case S::submitted:
    case S::accepted:
      c.version += 1;
      event(c, "message", std::nullopt, std::nullopt);
      message(c, MessageKind::question, text);
      return;
    default:
      throw Error(Errc::conflict, "Transition not allowed",
                  "no messages can be added to a consult in status '" + std::string(to_string(c.status)) + "'");
  }
}

void Workflow::consultant_note(Consult& c, const std::string& text) {
  if (c.status != S::submitted && c.status != S::accepted && c.status != S::awaiting_gp && c.status != S::answered)
    throw Error(Errc::conflict, "Transition not allowed",
                "no messages can be added to a consult in status '" + std::string(to_string(c.status)) + "'");
  c.version += 1;
  event(c, "message", std::nullopt, std::nullopt);
  message(c, MessageKind::note, text);
}

void Workflow::redirect(Consult& c, const ServiceId& to, const std::string& reason, Timestamp due_at) {
  require_transition(c.status, Transition::redirect);
  if (to == c.service_id)
    throw Error(Errc::validation, "The request has invalid fields", "service_id: is the current service",
                {{"service_id", "is the consult's current service"}});
  move(c, Transition::redirect, "redirected", to.str(), reason);
  c.service_id = to;
  c.assignee_id.reset();
  c.due_at = due_at;
  c.redirect_count += 1;
}

void Workflow::cancel(Consult& c, const std::string& reason) {
  require_transition(c.status, Transition::cancel);
  // Once advice was given the consultant's work is done (and billable): close, don't cancel.
  if (c.first_answer_at)
    throw Error(Errc::conflict, "Transition not allowed",
                "a consult that has been answered cannot be cancelled; close it with an outcome");
  move(c, Transition::cancel, "cancelled", {}, reason);
  c.cancelled_at = now_;
}

void Workflow::return_to_gp(Consult& c, const std::string& reason) {
  bool open = c.status == S::submitted || c.status == S::accepted || c.status == S::awaiting_gp;
  if (!open || c.first_answer_at)
    throw Error(Errc::conflict, "Transition not allowed",
                "a consult in status '" + std::string(to_string(c.status)) + "' cannot go back to the GP");
  ConsultStatus from = c.status;
  c.status = S::draft;
  c.version += 1;
  c.due_at.reset();
  c.assignee_id.reset();
  event(c, "session_cancelled", from, S::draft).detail = reason;
}

void Workflow::session_moved(Consult& c, Timestamp due_at, const std::string& detail) {
  c.version += 1;
  if (c.status == S::submitted || c.status == S::accepted || c.status == S::awaiting_gp) c.due_at = due_at;
  event(c, "session_moved", std::nullopt, std::nullopt).detail = detail;
}

void Workflow::close(Consult& c, const Outcome& o) {
  move(c, Transition::close, "closed", std::string(to_string(o.result)));
  c.closed_at = now_;
  c.outcome = o;
}

void Workflow::record_follow_up(Consult& c, bool referred_within_90d) {
  require_transition(c.status, Transition::follow_up);
  if (c.follow_up)
    throw Error(Errc::conflict, "Transition not allowed", "the 90-day follow-up was already recorded");
  if (!referred_within_90d && c.closed_at && now_ < *c.closed_at + std::chrono::days{90})
    throw Error(Errc::conflict, "Transition not allowed",
                "'not referred within 90 days' can only be recorded 90 days after the close");
  c.follow_up = FollowUp{referred_within_90d, now_, actor_.id};
  c.version += 1;
  event(c, "follow_up_recorded", S::closed, S::closed).subject = referred_within_90d ? "referred" : "not_referred";
}

void Workflow::attachment_added(Consult& c, const Attachment& a) {
  if (c.status == S::closed || c.status == S::cancelled)
    throw Error(Errc::conflict, "Transition not allowed",
                "no attachments can be added to a consult in status '" + std::string(to_string(c.status)) + "'");
  c.version += 1;
  c.attachments.push_back(a);
  event(c, "attachment_added", std::nullopt, std::nullopt).subject = a.id.str();
}

}  // namespace mk::domain

namespace mk::domain {

bool Workflow::mark_overdue(Consult& c) {
  if (!is_overdue(c.status, c.due_at, c.first_answer_at, now_)) return false;
  const std::string due = format_timestamp(*c.due_at);
  for (const auto& e : c.events)
    if (e.type == "overdue" && e.subject == due) return false;
  c.version += 1;
  event(c, "overdue", c.status, c.status).subject = due;
  return true;
}

}  // namespace mk::domain

namespace mk::domain {

std::optional<UserId> latest_advice_author(const Consult& c) {
  for (auto it = c.messages.rbegin(); it != c.messages.rend(); ++it)
    if (it->kind == MessageKind::advice) return it->author_id;
  return std::nullopt;
}

}  // namespace mk::domain
