// Idempotency-Key on POSTs (DESIGN §10): a retried request is answered from the first one,
// a reused key with another body is refused, and keys belong to one user.
#include "api/harness.hpp"

namespace mk::apitest {
namespace {

using Idempotency = ApiTest;

Headers key(const std::string& k) { return {{"Idempotency-Key", k}}; }

int event_count(const json::object& c, std::string_view type) {
  int n = 0;
  for (const auto& e : c.at("events").as_array()) n += str(e.at("type")) == type;
  return n;
}

TEST_F(Idempotency, SameKeySameBodyReplaysTheCreate) {
  auto body = consult_body("x_derm");
  auto first = as("gp_a").post_json("/api/v1/consults", body, key("create-1"));
  ASSERT_EQ(first.status, 201) << first.describe();
  EXPECT_FALSE(first.has_header("idempotent-replayed"));
  auto id = str(first.object()["id"]);

  clock_.advance(std::chrono::minutes(3));
  auto second = as("gp_a").post_json("/api/v1/consults", body, key("create-1"));
  EXPECT_EQ(second.status, 201) << second.describe();
  EXPECT_EQ(second.header("idempotent-replayed").value_or(""), "true");
  EXPECT_EQ(str(second.object()["id"]), id);
  EXPECT_EQ(second.object()["reference"], first.object()["reference"]);
  EXPECT_EQ(second.object()["submitted_at"], first.object()["submitted_at"]);
  EXPECT_EQ(second.header("location").value_or(""), "/api/v1/consults/" + id);
  EXPECT_EQ(box("gp_a", "practice"), std::vector<std::string>{id});
  EXPECT_EQ(box("derm_x1", "service"), std::vector<std::string>{id});
}

TEST_F(Idempotency, SameKeyDifferentBodyIsRefused) {
  auto body = consult_body("x_derm");
  ASSERT_EQ(as("gp_a").post_json("/api/v1/consults", body, key("k-1")).status, 201);
  body["question"] = "Een andere vraag";
  auto r = as("gp_a").post_json("/api/v1/consults", body, key("k-1"));
  EXPECT_EQ(r.status, 422) << r.describe();
  EXPECT_EQ(r.header("content-type").value_or(""), "application/problem+json");
  EXPECT_FALSE(r.has_header("idempotent-replayed"));
  EXPECT_EQ(practice_count(), 1);
  // The same key on another route is another request, too.
  auto id = box("gp_a", "practice").at(0);
  auto other = as("gp_a").post_json("/api/v1/consults/" + id + "/cancel", json::object{{"reason", "x"}}, key("k-1"));
  EXPECT_EQ(other.status, 422) << other.describe();
  EXPECT_EQ(str(fetch("gp_a", id)["status"]), "submitted");
}

TEST_F(Idempotency, KeysArePerUser) {
  auto body = consult_body("x_derm");
  auto mine = as("gp_a").post_json("/api/v1/consults", body, key("shared-key"));
  ASSERT_EQ(mine.status, 201);
  auto theirs = as("gp_a2").post_json("/api/v1/consults", body, key("shared-key"));
  ASSERT_EQ(theirs.status, 201) << theirs.describe();
  EXPECT_FALSE(theirs.has_header("idempotent-replayed"));
  EXPECT_NE(str(theirs.object()["id"]), str(mine.object()["id"]));
  EXPECT_EQ(str(theirs.object()["requester_id"]), person("gp_a2").id);
  EXPECT_EQ(practice_count(), 2);
  // A colleague's key never replays someone else's transition.
  auto id = str(mine.object()["id"]);
  ASSERT_EQ(as("derm_x1").post_json("/api/v1/consults/" + id + "/accept", json::object{}, key("acc")).status, 200);
  auto colleague = as("derm_x2").post_json("/api/v1/consults/" + id + "/accept", json::object{}, key("acc"));
  EXPECT_EQ(colleague.status, 403) << colleague.describe();
}

TEST_F(Idempotency, TransitionReplaysWithoutSecondStateChange) {
  auto id = create_id("gp_a", "x_derm");
  auto path = "/api/v1/consults/" + id;
  auto accept1 = as("derm_x1").post_json(path + "/accept", json::object{}, key("accept-1"));
  ASSERT_EQ(accept1.status, 200) << accept1.describe();
  auto accept2 = as("derm_x1").post_json(path + "/accept", json::object{}, key("accept-1"));
  EXPECT_EQ(accept2.status, 200) << accept2.describe();  // without the key this would be 409
  EXPECT_EQ(accept2.header("idempotent-replayed").value_or(""), "true");
  EXPECT_EQ(accept2.object()["version"], accept1.object()["version"]);
  EXPECT_EQ(as("derm_x1").post_json(path + "/accept", json::object{}).status, 409);

  auto answer = answer_body("Advies", 12);
  auto a1 = as("derm_x1").post_json(path + "/answer", answer, key("answer-1"));
  ASSERT_EQ(a1.status, 200) << a1.describe();
  clock_.advance(std::chrono::minutes(10));
  auto a2 = as("derm_x1").post_json(path + "/answer", answer, key("answer-1"));
  EXPECT_EQ(a2.status, 200) << a2.describe();
  EXPECT_EQ(a2.header("idempotent-replayed").value_or(""), "true");

  auto close = close_body();
  auto c1 = as("gp_a").post_json(path + "/close", close, key("close-1"));
  ASSERT_EQ(c1.status, 200) << c1.describe();
  auto c2 = as("gp_a").post_json(path + "/close", close, key("close-1"));
  EXPECT_EQ(c2.status, 200) << c2.describe();
  EXPECT_EQ(c2.header("idempotent-replayed").value_or(""), "true");
  EXPECT_EQ(c2.object()["closed_at"], c1.object()["closed_at"]);

  auto c = fetch("gp_a", id);
  EXPECT_EQ(event_count(c, "accepted"), 1);
  EXPECT_EQ(event_count(c, "answered"), 1);
  EXPECT_EQ(event_count(c, "closed"), 1);
  EXPECT_EQ(c["minutes_spent_total"].to_number<int>(), 12);
  EXPECT_EQ(str(c["answered_at"]), kStart);
  EXPECT_EQ(c["messages"].as_array().size(), 2u);  // the question and one advice
}

TEST_F(Idempotency, MalformedKeyIsRefusedBeforeAnythingHappens) {
  auto r = as("gp_a").post_json("/api/v1/consults", consult_body("x_derm"), key(std::string(256, 'k')));
  EXPECT_EQ(r.status, 400) << r.describe();
  r = as("gp_a").post_json("/api/v1/consults", consult_body("x_derm"), key("has space"));
  EXPECT_EQ(r.status, 400) << r.describe();
  EXPECT_EQ(practice_count(), 0);
}

// A consultant's redirect succeeds but the response is lost; the client retries with the same
// key. The retry must be answered as a replay (it was this user's request, and the first
// answer was a 200), not with a 404 because the consultant no longer sees the consult.
TEST_F(Idempotency, RetriedRedirectReplaysForTheConsultantWhoLostAccess) {
  auto id = create_id("gp_a", "x_derm");
  json::object body{{"service_id", service("y_derm")}, {"reason", "Andere regio"}};
  auto path = "/api/v1/consults/" + id + "/redirect";
  auto first = as("derm_x1").post_json(path, body, key("redirect-1"));
  ASSERT_EQ(first.status, 200) << first.describe();
  auto retry = as("derm_x1").post_json(path, body, key("redirect-1"));
  EXPECT_EQ(retry.status, 200) << retry.describe();
  EXPECT_EQ(retry.header("idempotent-replayed").value_or(""), "true");
  auto c = fetch("gp_a", id);
  EXPECT_EQ(c["redirect_count"].to_number<int>(), 1);
  EXPECT_EQ(str(c["service_id"]), service("y_derm"));
}

}  // namespace
}  // namespace mk::apitest
