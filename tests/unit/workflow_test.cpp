// Workflow methods up to the answer: create, submit, accept/assign, answer, request_info, and
// the messages of GP and consultant.
#include <optional>
#include <string>
#include <vector>

#include "unit/workflow_fixture.hpp"

namespace mk::domain::test {
namespace {

TEST_F(WorkflowTest, CreateRecordsTheDraft) {
  EXPECT_EQ(c.status, S::draft);
  EXPECT_EQ(c.created_at, t0);
  EXPECT_EQ(c.updated_at, t0);
  EXPECT_EQ(c.version, 1);
  EXPECT_TRUE(c.messages.empty());
  ASSERT_EQ(c.events.size(), 1u);
  const auto& e = c.events[0];
  EXPECT_EQ(e.id.str(), "id0001");
  EXPECT_EQ(e.consult_id.str(), "c-1");
  EXPECT_EQ(e.at, t0);
  EXPECT_EQ(e.type, "created");
  EXPECT_EQ(e.actor_id, gp.id);
  EXPECT_EQ(e.actor_name, gp.name);
  EXPECT_EQ(e.from_status, std::nullopt);
  EXPECT_EQ(e.to_status, S::draft);
}

TEST_F(WorkflowTest, CreateRefusesAConsultThatIsNotADraft) {
  Consult other;
  other.status = S::submitted;
  EXPECT_EQ(error_code([&] { as(gp, t0).create(other); }), Errc::internal);
}

TEST_F(WorkflowTest, SubmitSetsTimesAndPostsTheQuestion) {
  to_submitted();
  EXPECT_EQ(c.status, S::submitted);
  EXPECT_EQ(c.submitted_at, hour(1));
  EXPECT_EQ(c.due_at, due1);
  EXPECT_EQ(c.updated_at, hour(1));
  EXPECT_EQ(c.version, 2);
  EXPECT_FALSE(c.assignee_id.has_value());
  ASSERT_EQ(c.messages.size(), 1u);
  EXPECT_EQ(last_message().kind, MessageKind::question);
  EXPECT_EQ(last_message().text, c.question);
  EXPECT_EQ(last_message().author_id, gp.id);
  EXPECT_EQ(last_message().author_name, gp.name);
  EXPECT_EQ(last_message().at, hour(1));
  EXPECT_EQ(last_message().consult_id, c.id);
  ASSERT_EQ(c.events.size(), 2u);
  EXPECT_EQ(last_event().type, "submitted");
  EXPECT_EQ(last_event().from_status, S::draft);
  EXPECT_EQ(last_event().to_status, S::submitted);
}

TEST_F(WorkflowTest, SubmitWithoutQuestionPostsNoMessage) {
  c.question.clear();
  to_submitted();
  EXPECT_EQ(c.status, S::submitted);
  EXPECT_TRUE(c.messages.empty());
}

TEST_F(WorkflowTest, SubmitTwiceIsAConflict) {
  to_submitted();
  EXPECT_EQ(error_code([&] { as(gp, hour(2)).submit(c, due2); }), Errc::conflict);
  EXPECT_EQ(c.submitted_at, hour(1));
  EXPECT_EQ(c.due_at, due1);
}

TEST_F(WorkflowTest, AcceptBySelfIsRecordedAsAccepted) {
  to_accepted();
  EXPECT_EQ(c.status, S::accepted);
  EXPECT_EQ(c.assignee_id, consultant.id);
  EXPECT_EQ(c.version, 3);
  EXPECT_EQ(last_event().type, "accepted");
  EXPECT_EQ(last_event().subject, consultant.id.str());
  EXPECT_EQ(last_event().detail, consultant.name);
  EXPECT_EQ(last_event().actor_id, consultant.id);
  EXPECT_EQ(last_event().from_status, S::submitted);
  EXPECT_EQ(last_event().to_status, S::accepted);
  EXPECT_EQ(c.messages.size(), 1u);  // no message for an acceptance
}

TEST_F(WorkflowTest, AssignByCoordinatorAndReassign) {
  to_submitted();
  as(coordinator, hour(2)).accept(c, consultant.id, consultant.name);
  EXPECT_EQ(last_event().type, "assigned");
  EXPECT_EQ(last_event().actor_id, coordinator.id);
  EXPECT_EQ(c.assignee_id, consultant.id);

  as(coordinator, hour(3)).accept(c, colleague.id, colleague.name);
  EXPECT_EQ(c.status, S::accepted);
  EXPECT_EQ(c.assignee_id, colleague.id);
  EXPECT_EQ(last_event().type, "assigned");
  EXPECT_EQ(last_event().from_status, S::accepted);
  EXPECT_EQ(last_event().to_status, S::accepted);
  EXPECT_EQ(last_event().subject, colleague.id.str());
}

TEST_F(WorkflowTest, AssigningTheSameConsultantAgainIsAConflict) {
  to_accepted();
  const auto events = c.events.size();
  EXPECT_EQ(error_code([&] { as(coordinator, hour(3)).accept(c, consultant.id, consultant.name); }),
            Errc::conflict);
  EXPECT_EQ(c.events.size(), events);
}

TEST_F(WorkflowTest, AcceptWhileAwaitingTheGpIsAConflict) {
  to_awaiting_gp();
  EXPECT_EQ(error_code([&] { as(colleague, hour(4)).accept(c, colleague.id, colleague.name); }), Errc::conflict);
  EXPECT_EQ(c.assignee_id, consultant.id);
}

TEST_F(WorkflowTest, AnswerRecordsAdviceTimesAndMinutes) {
  to_answered();
  EXPECT_EQ(c.status, S::answered);
  EXPECT_EQ(c.first_answer_at, hour(4));
  EXPECT_EQ(c.answered_at, hour(4));
  EXPECT_EQ(c.minutes_spent_total, 12);
  ASSERT_TRUE(c.answer.has_value());
  EXPECT_EQ(c.answer->advice, "Looks benign; watch and wait.");
  EXPECT_EQ(last_message().kind, MessageKind::advice);
  EXPECT_EQ(last_message().text, "Looks benign; watch and wait.");
  EXPECT_EQ(last_message().author_id, consultant.id);
  EXPECT_EQ(last_message().author_name, consultant.name);
  EXPECT_EQ(last_event().type, "answered");
  EXPECT_EQ(last_event().from_status, S::accepted);
  EXPECT_EQ(last_event().to_status, S::answered);
}

TEST_F(WorkflowTest, SecondRoundKeepsFirstAnswerTimeAndAddsMinutes) {
  to_answered();
  as(gp, hour(5)).gp_message(c, "It grew since; still benign?");
  EXPECT_EQ(c.status, S::accepted);
  EXPECT_EQ(c.assignee_id, consultant.id);
  as(consultant, hour(6)).answer(c, Answer{"Please refer for excision.", true, 8});
  EXPECT_EQ(c.status, S::answered);
  EXPECT_EQ(c.first_answer_at, hour(4));
  EXPECT_EQ(c.answered_at, hour(6));
  EXPECT_EQ(c.minutes_spent_total, 20);
  ASSERT_TRUE(c.answer.has_value());
  EXPECT_TRUE(c.answer->referral_advised);
  EXPECT_EQ(c.answer->advice, "Please refer for excision.");
}

TEST_F(WorkflowTest, AnswerWithoutAcceptMakesTheAnswererAssignee) {
  to_submitted();
  as(consultant, hour(2)).answer(c, Answer{"Advice", false, 5});
  EXPECT_EQ(c.status, S::answered);
  EXPECT_EQ(c.assignee_id, consultant.id);
  EXPECT_EQ(last_event().from_status, S::submitted);
}

TEST_F(WorkflowTest, AnswerOnDraftIsAConflict) {
  EXPECT_EQ(error_code([&] { as(consultant, hour(2)).answer(c, Answer{"Advice", false, 5}); }), Errc::conflict);
  EXPECT_FALSE(c.first_answer_at.has_value());
  EXPECT_EQ(c.minutes_spent_total, 0);
}

TEST_F(WorkflowTest, RequestInfoWaitsForTheGp) {
  to_awaiting_gp();
  EXPECT_EQ(c.status, S::awaiting_gp);
  EXPECT_EQ(last_message().kind, MessageKind::request_info);
  EXPECT_EQ(last_message().text, "Please add a dermatoscopic photo.");
  EXPECT_EQ(last_message().author_id, consultant.id);
  EXPECT_EQ(last_event().type, "info_requested");
  EXPECT_EQ(last_event().from_status, S::accepted);
  EXPECT_EQ(last_event().to_status, S::awaiting_gp);
}

TEST_F(WorkflowTest, RequestInfoWithoutAcceptMakesTheRequesterAssignee) {
  to_submitted();
  as(consultant, hour(2)).request_info(c, "Which medication?");
  EXPECT_EQ(c.assignee_id, consultant.id);
}

// What a GP's message does in each state: a transition, a plain message, or a conflict.
struct GpMessageCase {
  S from;
  std::optional<S> to;            // nullopt: refused with a conflict
  std::string event_type;         // "" when refused
  MessageKind kind = MessageKind::question;
  bool status_event = false;      // whether the event records from/to
};

TEST_F(WorkflowTest, GpMessageInEachState) {
  const std::vector<GpMessageCase> cases = {
      {S::draft, std::nullopt, ""},
      {S::submitted, S::submitted, "message", MessageKind::question, false},
      {S::accepted, S::accepted, "message", MessageKind::question, false},
      {S::awaiting_gp, S::accepted, "info_provided", MessageKind::question, true},
      {S::answered, S::accepted, "follow_up_question", MessageKind::follow_up_question, true},
      {S::closed, std::nullopt, ""},
      {S::cancelled, std::nullopt, ""},
  };
  for (const auto& tc : cases) {
    SCOPED_TRACE(std::string(to_string(tc.from)));
    fresh();
    reach(tc.from);
    const auto version = c.version;
    const auto messages = c.messages.size();
    const auto events = c.events.size();
    if (!tc.to) {
      auto e = caught([&] { as(gp, hour(9)).gp_message(c, "hello"); });
      ASSERT_TRUE(e.has_value());
      EXPECT_EQ(e->code(), Errc::conflict);
      EXPECT_NE(e->detail().find("'" + std::string(to_string(tc.from)) + "'"), std::string::npos);
      EXPECT_EQ(c.status, tc.from);
      EXPECT_EQ(c.messages.size(), messages);
      EXPECT_EQ(c.events.size(), events);
      continue;
    }
    as(gp, hour(9)).gp_message(c, "hello");
    EXPECT_EQ(c.status, *tc.to);
    EXPECT_EQ(c.version, version + 1);
    ASSERT_EQ(c.messages.size(), messages + 1);
    EXPECT_EQ(last_message().kind, tc.kind);
    EXPECT_EQ(last_message().text, "hello");
    EXPECT_EQ(last_message().author_id, gp.id);
    EXPECT_EQ(last_message().at, hour(9));
    ASSERT_EQ(c.events.size(), events + 1);
    EXPECT_EQ(last_event().type, tc.event_type);
    EXPECT_EQ(last_event().from_status, tc.status_event ? std::optional<S>(tc.from) : std::nullopt);
    EXPECT_EQ(last_event().to_status, tc.status_event ? tc.to : std::nullopt);
  }
}

TEST_F(WorkflowTest, ConsultantNoteChangesNoState) {
  for (S from : {S::submitted, S::accepted, S::awaiting_gp, S::answered}) {
    SCOPED_TRACE(std::string(to_string(from)));
    fresh();
    reach(from);
    as(consultant, hour(9)).consultant_note(c, "Discussed with a colleague.");
    EXPECT_EQ(c.status, from);
    EXPECT_EQ(last_message().kind, MessageKind::note);
    EXPECT_EQ(last_message().author_id, consultant.id);
    EXPECT_EQ(last_event().type, "message");
    EXPECT_EQ(last_event().from_status, std::nullopt);
  }
  for (S from : {S::draft, S::closed, S::cancelled}) {
    SCOPED_TRACE(std::string(to_string(from)));
    fresh();
    reach(from);
    EXPECT_EQ(error_code([&] { as(consultant, hour(9)).consultant_note(c, "late"); }), Errc::conflict);
  }
}

}  // namespace
}  // namespace mk::domain::test
