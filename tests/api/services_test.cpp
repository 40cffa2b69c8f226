// Coordinators shape their services (PATCH /services/{id}, PUT /services/{id}/consultants),
// and the overdue queue (box=service&overdue=true).
#include <set>

#include "api/harness.hpp"

namespace mk::apitest {
namespace {

using Services = ApiTest;

json::object service_json(const Caller& who, const std::string& id) {
  auto r = who.get("/api/v1/services");
  EXPECT_EQ(r.status, 200) << r.describe();
  auto body = r.object();  // the loop below must not iterate a destroyed temporary
  for (const auto& s : body.at("items").as_array())
    if (str(s.at("id")) == id) return s.as_object();
  ADD_FAILURE() << "service " << id << " not listed";
  return {};
}

Response patch(const Caller& who, const std::string& id, const json::value& body) {
  return who.request("PATCH", "/api/v1/services/" + id, json::serialize(body), {{"Content-Type", "application/json"}});
}

TEST_F(Services, CoordinatorChangesItsServiceAndNewConsultsFollowIt) {
  auto id = service("x_derm");
  auto r = patch(as("coord_x"), id,
                 json::object{{"response_days", 5}, {"name", "Dermatologie (teledermatologie)"},
                              {"accepts", json::array{json::string(org("cg_a")), json::string(org("cg_b"))}}});
  ASSERT_EQ(r.status, 200) << r.describe();
  auto s = r.object();
  EXPECT_EQ(s.at("response_days").as_int64(), 5);
  EXPECT_EQ(str(s.at("name")), "Dermatologie (teledermatologie)");
  EXPECT_EQ(s.at("accepts").as_array().size(), 2u);
  EXPECT_EQ(service_json(as("gp_b"), id).at("accepts_my_practice").as_bool(), true);

  // gp_b's care group was not accepted before; now it is, and the due date uses 5 days.
  auto c = create("gp_b", "x_derm", valid_bsn(7));
  // Friday 24 April 10:00 local + 5 working days, skipping the weekend and Koningsdag: 4 May.
  EXPECT_EQ(str(c.at("due_at")).substr(0, 10), "2026-05-04");
}

TEST_F(Services, OnlyTheOwnOrganisationsCoordinatorOrTheRegionalAdminMayChangeIt) {
  auto id = service("x_derm");
  for (const char* who : {"coord_y", "gp_a", "derm_x1", "po_x", "insurer"}) {
    auto r = patch(as(who), id, json::object{{"response_days", 4}});
    EXPECT_EQ(r.status, 403) << who << ": " << r.describe();
  }
  EXPECT_EQ(patch(as("admin"), id, json::object{{"response_days", 4}}).status, 200);
  EXPECT_EQ(service_json(as("coord_x"), id).at("response_days").as_int64(), 4);
  EXPECT_EQ(patch(as("coord_x"), "no-such-service", json::object{{"response_days", 4}}).status, 404);
}

TEST_F(Services, BadSettingsAreRefusedWithEveryFieldNamed) {
  auto id = service("x_derm");
  auto r = patch(as("coord_x"), id,
                 json::object{{"response_days", 99}, {"routing", "lottery"}, {"modalities", json::array{}},
                              {"accepts", json::array{"nope"}}, {"colour", "blue"}});
  ASSERT_EQ(r.status, 422) << r.describe();
  std::set<std::string> fields;
  auto problem = r.object();
  for (const auto& e : problem.at("errors").as_array()) fields.insert(str(e.at("field")));
  EXPECT_EQ(fields, (std::set<std::string>{"response_days", "routing", "modalities", "accepts", "colour"}));
  EXPECT_EQ(service_json(as("coord_x"), id).at("response_days").as_int64(), 2) << "nothing half-written";
}

TEST_F(Services, ThePoolDecidesWhoSeesTheQueue) {
  auto consult = create_id("gp_a", "x_derm");
  EXPECT_EQ(as("derm_x2").get("/api/v1/consults/" + consult).status, 200);
  auto r = as("coord_x").request("PUT", "/api/v1/services/" + service("x_derm") + "/consultants",
                                 json::serialize(json::object{{"user_ids", json::array{json::string(person("derm_x1").id)}}}),
                                 {{"Content-Type", "application/json"}});
  ASSERT_EQ(r.status, 200) << r.describe();
  ASSERT_EQ(r.object().at("consultants").as_array().size(), 1u);
  EXPECT_EQ(as("derm_x2").get("/api/v1/consults/" + consult).status, 404) << "left the pool";
  EXPECT_EQ(as("derm_x1").get("/api/v1/consults/" + consult).status, 200);

  // A consultant of another hospital cannot be put in the pool.
  auto bad = as("coord_x").request("PUT", "/api/v1/services/" + service("x_derm") + "/consultants",
                                   json::serialize(json::object{{"user_ids", json::array{json::string(person("derm_y").id)}}}),
                                   {{"Content-Type", "application/json"}});
  EXPECT_EQ(bad.status, 422) << bad.describe();
}

TEST_F(Services, OverdueQueueHoldsOnlyUnansweredConsultsPastTheirDueTime) {
  auto late = create_id("gp_a", "x_derm", valid_bsn(1));
  auto answered_id = create_id("gp_a", "x_derm", valid_bsn(2));
  act("derm_x1", answered_id, "answer", answer_body());
  EXPECT_TRUE(box("derm_x1", "service", "&overdue=true").empty());
  clock_.advance(std::chrono::days{7});
  auto overdue = box("derm_x1", "service", "&overdue=true");
  EXPECT_EQ(overdue, std::vector<std::string>{late});
  EXPECT_EQ(box("coord_x", "service", "&overdue=true"), std::vector<std::string>{late});
  EXPECT_EQ(as("coord_x").get("/api/v1/consults?box=service&overdue=maybe").status, 422);
}

}  // namespace
}  // namespace mk::apitest
