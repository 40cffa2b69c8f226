// What a consult shows must stay true: the overdue flag (DESIGN §4) agrees between the
// detail and the lists, other consults do not change a consult's patient data, and the
// access log records on whose behalf an assistant acted (DESIGN §8).
#include <algorithm>

#include "api/harness.hpp"

namespace mk::apitest {
namespace {

class Integrity : public ApiTest {
 protected:
  // The overdue flag of one consult in a box listing.
  std::optional<bool> listed_overdue(const std::string& ref, const std::string& box, const std::string& id) {
    auto r = as(ref).get("/api/v1/consults?limit=200&box=" + box);
    EXPECT_EQ(r.status, 200) << r.describe();
    auto body = r.object();
    for (const auto& item : body["items"].as_array())
      if (str(item.at("id")) == id) return item.at("overdue").as_bool();
    ADD_FAILURE() << id << " not in " << ref << "'s " << box << " box";
    return std::nullopt;
  }
};

TEST_F(Integrity, OverdueAfterTheDueTimeUntilTheFirstAnswerButNotWhileAwaitingTheGp) {
  auto id = create_id("gp_a", "x_derm");  // due 2026-04-29T08:00:00.000Z
  EXPECT_EQ(fetch("gp_a", id)["overdue"], json::value(false));
  clock_.set(*parse_timestamp("2026-04-29T08:00:00.000Z"));
  EXPECT_EQ(fetch("gp_a", id)["overdue"], json::value(false)) << "due, not yet late";
  clock_.advance(std::chrono::minutes(1));
  EXPECT_EQ(fetch("gp_a", id)["overdue"], json::value(true));
  EXPECT_EQ(listed_overdue("gp_a", "practice", id), true);
  EXPECT_EQ(listed_overdue("derm_x1", "service", id), true);

  act("derm_x1", id, "request-info", json::object{{"text", "Foto?"}});
  EXPECT_EQ(fetch("gp_a", id)["overdue"], json::value(false)) << "waiting on the GP";
  EXPECT_EQ(listed_overdue("derm_x1", "service", id), false);
  act("gp_a", id, "messages", json::object{{"text", "Foto bijgevoegd."}});
  EXPECT_EQ(fetch("gp_a", id)["overdue"], json::value(true));
  act("derm_x1", id, "answer", answer_body());
  EXPECT_EQ(fetch("gp_a", id)["overdue"], json::value(false));
  EXPECT_EQ(listed_overdue("gp_a", "practice", id), false);
}

// After a first answer a consult is no longer overdue (domain::is_overdue), also in the second
// round. The detail says so; the lists must agree with it.
TEST_F(Integrity, SecondRoundConsultIsNotOverdueInListsEither) {
  auto id = str(answered("gp_a", "derm_x1", "x_derm")["id"]);
  act("gp_a", id, "messages", json::object{{"text", "Nog een vraag."}});  // back to accepted
  clock_.set(*parse_timestamp("2026-05-04T08:00:00.000Z"));               // past the due date
  auto detail = fetch("gp_a", id);
  ASSERT_EQ(str(detail["status"]), "accepted");
  EXPECT_EQ(detail["overdue"], json::value(false));
  EXPECT_EQ(listed_overdue("gp_a", "practice", id), false) << "list and detail disagree";
  EXPECT_EQ(listed_overdue("derm_x1", "service", id), false) << "list and detail disagree";
}

// A draft holds whatever patient fields are known so far (here only the BSN). Saving it must
// not blank the name, birth date and postcode that another consult of the same patient shows.
TEST_F(Integrity, DraftWithOnlyABsnDoesNotBlankThePatientOfOtherConsults) {
  auto id = create_id("gp_a", "x_derm", "111222333");
  auto draft = as("gp_a2").post_json("/api/v1/consults", json::object{{"draft", true},
                                                                      {"service_id", service("y_derm")},
                                                                      {"patient", json::object{{"bsn", "111222333"}}}});
  ASSERT_EQ(draft.status, 201) << draft.describe();
  for (auto ref : {"gp_a", "derm_x1"}) {
    auto patient = fetch(ref, id)["patient"].as_object();
    EXPECT_EQ(str(patient["name"]), "J. Jansen") << ref;
    EXPECT_EQ(str(patient["birth_date"]), "1968-05-14") << ref;
    EXPECT_EQ(str(patient["postcode"]), "3083AB") << ref;
  }
  auto summary = as("gp_a").get("/api/v1/consults/" + id + "/summary");
  EXPECT_NE(summary.body.find("J. Jansen"), std::string::npos) << summary.body;
}

// NEN 7513 (DESIGN §8): "which user (..., on whose behalf)". An assistant prepares a draft
// for a GP: the entry names the assistant as the user and the GP as on_behalf_of.
TEST_F(Integrity, AssistantDraftIsLoggedOnBehalfOfTheGp) {
  auto body = consult_body("x_derm");
  body["draft"] = true;
  body["requester_id"] = person("gp_a").id;
  auto r = as("asst_a").post_json("/api/v1/consults", body);
  ASSERT_EQ(r.status, 201) << r.describe();
  auto entries = audit("po_a", "consult_id=" + str(r.object()["id"]));
  auto it = std::find_if(entries.begin(), entries.end(),
                         [](const json::object& e) { return str(e.at("event")) == "consult.create"; });
  ASSERT_NE(it, entries.end());
  EXPECT_EQ(str(it->at("user_id")), person("asst_a").id);
  EXPECT_EQ(str(it->at("role")), "assistant");
  EXPECT_EQ(str(it->at("on_behalf_of")), person("gp_a").id);
}

}  // namespace
}  // namespace mk::apitest
