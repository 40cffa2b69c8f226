#pragma once
// The consult state machine (DESIGN §4). Every transition checks the current state, changes
// the header, and appends its timeline event (and message, where it carries text). Who may
// trigger a transition is decided by app/access, not here.
#include <optional>
#include <string>
#include <utility>

#include "core/ids.hpp"
#include "core/time.hpp"
#include "domain/consult.hpp"

namespace mk::domain {

enum class Transition {
  submit, accept, answer, request_info, gp_reply, follow_up_question, redirect, cancel, close,
  follow_up
};

std::string_view to_string(Transition t);

// The table: the state a transition leads to from `from`, or nullopt when it is not allowed.
std::optional<ConsultStatus> next_status(ConsultStatus from, Transition t);

// Throws Error{conflict} naming the state and the transition when not allowed.
ConsultStatus require_transition(ConsultStatus from, Transition t);

// Waiting on the consultant past its due time, before the first answer. A consult waiting on
// the GP (awaiting_gp) is not overdue.
bool is_overdue(ConsultStatus status, const std::optional<Timestamp>& due_at,
                const std::optional<Timestamp>& first_answer_at, Timestamp now);

// The author of the consult's latest advice; none before the first answer.
std::optional<UserId> latest_advice_author(const Consult& c);

struct Person {
  UserId id;
  std::string name;
};

class Workflow {
 public:
  Workflow(IdGenerator& ids, Timestamp now, Person actor) : ids_(ids), now_(now), actor_(std::move(actor)) {}

  void create(Consult& c);  // records "created" (draft); status must already be draft
  void edit_draft(Consult& c);  // the fields were changed by the caller; records "edited"
  void submit(Consult& c, Timestamp due_at);
  void accept(Consult& c, const UserId& assignee, const std::string& assignee_name);
  void answer(Consult& c, const Answer& a);
  void request_info(Consult& c, const std::string& text);
  // A GP's message: replies to a request (awaiting_gp → accepted), asks a second-round
  // question (answered → accepted), or adds to an open thread without a state change.
  void gp_message(Consult& c, const std::string& text);
  // A consultant's message without a state change.
  void consultant_note(Consult& c, const std::string& text);
  void redirect(Consult& c, const ServiceId& to, const std::string& reason, Timestamp due_at);
  void cancel(Consult& c, const std::string& reason);
  void close(Consult& c, const Outcome& o);
  // 90 days after close; "not referred" can only be confirmed once the 90 days have passed.
  void record_follow_up(Consult& c, bool referred_within_90d);
  void attachment_added(Consult& c, const Attachment& a);
  // On-site consults (issue 8). The session was cancelled: a consult not yet answered goes back
  // to the GP as a draft (no due time, no assignee) to be booked into another session or
  // cancelled; records "session_cancelled". The session moved: the new due time (its end).
  void return_to_gp(Consult& c, const std::string& reason);
  void session_moved(Consult& c, Timestamp due_at, const std::string& detail);
  // Flags a consult that is overdue at `now` (is_overdue) with an "overdue" event whose subject
  // is the due time passed, once per due time (a redirect sets a new one). False when the
  // consult is not overdue or was already flagged for this due time.
  bool mark_overdue(Consult& c);

 private:
  ConsultEvent& event(Consult& c, std::string type, std::optional<ConsultStatus> from,
                      std::optional<ConsultStatus> to);
  void message(Consult& c, MessageKind kind, const std::string& text);
  void move(Consult& c, Transition t, std::string event_type, std::string subject = {},
            std::string detail = {});

  IdGenerator& ids_;
  Timestamp now_;
  Person actor_;
};

}  // namespace mk::domain
