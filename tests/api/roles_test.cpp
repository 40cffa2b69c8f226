// DESIGN §3: each role against a consult of its own and of a foreign organisation. Invisible
// consults answer 404 (never 403); visible-but-not-allowed actions answer 403.
#include <algorithm>

#include "api/harness.hpp"

namespace mk::apitest {
namespace {

using Roles = ApiTest;

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

TEST_F(Roles, ConsultVisibilityPerRoleOwnAndForeign) {
  auto a = create_id("gp_a", "x_derm");  // practice A → hospital X
  auto b = create_id("gp_b", "y_derm");  // practice B → hospital Y
  auto missing = as("gp_a").get("/api/v1/consults/doesnotexist0000000000000");
  ASSERT_EQ(missing.status, 404);

  struct Row {
    const char* ref;
    bool sees_a, sees_b;
  };
  const Row table[] = {
      {"gp_a", true, false},    {"gp_a2", true, false},    {"asst_a", true, false},  {"gp_b", false, true},
      {"derm_x1", true, false}, {"derm_x2", true, false},  {"card_x", false, false}, {"derm_y", false, true},
      {"int_y", false, false},  {"coord_x", true, false},  {"coord_y", false, true}, {"po_a", false, false},
      {"po_b", false, false},   {"po_x", false, false},    {"po_y", false, false},   {"cgm_a", false, false},
      {"admin", false, false},  {"insurer", false, false},
  };
  for (const auto& row : table) {
    for (auto [id, sees] : {std::pair{a, row.sees_a}, std::pair{b, row.sees_b}}) {
      auto r = as(row.ref).get("/api/v1/consults/" + id);
      EXPECT_EQ(r.status, sees ? 200 : 404) << row.ref << " GET " << (id == a ? "A" : "B") << ": " << r.describe();
      if (!sees) {  // indistinguishable from a consult that does not exist
        EXPECT_EQ(r.object()["title"], missing.object()["title"]) << row.ref;
        EXPECT_EQ(r.body.find("111222333"), std::string::npos) << row.ref;
      }
      auto summary = as(row.ref).get("/api/v1/consults/" + id + "/summary");
      EXPECT_EQ(summary.status, sees ? 200 : 404) << row.ref << " summary";
    }
  }
}

TEST_F(Roles, BoxesContainExactlyTheirConsults) {
  auto a = create_id("gp_a", "x_derm");
  auto a2 = str(create("gp_a2", "x_cardio")["id"]);  // direct: assigned to card_x
  auto draft = as("gp_a").post_json("/api/v1/consults", json::object{{"draft", true},
                                                                      {"service_id", service("x_derm")},
                                                                      {"patient", json::object{{"bsn", "123456782"}}}});
  ASSERT_EQ(draft.status, 201);
  auto d = str(draft.object()["id"]);
  auto b = create_id("gp_b", "y_derm");

  EXPECT_EQ(sorted(box("gp_a", "practice")), sorted({a, a2, d}));
  EXPECT_EQ(sorted(box("gp_a2", "practice")), sorted({a, a2, d}));
  EXPECT_EQ(sorted(box("asst_a", "practice")), sorted({a, a2, d}));
  EXPECT_EQ(box("gp_b", "practice"), std::vector<std::string>{b});
  // Drafts never reach a service; a consultant sees only its own services.
  EXPECT_EQ(box("derm_x1", "service"), std::vector<std::string>{a});
  EXPECT_EQ(box("card_x", "service"), std::vector<std::string>{a2});
  EXPECT_EQ(sorted(box("coord_x", "service")), sorted({a, a2}));
  EXPECT_EQ(box("derm_y", "service"), std::vector<std::string>{b});
  EXPECT_EQ(box("coord_y", "service"), std::vector<std::string>{b});
  EXPECT_TRUE(box("int_y", "service").empty());
  EXPECT_EQ(as("derm_x1").get("/api/v1/consults/" + d).status, 404);

  EXPECT_EQ(box("card_x", "assigned"), std::vector<std::string>{a2});
  EXPECT_TRUE(box("derm_x1", "assigned").empty());
  act("derm_x1", a, "accept", json::object{});
  EXPECT_EQ(box("derm_x1", "assigned"), std::vector<std::string>{a});
  EXPECT_TRUE(box("derm_x2", "assigned").empty());
  EXPECT_TRUE(box("gp_a", "follow_up").empty());

  // A role's default box, and boxes that are not the role's.
  auto def = as("gp_a").get("/api/v1/consults");
  ASSERT_EQ(def.status, 200);
  EXPECT_EQ(def.object()["items"].as_array().size(), 3u);
  EXPECT_EQ(as("gp_a").get("/api/v1/consults?box=service").status, 422);
  EXPECT_EQ(as("gp_a").get("/api/v1/consults?box=assigned").status, 422);
  EXPECT_EQ(as("derm_x1").get("/api/v1/consults?box=practice").status, 422);
  EXPECT_EQ(as("derm_x1").get("/api/v1/consults?box=follow_up").status, 422);
  for (auto ref : {"po_a", "po_x", "cgm_a", "admin", "insurer"}) {
    auto r = as(ref).get("/api/v1/consults");
    EXPECT_EQ(r.status, 403) << ref << ": " << r.describe();
    EXPECT_EQ(r.body.find("111222333"), std::string::npos) << ref;
  }
}

TEST_F(Roles, VisibleButNotAllowedActionsAre403) {
  auto id = str(answered("gp_a", "derm_x1", "x_derm")["id"]);
  struct Case {
    const char *who, *action;
    json::object body;
  };
  std::vector<Case> forbidden = {
      {"derm_x1", "close", close_body()},  {"coord_x", "close", close_body()},
      {"asst_a", "close", close_body()},   {"derm_x1", "follow-up", json::object{{"referred_within_90d", true}}},
      {"gp_a", "answer", answer_body()},   {"asst_a", "messages", json::object{{"text", "vraag"}}},
  };
  auto open = create_id("gp_a", "x_derm");
  act("derm_x1", open, "accept", json::object{});
  std::vector<Case> forbidden_open = {
      {"gp_a", "answer", answer_body()},
      {"gp_a", "accept", {}},
      {"gp_a", "request-info", json::object{{"text", "?"}}},
      {"derm_x2", "answer", answer_body()},  // assigned to a colleague
      {"derm_x2", "request-info", json::object{{"text", "?"}}},
      {"derm_x2", "accept", {}},
      {"coord_x", "answer", answer_body()},
      {"coord_x", "accept", {}},  // a coordinator assigns, it does not take consults itself
      {"derm_x1", "cancel", json::object{{"reason", "x"}}},
      {"coord_x", "cancel", json::object{{"reason", "x"}}},
      {"asst_a", "cancel", json::object{{"reason", "x"}}},
  };
  auto check = [&](const std::string& consult, const std::vector<Case>& cases) {
    for (const auto& k : cases) {
      auto before = fetch("gp_a", consult);
      auto r = as(k.who).post_json("/api/v1/consults/" + consult + "/" + k.action, k.body);
      EXPECT_EQ(r.status, 403) << k.who << " " << k.action << ": " << r.describe();
      EXPECT_EQ(fetch("gp_a", consult)["version"], before["version"]) << k.who << " " << k.action;
    }
  };
  check(id, forbidden);
  check(open, forbidden_open);
  // Roles that may not create consults at all.
  for (auto ref : {"derm_x1", "coord_x", "po_a", "cgm_a", "admin", "insurer"})
    EXPECT_EQ(as(ref).post_json("/api/v1/consults", consult_body("x_derm")).status, 403) << ref;
}

TEST_F(Roles, AssistantPreparesDraftAndGpSubmits) {
  auto body = consult_body("x_derm");
  auto r = as("asst_a").post_json("/api/v1/consults", body);
  EXPECT_EQ(r.status, 403) << "an assistant cannot submit: " << r.describe();

  body["draft"] = true;
  r = as("asst_a").post_json("/api/v1/consults", body);
  EXPECT_EQ(r.status, 422) << r.describe();
  EXPECT_TRUE(r.names_field("requester_id")) << r.describe();
  body["requester_id"] = person("gp_b").id;  // not a GP of the assistant's practice
  r = as("asst_a").post_json("/api/v1/consults", body);
  EXPECT_EQ(r.status, 422) << r.describe();
  EXPECT_TRUE(r.names_field("requester_id")) << r.describe();
  EXPECT_EQ(practice_count(), 0);

  body["requester_id"] = person("gp_a").id;
  r = as("asst_a").post_json("/api/v1/consults", body);
  ASSERT_EQ(r.status, 201) << r.describe();
  auto draft = r.object();
  auto id = str(draft["id"]);
  EXPECT_EQ(str(draft["status"]), "draft");
  EXPECT_EQ(str(draft["requester_id"]), person("gp_a").id);
  EXPECT_EQ(str(draft["created_by"]), person("asst_a").id);

  act("asst_a", id, "submit", json::object{}, 403);
  EXPECT_EQ(as("derm_x1").get("/api/v1/consults/" + id).status, 404);
  auto submitted = act("gp_a", id, "submit", json::object{}).object();
  EXPECT_EQ(str(submitted["status"]), "submitted");
  EXPECT_EQ(str(submitted["requester_id"]), person("gp_a").id);
  EXPECT_EQ(str(submitted["due_at"]), "2026-04-29T08:00:00.000Z");
  EXPECT_EQ(as("derm_x1").get("/api/v1/consults/" + id).status, 200);
}

TEST_F(Roles, ServiceThatDoesNotAcceptTheCareGroupRefusesOnCreate) {
  auto r = as("gp_b").post_json("/api/v1/consults", consult_body("x_derm"));
  EXPECT_EQ(r.status, 422) << r.describe();
  EXPECT_TRUE(r.names_field("service_id")) << r.describe();
  EXPECT_EQ(practice_count("gp_b"), 0);
  EXPECT_TRUE(box("derm_x1", "service").empty());
  // The same practice may use a service that accepts everyone.
  EXPECT_EQ(as("gp_b").post_json("/api/v1/consults", consult_body("y_derm")).status, 201);
  // Direct routing needs a consultant of that service.
  auto direct = consult_body("x_cardio");
  direct["consultant_id"] = person("derm_x1").id;
  r = as("gp_a").post_json("/api/v1/consults", direct);
  EXPECT_EQ(r.status, 422) << r.describe();
  EXPECT_TRUE(r.names_field("consultant_id")) << r.describe();
  direct.erase("consultant_id");
  r = as("gp_a").post_json("/api/v1/consults", direct);
  EXPECT_EQ(r.status, 422) << r.describe();
  EXPECT_TRUE(r.names_field("consultant_id")) << r.describe();
  EXPECT_EQ(practice_count("gp_a"), 0);
}

}  // namespace
}  // namespace mk::apitest
