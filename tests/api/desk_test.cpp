// Één loket through the API, on both backends (issue 8, part 2): inward and outward questions,
// the status flow, "me too" counted once per practice, merging duplicates, the refusal of
// BSN-like text, and who sees what.
#include "harness.hpp"

namespace mk::apitest {
namespace {

class DeskTest : public ApiTest {
 protected:
  json::object ask(const std::string& ref, const std::string& title, const std::string& text,
                   json::value area = "region", int expected = 201) {
    auto r = as(ref).post_json("/api/v1/desk/questions",
                               json::object{{"title", title}, {"text", text}, {"topic", "frail_elderly"}, {"area", area}});
    EXPECT_EQ(r.status, expected) << r.describe();
    return r.object();
  }
  Response status(const std::string& ref, const std::string& id, json::object body) {
    return as(ref).post_json("/api/v1/desk/questions/" + id + "/status", body);
  }
  std::vector<std::string> titles(const std::string& ref) {
    std::vector<std::string> out;
    auto r = as(ref).get("/api/v1/desk/questions");
    EXPECT_EQ(r.status, 200) << r.describe();
    auto body = r.object();  // kept: the loop must not run over a temporary's member
    for (const auto& q : body.at("items").as_array()) out.push_back(str(q.at("title")));
    return out;
  }
};

TEST_F(DeskTest, AThirdPartysQuestionIsRoutedAnsweredAndItsPublicAnswerReachesTheGps) {
  auto q = ask("wijkteam", "Valpreventie bij thuiswonende ouderen", "Wie is het aanspreekpunt per wijk?",
               json::array{"3083", "3084"});
  auto id = str(q.at("id"));
  EXPECT_EQ(str(q.at("direction")), "inward");
  EXPECT_EQ(str(q.at("status")), "received");
  EXPECT_EQ(str(q.at("reference")).rfind("LOKET-2026-", 0), 0u);
  EXPECT_EQ(q.at("area").as_array().size(), 2u);
  EXPECT_TRUE(titles("gp_a").empty());  // not yet: no public answer

  EXPECT_EQ(status("desk", id, {{"status", "routed"}}).status, 422);  // routed where?
  EXPECT_EQ(status("desk", id, {{"status", "answered"}}).status, 409);  // skips steps
  auto r = status("desk", id, {{"status", "routed"}, {"routed_to", org("cg_a")}});
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_EQ(str(r.object().at("routed_to_name")), "Zorggroep A");
  // The group it went to works it; another care group's manager is not involved.
  EXPECT_EQ(status("cgm_a", id, {{"status", "in_progress"}}).status, 200);
  EXPECT_EQ(status("cgm_a", id, {{"status", "answered"}}).status, 422);  // an answer is needed
  r = status("cgm_a", id, {{"status", "answered"}, {"answer", "Per wijk de praktijkondersteuner ouderenzorg."},
                           {"public_answer", "Aanspreekpunt valpreventie: de POH ouderenzorg van de praktijk."}});
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_EQ(status("cgm_a", id, {{"status", "closed"}}).status, 403);  // the desk closes

  // GPs now read the public answer, not the answer for the asker.
  auto seen = as("gp_b").get("/api/v1/desk/questions/" + id);
  ASSERT_EQ(seen.status, 200);
  EXPECT_EQ(str(seen.object().at("public_answer")), "Aanspreekpunt valpreventie: de POH ouderenzorg van de praktijk.");
  EXPECT_EQ(str(seen.object().at("answer")), "");
  EXPECT_EQ(str(as("wijkteam").get("/api/v1/desk/questions/" + id).object().at("answer")),
            "Per wijk de praktijkondersteuner ouderenzorg.");
  EXPECT_EQ(status("desk", id, {{"status", "closed"}}).status, 200);
  EXPECT_EQ(status("desk", id, {{"status", "routed"}}).status, 409);
}

TEST_F(DeskTest, PracticesJoinAGpsQuestionOnceAndDuplicatesMerge) {
  auto a = ask("gp_a", "Wachttijd schuldhulpverlening", "Patiënten wachten maanden op schuldhulp.");
  auto id = str(a.at("id"));
  EXPECT_EQ(str(a.at("direction")), "outward");
  EXPECT_EQ(a.at("supporters").as_int64(), 1);  // the asking practice
  auto r = as("gp_b").post_json("/api/v1/desk/questions/" + id + "/support", json::object{});
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_EQ(r.object().at("supporters").as_int64(), 2);
  EXPECT_TRUE(r.object().at("supported_by_my_practice").as_bool());
  // A colleague of the same practice, or the same GP again: still one per practice.
  EXPECT_EQ(as("gp_a2").post_json("/api/v1/desk/questions/" + id + "/support", json::object{}).object().at("supporters").as_int64(), 2);
  EXPECT_EQ(as("gp_b").post_json("/api/v1/desk/questions/" + id + "/support", json::object{}).object().at("supporters").as_int64(), 2);
  EXPECT_EQ(as("wijkteam").post_json("/api/v1/desk/questions/" + id + "/support", json::object{}).status, 403);

  // The same question again, from practice B: the desk merges it into the first.
  auto dup = ask("gp_b", "Schuldhulp duurt te lang", "Kan de gemeente de wachttijd verkorten?");
  auto dup_id = str(dup.at("id"));
  EXPECT_EQ(as("gp_a").post_json("/api/v1/desk/questions/" + dup_id + "/merge", json::object{{"into", id}}).status, 403);
  r = as("desk").post_json("/api/v1/desk/questions/" + dup_id + "/merge", json::object{{"into", id}});
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_EQ(r.object().at("supporters").as_int64(), 2);  // practice B counted once
  auto merged = as("desk").get("/api/v1/desk/questions/" + dup_id).object();
  EXPECT_EQ(str(merged.at("status")), "closed");
  EXPECT_EQ(str(merged.at("merged_into")), id);
  auto board = as("desk").get("/api/v1/desk/board");
  ASSERT_EQ(board.status, 200);
  EXPECT_EQ(board.object().at("most_shared").as_array().size(), 1u);
  EXPECT_EQ(board.object().at("counts").at("received").at("frail_elderly").as_int64(), 1);
  EXPECT_EQ(as("gp_a").get("/api/v1/desk/board").status, 403);
  // Merged duplicates leave the lists.
  EXPECT_EQ(titles("gp_b"), std::vector<std::string>{"Wachttijd schuldhulpverlening"});
}

TEST_F(DeskTest, PatientDataIsRefusedAndEachRoleSeesItsOwn) {
  auto r = as("gp_a").post_json("/api/v1/desk/questions",
                                json::object{{"title", "Mevrouw met BSN 111 222 333"}, {"text", "Zie boven."}, {"topic", "other"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.error_fields(), std::vector<std::string>{"title"});
  EXPECT_NE(r.body.find("BSN"), std::string::npos);
  r = as("wijkteam").post_json("/api/v1/desk/questions",
                               json::object{{"title", "Vraag"}, {"text", "Client 111.222.333 heeft hulp nodig"},
                                            {"topic", "social_domain"}, {"area", json::array{"308"}}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.error_fields().size(), 2u) << r.body;  // text and area
  EXPECT_EQ(as("wijkteam").post_json("/api/v1/desk/questions", json::object{{"title", "x"}, {"text", "y"}, {"topic", "weather"}}).status, 422);
  for (const char* who : {"derm_x1", "coord_x", "po_a", "admin", "asst_a"})
    EXPECT_EQ(as(who).post_json("/api/v1/desk/questions", json::object{{"title", "x"}, {"text", "y"}, {"topic", "other"}}).status,
              403) << who;

  ask("wijkteam", "Eenzaamheid in Noord", "Wat zien huisartsen?");
  ask("gp_a", "Wachttijd GGZ", "Ook bij jullie?");
  EXPECT_EQ(titles("wijkteam"), std::vector<std::string>{"Eenzaamheid in Noord"});  // its own
  EXPECT_EQ(titles("gp_b"), std::vector<std::string>{"Wachttijd GGZ"});             // GPs' questions
  EXPECT_EQ(titles("desk").size(), 2u);
  EXPECT_TRUE(titles("cgm_a").empty());
  EXPECT_EQ(as("derm_x1").get("/api/v1/desk/questions").status, 403);
  EXPECT_EQ(as("gp_a").get("/api/v1/desk/questions/nope").status, 404);
}

}  // namespace
}  // namespace mk::apitest
