// Every transition of DESIGN §4 through HTTP: create, draft+submit, accept/assign,
// request-info round, answer, second round, close, 90-day follow-up, and the timeline.
#include <regex>

#include "api/harness.hpp"

namespace mk::apitest {
namespace {

std::vector<std::string> event_types(const json::object& c) {
  std::vector<std::string> out;
  for (const auto& e : c.at("events").as_array()) out.push_back(str(e.at("type")));
  return out;
}

std::vector<std::string> message_kinds(const json::object& c) {
  std::vector<std::string> out;
  for (const auto& m : c.at("messages").as_array()) out.push_back(str(m.at("kind")));
  return out;
}

using Transitions = ApiTest;

TEST_F(Transitions, CreateAnswers201WithLocationReferenceAndWorkingDayDueDate) {
  auto r = as("gp_a").post_json("/api/v1/consults", consult_body("x_derm"));
  ASSERT_EQ(r.status, 201) << r.describe();
  auto c = r.object();
  auto id = str(c["id"]);
  EXPECT_EQ(r.header("location").value_or(""), "/api/v1/consults/" + id);
  EXPECT_TRUE(std::regex_match(str(c["reference"]), std::regex(R"(MK-2026-\d{6})"))) << c["reference"];
  EXPECT_EQ(str(c["status"]), "submitted");
  EXPECT_EQ(str(c["service_id"]), service("x_derm"));
  EXPECT_EQ(str(c["requester_id"]), person("gp_a").id);
  EXPECT_EQ(str(c["practice_id"]), org("prac_a"));
  EXPECT_EQ(str(c["patient"].at("bsn")), "111222333");
  EXPECT_EQ(str(c["patient"].at("postcode")), "3083AB");
  EXPECT_EQ(str(c["submitted_at"]), kStart);
  // Friday 10:00 + 2 working days, skipping the weekend and Koningsdag (Mon 27 April).
  EXPECT_EQ(str(c["due_at"]), "2026-04-29T08:00:00.000Z");
  EXPECT_TRUE(c["first_answer_at"].is_null());
  EXPECT_EQ(c["patient_informed"], json::value(true));
  EXPECT_EQ(str(c["intended_referral"]), "yes");

  // Other response times: y_derm 1 working day, x_cardio (direct) 3 working days.
  EXPECT_EQ(str(create("gp_a", "y_derm")["due_at"]), "2026-04-28T08:00:00.000Z");
  auto cardio = create("gp_a", "x_cardio");
  EXPECT_EQ(str(cardio["due_at"]), "2026-04-30T08:00:00.000Z");
  EXPECT_EQ(str(cardio["assignee_id"]), person("card_x").id);  // direct routing: the named consultant

  // References are unique and the GET shows the same consult.
  EXPECT_NE(str(cardio["reference"]), str(c["reference"]));
  auto again = fetch("gp_a", id);
  EXPECT_EQ(again["reference"], c["reference"]);
  EXPECT_EQ(again["due_at"], c["due_at"]);
}

TEST_F(Transitions, DraftIsCompletedAndSubmitted) {
  json::object draft{{"draft", true},
                     {"service_id", service("x_derm")},
                     {"patient", json::object{{"bsn", "123456782"}}}};
  auto r = as("gp_a").post_json("/api/v1/consults", draft);
  ASSERT_EQ(r.status, 201) << r.describe();
  auto c = r.object();
  auto id = str(c["id"]);
  EXPECT_EQ(str(c["status"]), "draft");
  EXPECT_TRUE(c["submitted_at"].is_null());
  EXPECT_TRUE(c["due_at"].is_null());

  // Submitting the incomplete draft names what is missing and changes nothing.
  auto bad = act("gp_a", id, "submit", json::object{}, 422);
  for (auto field : {"patient.name", "patient.birth_date", "question", "intended_referral", "patient_informed"})
    EXPECT_TRUE(bad.names_field(field)) << field << ": " << bad.describe();
  EXPECT_EQ(str(fetch("gp_a", id)["status"]), "draft");

  clock_.advance(std::chrono::hours(1));
  auto full = consult_body("x_derm", "123456782");
  full.erase("service_id");
  auto ok = act("gp_a", id, "submit", full).object();
  EXPECT_EQ(str(ok["status"]), "submitted");
  EXPECT_EQ(str(ok["submitted_at"]), "2026-04-24T09:00:00.000Z");
  EXPECT_EQ(str(ok["due_at"]), "2026-04-29T09:00:00.000Z");
  EXPECT_EQ(str(ok["question"]), str(full["question"]));
  EXPECT_EQ(event_types(ok), (std::vector<std::string>{"created", "submitted"}));
  act("gp_a", id, "submit", full, 409);  // once only
}

TEST_F(Transitions, AcceptAssignRequestInfoAndReply) {
  auto id = create_id("gp_a", "x_derm");
  auto accepted = act("derm_x1", id, "accept", json::object{}).object();
  EXPECT_EQ(str(accepted["status"]), "accepted");
  EXPECT_EQ(str(accepted["assignee_id"]), person("derm_x1").id);

  // The coordinator re-assigns to a colleague of the same service ...
  auto assigned = act("coord_x", id, "accept", json::object{{"assignee_id", person("derm_x2").id}}).object();
  EXPECT_EQ(str(assigned["status"]), "accepted");
  EXPECT_EQ(str(assigned["assignee_id"]), person("derm_x2").id);
  // ... but never to someone outside it (another service's consultant, a GP, an unknown id).
  for (auto ref : {"card_x", "derm_y", "gp_a"}) {
    auto r = act("coord_x", id, "accept", json::object{{"assignee_id", person(ref).id}}, 422);
    EXPECT_TRUE(r.names_field("assignee_id")) << r.describe();
  }
  act("coord_x", id, "accept", json::object{{"assignee_id", "nosuchuser"}}, 422);
  EXPECT_EQ(str(fetch("gp_a", id)["assignee_id"]), person("derm_x2").id);

  clock_.advance(std::chrono::minutes(30));
  auto waiting = act("derm_x2", id, "request-info", json::object{{"text", "Graag een foto van dichtbij."}}).object();
  EXPECT_EQ(str(waiting["status"]), "awaiting_gp");
  auto r = act("derm_x2", id, "answer", answer_body(), 409);
  EXPECT_NE(str(r.object()["detail"]).find("awaiting_gp"), std::string::npos) << r.describe();

  auto replied = act("gp_a", id, "messages", json::object{{"text", "Foto volgt als bijlage."}}).object();
  EXPECT_EQ(str(replied["status"]), "accepted");
  EXPECT_EQ(str(replied["assignee_id"]), person("derm_x2").id);

  clock_.advance(std::chrono::minutes(30));
  auto answered = act("derm_x2", id, "answer", answer_body("Psoriasis; start calcipotriol.", 15)).object();
  EXPECT_EQ(str(answered["status"]), "answered");
  EXPECT_EQ(str(answered["first_answer_at"]), "2026-04-24T09:00:00.000Z");
  EXPECT_EQ(str(answered["answer"].at("advice")), "Psoriasis; start calcipotriol.");
  EXPECT_EQ(answered["minutes_spent_total"].to_number<int>(), 15);
  EXPECT_EQ(event_types(answered), (std::vector<std::string>{"created", "submitted", "accepted", "assigned",
                                                              "info_requested", "info_provided", "answered"}));
  EXPECT_EQ(message_kinds(answered),
            (std::vector<std::string>{"question", "request_info", "question", "advice"}));
}

TEST_F(Transitions, SecondRoundKeepsFirstAnswerAndAccumulatesMinutes) {
  auto id = create_id("gp_a", "x_derm");
  act("derm_x1", id, "accept", json::object{});
  auto first = act("derm_x1", id, "answer", answer_body("Eerste advies.", 12)).object();
  auto first_answer_at = str(first["first_answer_at"]);
  EXPECT_EQ(first_answer_at, kStart);

  clock_.advance(std::chrono::hours(2));
  auto question = act("gp_a", id, "messages", json::object{{"text", "En als het niet helpt?"}}).object();
  EXPECT_EQ(str(question["status"]), "accepted");
  EXPECT_EQ(str(question["assignee_id"]), person("derm_x1").id);
  // Once answered, a consult can no longer be cancelled, even while back in "accepted".
  act("gp_a", id, "cancel", json::object{{"reason", "toch niet"}}, 409);

  auto second = act("derm_x1", id, "answer", answer_body("Dan verwijzen.", 8)).object();
  EXPECT_EQ(str(second["status"]), "answered");
  EXPECT_EQ(str(second["first_answer_at"]), first_answer_at);
  EXPECT_EQ(str(second["answered_at"]), "2026-04-24T10:00:00.000Z");
  EXPECT_EQ(second["minutes_spent_total"].to_number<int>(), 20);
  EXPECT_EQ(str(second["answer"].at("advice")), "Dan verwijzen.");
  EXPECT_EQ(message_kinds(second), (std::vector<std::string>{"question", "advice", "follow_up_question", "advice"}));
}

TEST_F(Transitions, CloseThenFollowUpOnlyAfterNinetyDays) {
  auto id = str(answered("gp_a", "derm_x1", "x_derm")["id"]);
  clock_.advance(std::chrono::hours(1));
  auto closed = act("gp_a", id, "close", close_body()).object();
  EXPECT_EQ(str(closed["status"]), "closed");
  EXPECT_EQ(str(closed["closed_at"]), "2026-04-24T09:00:00.000Z");
  ASSERT_TRUE(closed["outcome"].is_object());
  EXPECT_EQ(str(closed["outcome"].at("result")), "treated_by_gp");
  EXPECT_EQ(closed["outcome"].at("usefulness").to_number<int>(), 4);
  EXPECT_EQ(closed["outcome"].at("learned"), json::value(true));
  EXPECT_EQ(str(closed["outcome"].at("note")), "Goed advies.");
  act("gp_a", id, "close", close_body(), 409);

  // "Not referred within 90 days" cannot be confirmed before the 90 days are over.
  clock_.advance(std::chrono::days(89));
  act("gp_a", id, "follow-up", json::object{{"referred_within_90d", false}}, 409);
  EXPECT_TRUE(box("gp_a", "follow_up").empty());

  clock_.advance(std::chrono::days(2));  // 91 days after the close
  EXPECT_EQ(box("gp_a", "follow_up"), std::vector<std::string>{id});
  auto done = act("gp_a", id, "follow-up", json::object{{"referred_within_90d", false}}).object();
  EXPECT_EQ(str(done["status"]), "closed");
  ASSERT_TRUE(done["follow_up"].is_object());
  EXPECT_EQ(done["follow_up"].at("referred_within_90d"), json::value(false));
  act("gp_a", id, "follow-up", json::object{{"referred_within_90d", false}}, 409);
  act("gp_a", id, "follow-up", json::object{{"referred_within_90d", true}}, 409);
  EXPECT_TRUE(box("gp_a", "follow_up").empty());

  auto types = event_types(fetch("gp_a", id));
  EXPECT_EQ(types, (std::vector<std::string>{"created", "submitted", "answered", "closed", "follow_up_recorded"}));
}

TEST_F(Transitions, FullLifecycleTimelineInOrderWithStatuses) {
  auto id = create_id("gp_a", "x_derm");
  act("derm_x1", id, "accept", json::object{});
  act("derm_x1", id, "request-info", json::object{{"text", "Hoe lang al?"}});
  act("gp_a", id, "messages", json::object{{"text", "Drie maanden."}});
  act("derm_x1", id, "answer", answer_body());
  act("gp_a", id, "messages", json::object{{"text", "Nog een vraag."}});
  act("derm_x1", id, "answer", answer_body("Tweede advies.", 5));
  act("gp_a", id, "close", close_body("referred"));
  auto c = fetch("gp_a", id);
  struct Step {
    const char *type, *from, *to;
  };
  std::vector<Step> expected = {{"created", nullptr, "draft"},
                                {"submitted", "draft", "submitted"},
                                {"accepted", "submitted", "accepted"},
                                {"info_requested", "accepted", "awaiting_gp"},
                                {"info_provided", "awaiting_gp", "accepted"},
                                {"answered", "accepted", "answered"},
                                {"follow_up_question", "answered", "accepted"},
                                {"answered", "accepted", "answered"},
                                {"closed", "answered", "closed"}};
  const auto& events = c["events"].as_array();
  ASSERT_EQ(events.size(), expected.size()) << json::serialize(events);
  for (size_t i = 0; i < expected.size(); ++i) {
    const auto& e = events[i].as_object();
    EXPECT_EQ(str(e.at("type")), expected[i].type) << i;
    if (expected[i].from) {
      EXPECT_EQ(str(e.at("from_status")), expected[i].from) << i;
    } else {
      EXPECT_TRUE(e.at("from_status").is_null()) << i;
    }
    EXPECT_EQ(str(e.at("to_status")), expected[i].to) << i;
  }
  EXPECT_EQ(str(events[2].at("actor_id")), person("derm_x1").id);
  EXPECT_EQ(str(events[8].at("actor_id")), person("gp_a").id);
  EXPECT_EQ(str(c["outcome"].at("result")), "referred");
}

}  // namespace
}  // namespace mk::apitest
