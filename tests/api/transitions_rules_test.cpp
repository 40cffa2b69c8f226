// Redirect, cancel, and the transitions the state machine refuses (409 naming the state).
#include "api/harness.hpp"

namespace mk::apitest {
namespace {

using TransitionRules = ApiTest;

TEST_F(TransitionRules, RedirectMovesConsultToNewServiceAndOldServiceLosesAccess) {
  auto id = create_id("gp_a", "x_derm");
  act("derm_x1", id, "accept", json::object{});
  clock_.advance(std::chrono::hours(2));  // Friday 12:00 local
  auto r = act("derm_x1", id, "redirect", json::object{{"service_id", service("y_derm")}, {"reason", "Andere regio"}});
  auto c = r.object();
  EXPECT_EQ(str(c["status"]), "submitted");
  EXPECT_EQ(str(c["service_id"]), service("y_derm"));
  EXPECT_TRUE(c["assignee_id"].is_null());
  EXPECT_EQ(c["redirect_count"].to_number<int>(), 1);
  // y_derm answers within 1 working day of the redirect (Tuesday: weekend and Koningsdag skipped).
  EXPECT_EQ(str(c["due_at"]), "2026-04-28T10:00:00.000Z");
  EXPECT_EQ(str(c["submitted_at"]), kStart);  // history kept
  const auto& events = c["events"].as_array();
  ASSERT_FALSE(events.empty());
  const auto& last = events.back().as_object();
  EXPECT_EQ(str(last.at("type")), "redirected");
  EXPECT_EQ(str(last.at("from_status")), "accepted");
  EXPECT_EQ(str(last.at("to_status")), "submitted");
  EXPECT_EQ(str(last.at("subject")), service("y_derm"));
  EXPECT_EQ(str(last.at("detail")), "Andere regio");
  EXPECT_EQ(events.size(), 4u);  // created, submitted, accepted, redirected

  // The old service's people lose access (404, not 403); the new service's gain it.
  for (auto ref : {"derm_x1", "derm_x2", "coord_x"}) {
    EXPECT_EQ(as(ref).get("/api/v1/consults/" + id).status, 404) << ref;
    EXPECT_EQ(as(ref).post_json("/api/v1/consults/" + id + "/answer", answer_body()).status, 404) << ref;
  }
  EXPECT_TRUE(box("derm_x1", "service").empty());
  EXPECT_TRUE(box("derm_x1", "assigned").empty());
  EXPECT_EQ(box("derm_y", "service"), std::vector<std::string>{id});
  EXPECT_EQ(fetch("coord_y", id)["redirect_count"].to_number<int>(), 1);
  auto answered = act("derm_y", id, "answer", answer_body()).object();
  EXPECT_EQ(str(answered["assignee_id"]), person("derm_y").id);
}

TEST_F(TransitionRules, RedirectValidatesTheTarget) {
  auto id = create_id("gp_b", "y_derm");
  // x_derm accepts only care group A; gp_b's practice is in care group B.
  auto r = act("coord_y", id, "redirect", json::object{{"service_id", service("x_derm")}, {"reason", "derm X"}}, 422);
  EXPECT_TRUE(r.names_field("service_id")) << r.describe();
  r = act("coord_y", id, "redirect", json::object{{"service_id", service("y_derm")}, {"reason", "zelfde"}}, 422);
  EXPECT_TRUE(r.names_field("service_id")) << r.describe();
  r = act("coord_y", id, "redirect", json::object{{"service_id", "nosuchservice"}, {"reason", "x"}}, 422);
  EXPECT_TRUE(r.names_field("service_id")) << r.describe();
  r = act("coord_y", id, "redirect", json::object{{"service_id", service("x_cardio")}}, 422);
  EXPECT_TRUE(r.names_field("reason")) << r.describe();
  // Only the service's people redirect; the GP sees the consult but may not.
  act("gp_b", id, "redirect", json::object{{"service_id", service("x_cardio")}, {"reason", "x"}}, 403);
  auto c = fetch("gp_b", id);
  EXPECT_EQ(str(c["service_id"]), service("y_derm"));
  EXPECT_EQ(c["redirect_count"].to_number<int>(), 0);
  // A coordinator may redirect to another hospital's service that accepts the practice.
  auto moved = act("coord_y", id, "redirect", json::object{{"service_id", service("x_cardio")}, {"reason", "hart"}});
  EXPECT_EQ(str(moved.object()["service_id"]), service("x_cardio"));
  EXPECT_EQ(as("card_x").get("/api/v1/consults/" + id).status, 200);
}

TEST_F(TransitionRules, CancelByGpWithReasonButNotAfterAnAnswer) {
  auto id = create_id("gp_a", "x_derm");
  act("derm_x1", id, "cancel", json::object{{"reason", "niet mijn consult"}}, 403);
  clock_.advance(std::chrono::minutes(5));
  auto c = act("gp_a", id, "cancel", json::object{{"reason", "Patient al verwezen"}}).object();
  EXPECT_EQ(str(c["status"]), "cancelled");
  EXPECT_EQ(str(c["cancelled_at"]), "2026-04-24T08:05:00.000Z");
  const auto& last = c["events"].as_array().back().as_object();
  EXPECT_EQ(str(last.at("type")), "cancelled");
  EXPECT_EQ(str(last.at("detail")), "Patient al verwezen");
  auto again = act("gp_a", id, "cancel", json::object{{"reason", "nogmaals"}}, 409);
  EXPECT_NE(str(again.object()["detail"]).find("cancelled"), std::string::npos) << again.describe();

  // Answered: the consultant's work is done; close, don't cancel.
  auto answered = str(ApiTest::answered("gp_a", "derm_x1", "x_derm")["id"]);
  auto refused = act("gp_a", answered, "cancel", json::object{{"reason", "te laat"}}, 409);
  EXPECT_NE(str(refused.object()["detail"]).find("answered"), std::string::npos) << refused.describe();
  EXPECT_EQ(str(fetch("gp_a", answered)["status"]), "answered");

  // A draft, an accepted and an awaiting_gp consult can be cancelled.
  auto draft = as("gp_a").post_json("/api/v1/consults", json::object{{"draft", true},
                                                                      {"service_id", service("x_derm")},
                                                                      {"patient", json::object{{"bsn", "123456782"}}}});
  ASSERT_EQ(draft.status, 201) << draft.describe();
  act("gp_a", str(draft.object()["id"]), "cancel", json::object{{"reason", "dubbel"}});
  auto waiting = create_id("gp_a", "x_derm");
  act("derm_x1", waiting, "request-info", json::object{{"text", "Foto?"}});
  act("gp_a", waiting, "cancel", json::object{{"reason", "opgelost"}});
}

// A consult in each state, and transitions its state does not allow.
TEST_F(TransitionRules, ForbiddenTransitionsAre409NamingTheState) {
  auto submitted = create_id("gp_a", "x_derm");
  auto answered = str(ApiTest::answered("gp_a", "derm_x1", "x_derm")["id"]);
  auto closed = str(ApiTest::answered("gp_a", "derm_x1", "x_derm")["id"]);
  act("gp_a", closed, "close", close_body());
  auto cancelled = create_id("gp_a", "x_derm");
  act("gp_a", cancelled, "cancel", json::object{{"reason", "weg"}});
  auto waiting = create_id("gp_a", "x_derm");
  act("derm_x1", waiting, "request-info", json::object{{"text", "Foto?"}});

  struct Case {
    std::string who, id, action, state;
    json::object body;
  };
  json::object redirect{{"service_id", service("y_derm")}, {"reason", "anders"}};
  json::object info{{"text", "Meer info?"}};
  json::object follow{{"referred_within_90d", true}};
  std::vector<Case> cases = {
      {"gp_a", submitted, "close", "submitted", close_body()},
      {"gp_a", submitted, "follow-up", "submitted", follow},
      {"gp_a", submitted, "submit", "submitted", {}},
      {"derm_x1", waiting, "answer", "awaiting_gp", answer_body()},
      {"derm_x1", waiting, "accept", "awaiting_gp", {}},
      {"derm_x1", waiting, "request-info", "awaiting_gp", info},
      {"gp_a", waiting, "close", "awaiting_gp", close_body()},
      {"derm_x1", answered, "request-info", "answered", info},
      {"derm_x1", answered, "redirect", "answered", redirect},
      {"derm_x1", answered, "accept", "answered", {}},
      {"gp_a", answered, "follow-up", "answered", follow},
      {"derm_x1", closed, "answer", "closed", answer_body()},
      {"derm_x1", closed, "redirect", "closed", redirect},
      {"gp_a", closed, "messages", "closed", info},
      {"gp_a", closed, "cancel", "closed", json::object{{"reason", "x"}}},
      {"gp_a", cancelled, "messages", "cancelled", info},
      {"gp_a", cancelled, "close", "cancelled", close_body()},
      {"gp_a", cancelled, "submit", "cancelled", {}},
  };
  for (const auto& k : cases) {
    auto before = fetch("gp_a", k.id);
    auto r = as(k.who).post_json("/api/v1/consults/" + k.id + "/" + k.action, k.body);
    EXPECT_EQ(r.status, 409) << k.who << " " << k.action << " on " << k.state << ": " << r.describe();
    EXPECT_EQ(r.header("content-type").value_or(""), "application/problem+json") << k.action;
    EXPECT_NE(str(r.object()["detail"]).find(k.state), std::string::npos)
        << k.action << " on " << k.state << ": " << r.describe();
    auto after = fetch("gp_a", k.id);
    EXPECT_EQ(after["version"], before["version"]) << k.action << " on " << k.state << " changed the consult";
    EXPECT_EQ(after["status"], before["status"]);
  }
}

}  // namespace
}  // namespace mk::apitest
