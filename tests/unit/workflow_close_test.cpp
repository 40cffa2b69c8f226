// Workflow methods after triage: redirect, cancel, close, the 90-day follow-up, attachments,
// and a whole consult's timeline.
#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "unit/workflow_fixture.hpp"

namespace mk::domain::test {
namespace {

using std::chrono::days;

TEST_F(WorkflowTest, RedirectMovesToAnotherServiceKeepingTheFirstSubmitTime) {
  to_accepted();
  as(coordinator, hour(3)).redirect(c, kader, "better handled by the kader GP pool", due2);
  EXPECT_EQ(c.status, S::submitted);
  EXPECT_EQ(c.service_id, kader);
  EXPECT_FALSE(c.assignee_id.has_value());
  EXPECT_EQ(c.submitted_at, hour(1));  // the indicators' clock keeps running from the first submit
  EXPECT_EQ(c.due_at, due2);
  EXPECT_EQ(c.redirect_count, 1);
  EXPECT_EQ(last_event().type, "redirected");
  EXPECT_EQ(last_event().subject, kader.str());
  EXPECT_EQ(last_event().detail, "better handled by the kader GP pool");
  EXPECT_EQ(last_event().actor_id, coordinator.id);
  EXPECT_EQ(last_event().from_status, S::accepted);
  EXPECT_EQ(last_event().to_status, S::submitted);

  // The new service takes it from there; the history stays.
  as(colleague, hour(4)).accept(c, colleague.id, colleague.name);
  as(colleague, hour(5)).answer(c, Answer{"Advice", false, 7});
  EXPECT_EQ(c.first_answer_at, hour(5));
  EXPECT_EQ(c.submitted_at, hour(1));
  EXPECT_EQ(c.events.size(), 6u);
}

TEST_F(WorkflowTest, RedirectFromSubmittedAndAwaitingGp) {
  for (S from : {S::submitted, S::awaiting_gp}) {
    SCOPED_TRACE(std::string(to_string(from)));
    fresh();
    reach(from);
    as(coordinator, hour(8)).redirect(c, kader, "other pool", due2);
    EXPECT_EQ(c.status, S::submitted);
    EXPECT_EQ(c.service_id, kader);
    EXPECT_EQ(last_event().from_status, from);
  }
}

TEST_F(WorkflowTest, RedirectTwiceCountsBoth) {
  to_submitted();
  as(coordinator, hour(2)).redirect(c, kader, "first", due2);
  as(coordinator, hour(3)).redirect(c, derm, "back again", due2);
  EXPECT_EQ(c.redirect_count, 2);
  EXPECT_EQ(c.service_id, derm);
  EXPECT_EQ(c.submitted_at, hour(1));
}

TEST_F(WorkflowTest, RedirectToTheSameServiceIsRefused) {
  to_accepted();
  auto e = caught([&] { as(coordinator, hour(3)).redirect(c, derm, "same", due2); });
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->code(), Errc::validation);
  ASSERT_EQ(e->errors().size(), 1u);
  EXPECT_EQ(e->errors()[0].field, "service_id");
  EXPECT_EQ(c.status, S::accepted);
  EXPECT_EQ(c.assignee_id, consultant.id);
  EXPECT_EQ(c.redirect_count, 0);
}

TEST_F(WorkflowTest, RedirectAfterTheAnswerIsAConflict) {
  for (S from : {S::draft, S::answered, S::closed, S::cancelled}) {
    SCOPED_TRACE(std::string(to_string(from)));
    fresh();
    reach(from);
    EXPECT_EQ(error_code([&] { as(coordinator, hour(8)).redirect(c, kader, "late", due2); }), Errc::conflict);
    EXPECT_EQ(c.service_id, derm);
  }
}

TEST_F(WorkflowTest, CancelBeforeTheAnswer) {
  for (S from : {S::draft, S::submitted, S::accepted, S::awaiting_gp}) {
    SCOPED_TRACE(std::string(to_string(from)));
    fresh();
    reach(from);
    as(gp, hour(8)).cancel(c, "patient recovered");
    EXPECT_EQ(c.status, S::cancelled);
    EXPECT_EQ(c.cancelled_at, hour(8));
    EXPECT_EQ(last_event().type, "cancelled");
    EXPECT_EQ(last_event().detail, "patient recovered");
    EXPECT_EQ(last_event().from_status, from);
    EXPECT_EQ(last_event().to_status, S::cancelled);
  }
}

TEST_F(WorkflowTest, CancelAfterTheAnswerIsAConflict) {
  for (S from : {S::answered, S::closed, S::cancelled}) {
    SCOPED_TRACE(std::string(to_string(from)));
    fresh();
    reach(from);
    const auto status = c.status;
    auto e = caught([&] { as(gp, hour(8)).cancel(c, "too late"); });
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->code(), Errc::conflict);
    EXPECT_NE(e->detail().find("'" + std::string(to_string(from)) + "'"), std::string::npos);
    EXPECT_EQ(c.status, status);
  }
}

TEST_F(WorkflowTest, CancelInASecondRoundIsAConflict) {
  // Answered, then the GP asks a follow-up question: the consult is accepted again, but the
  // advice was given (and is billable), so it is closed, not cancelled.
  to_answered();
  as(gp, hour(6)).gp_message(c, "And if it grows?");
  ASSERT_EQ(c.status, S::accepted);
  auto e = caught([&] { as(gp, hour(7)).cancel(c, "never mind"); });
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->code(), Errc::conflict);
  EXPECT_NE(e->detail().find("answered"), std::string::npos);
  EXPECT_EQ(c.status, S::accepted);
  EXPECT_FALSE(c.cancelled_at.has_value());
}

TEST_F(WorkflowTest, CloseRecordsTheOutcome) {
  to_closed();
  EXPECT_EQ(c.status, S::closed);
  EXPECT_EQ(c.closed_at, hour(5));
  ASSERT_TRUE(c.outcome.has_value());
  EXPECT_EQ(c.outcome->result, OutcomeResult::treated_by_gp);
  EXPECT_EQ(c.outcome->usefulness, 5);
  EXPECT_TRUE(c.outcome->learned);
  EXPECT_EQ(c.outcome->note, "helpful");
  EXPECT_EQ(last_event().type, "closed");
  EXPECT_EQ(last_event().subject, "treated_by_gp");
  EXPECT_EQ(last_event().actor_id, gp.id);
  EXPECT_EQ(last_event().from_status, S::answered);
  EXPECT_EQ(last_event().to_status, S::closed);
}

TEST_F(WorkflowTest, CloseBeforeTheAnswerIsAConflict) {
  to_accepted();
  EXPECT_EQ(error_code([&] { as(gp, hour(3)).close(c, Outcome{}); }), Errc::conflict);
  EXPECT_FALSE(c.outcome.has_value());
  EXPECT_FALSE(c.closed_at.has_value());
}

TEST_F(WorkflowTest, NotReferredCanOnlyBeConfirmedAfterNinetyDays) {
  const Timestamp closed = hour(5);
  to_closed(closed);
  EXPECT_EQ(error_code([&] { as(gp, closed + days{89}).record_follow_up(c, false); }), Errc::conflict);
  EXPECT_FALSE(c.follow_up.has_value());

  as(gp, closed + days{90}).record_follow_up(c, false);
  ASSERT_TRUE(c.follow_up.has_value());
  EXPECT_FALSE(c.follow_up->referred_within_90d);
  EXPECT_EQ(c.follow_up->recorded_at, closed + days{90});
  EXPECT_EQ(c.follow_up->recorded_by, gp.id);
  EXPECT_EQ(c.status, S::closed);
  EXPECT_EQ(last_event().type, "follow_up_recorded");
  EXPECT_EQ(last_event().subject, "not_referred");
  EXPECT_EQ(last_event().from_status, S::closed);
  EXPECT_EQ(last_event().to_status, S::closed);
}

TEST_F(WorkflowTest, ReferredCanBeRecordedAnyTimeAfterClose) {
  to_closed(hour(5));
  as(gp, hour(6)).record_follow_up(c, true);
  ASSERT_TRUE(c.follow_up.has_value());
  EXPECT_TRUE(c.follow_up->referred_within_90d);
  EXPECT_EQ(last_event().subject, "referred");
}

TEST_F(WorkflowTest, SecondFollowUpIsRefused) {
  to_closed(hour(5));
  as(gp, hour(6)).record_follow_up(c, true);
  const auto version = c.version;
  EXPECT_EQ(error_code([&] { as(gp, hour(5) + days{120}).record_follow_up(c, false); }), Errc::conflict);
  EXPECT_TRUE(c.follow_up->referred_within_90d);
  EXPECT_EQ(c.version, version);
}

TEST_F(WorkflowTest, FollowUpBeforeCloseIsAConflict) {
  to_answered();
  EXPECT_EQ(error_code([&] { as(gp, hour(5) + days{100}).record_follow_up(c, true); }), Errc::conflict);
  EXPECT_FALSE(c.follow_up.has_value());
}

TEST_F(WorkflowTest, AttachmentsWhileTheConsultIsOpen) {
  for (S from : {S::draft, S::submitted, S::accepted, S::awaiting_gp, S::answered}) {
    SCOPED_TRACE(std::string(to_string(from)));
    fresh();
    reach(from);
    Attachment a;
    a.id = AttachmentId("att-1");
    a.filename = "lesion.jpg";
    const auto version = c.version;
    as(gp, hour(8)).attachment_added(c, a);
    EXPECT_EQ(c.status, from);
    ASSERT_EQ(c.attachments.size(), 1u);
    EXPECT_EQ(c.attachments[0].filename, "lesion.jpg");
    EXPECT_EQ(c.version, version + 1);
    EXPECT_EQ(last_event().type, "attachment_added");
    EXPECT_EQ(last_event().subject, "att-1");
    EXPECT_EQ(last_event().from_status, std::nullopt);
  }
}

TEST_F(WorkflowTest, AttachmentsOnClosedOrCancelledAreRefused) {
  for (S from : {S::closed, S::cancelled}) {
    SCOPED_TRACE(std::string(to_string(from)));
    fresh();
    reach(from);
    Attachment a;
    a.id = AttachmentId("att-late");
    EXPECT_EQ(error_code([&] { as(gp, hour(8)).attachment_added(c, a); }), Errc::conflict);
    EXPECT_TRUE(c.attachments.empty());
  }
}

TEST_F(WorkflowTest, WholeConsultTimeline) {
  to_submitted();
  as(consultant, hour(2)).accept(c, consultant.id, consultant.name);
  as(consultant, hour(3)).request_info(c, "Photo please.");
  as(gp, hour(4)).gp_message(c, "Attached.");
  as(consultant, hour(5)).answer(c, Answer{"Benign.", false, 10});
  as(gp, hour(6)).close(c, Outcome{OutcomeResult::treated_by_gp, 4, false, ""});
  as(gp, hour(6) + days{91}).record_follow_up(c, false);

  std::vector<std::string> types;
  std::set<std::string> ids;
  for (const auto& e : c.events) {
    types.push_back(e.type);
    ids.insert(e.id.str());
    EXPECT_EQ(e.consult_id, c.id);
  }
  for (const auto& m : c.messages) ids.insert(m.id.str());
  EXPECT_EQ(types, (std::vector<std::string>{"created", "submitted", "accepted", "info_requested", "info_provided",
                                             "answered", "closed", "follow_up_recorded"}));
  EXPECT_EQ(ids.size(), c.events.size() + c.messages.size());  // every id fresh
  std::vector<MessageKind> kinds;
  for (const auto& m : c.messages) kinds.push_back(m.kind);
  EXPECT_EQ(kinds, (std::vector<MessageKind>{MessageKind::question, MessageKind::request_info,
                                             MessageKind::question, MessageKind::advice}));
  EXPECT_EQ(c.version, 8);
  EXPECT_EQ(c.updated_at, hour(6) + days{91});
  EXPECT_EQ(c.first_answer_at, hour(5));
  EXPECT_EQ(c.submitted_at, hour(1));
}

}  // namespace
}  // namespace mk::domain::test
