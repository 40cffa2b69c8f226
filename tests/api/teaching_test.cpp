// The teaching-case library through the API, on both backends (issue 8, part 3): published only
// when the asking practice's GP and the advising consultant both agree, without the patient's
// data, attachments only when both include them, withdrawn by either side, searched with the
// backend's full-text search, reads counted; who may do what.
#include "harness.hpp"

namespace mk::apitest {
namespace {

class Teaching : public ApiTest {
 protected:
  // A closed consult whose texts name the patient in every way a GP might.
  std::string closed_with_patient_data() {
    auto body = consult_body("x_derm", "111222333", "Jan de Vries");
    body["patient"].as_object()["birth_date"] = "1961-03-07";
    body["patient"].as_object()["postcode"] = "3083 AB";
    body["question"] =
        "Dhr. De Vries (BSN 111.222.333, geb. 07-03-1961, 3083AB) heeft sinds maart een schilferende plek op de "
        "rechter onderarm. Eczeem of psoriasis? Vries zelf denkt aan eczeem.";
    auto r = as("gp_a").post_json("/api/v1/consults", body);
    EXPECT_EQ(r.status, 201) << r.describe();
    auto id = str(r.object().at("id"));
    act("derm_x1", id, "answer",
        json::object{{"advice", "Beeld past bij nummulair eczeem. Jan kan starten met een klasse 3 corticosteroïd, "
                                "2 weken; controle bij de huisarts in 3083 AB. Patiënt 7 maart 1961."},
                     {"referral_advised", false},
                     {"minutes_spent", 10}});
    act("gp_a", id, "close", close_body());
    return id;
  }
  Response consent(const std::string& ref, const std::string& id, bool agree, json::array attachments = {}) {
    return as(ref).request("PUT", "/api/v1/consults/" + id + "/teaching-case",
                           json::serialize(json::object{{"agree", agree}, {"attachments", attachments}}),
                           {{"Content-Type", "application/json"}});
  }
  json::array search(const std::string& ref, const std::string& query) {
    auto r = as(ref).get("/api/v1/teaching-cases?" + query);
    EXPECT_EQ(r.status, 200) << r.describe();
    return r.object().at("items").as_array();
  }
};

TEST_F(Teaching, PublishedWhenBothAgreeWithoutThePatientsData) {
  auto id = closed_with_patient_data();
  auto r = consent("gp_a", id, true);
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_FALSE(r.object().at("published").as_bool());
  EXPECT_TRUE(search("gp_b", "q=eczeem").empty());  // one side is not enough

  r = consent("derm_x1", id, true);
  ASSERT_EQ(r.status, 200) << r.describe();
  ASSERT_TRUE(r.object().at("published").as_bool());
  auto case_id = str(r.object().at("case_id"));

  // Another practice's GP finds it by a word of the advice, with accents or without.
  auto found = search("gp_b", "q=nummulair%20eczeem&specialty=dermatology");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(str(found[0].at("id")), case_id);
  EXPECT_EQ(search("gp_b", "q=corticosteroid").size(), 1u);
  EXPECT_TRUE(search("gp_b", "q=eczeem&specialty=cardiology").empty());
  EXPECT_TRUE(search("gp_b", "q=melanoom").empty());

  auto c = as("gp_b").get("/api/v1/teaching-cases/" + case_id);
  ASSERT_EQ(c.status, 200) << c.describe();
  auto text = c.body;
  for (const char* leak : {"Vries", "vries", "Jan ", "111.222.333", "111222333", "07-03-1961", "1961", "3083",
                           "consult_id", id.c_str(), org("prac_a").c_str(), person("gp_a").id.c_str()})
    EXPECT_EQ(text.find(leak), std::string::npos) << leak << " in " << text;
  auto o = c.object();
  EXPECT_NE(str(o.at("question")).find("[naam]"), std::string::npos);
  EXPECT_NE(str(o.at("question")).find("[BSN]"), std::string::npos);
  EXPECT_NE(str(o.at("advice")).find("[postcode]"), std::string::npos);
  EXPECT_NE(str(o.at("advice")).find("nummulair eczeem"), std::string::npos);
  EXPECT_EQ(str(o.at("specialty")), "dermatology");
  EXPECT_EQ(o.at("reads").as_int64(), 1);
  EXPECT_EQ(as("derm_y").get("/api/v1/teaching-cases/" + case_id).object().at("reads").as_int64(), 2);

  // The knowledge indicator of the triple aim counts the case and its reads.
  auto report = as("admin").get("/api/v1/reports/triple-aim?from=2026-04-01&to=2026-04-30").object();
  EXPECT_EQ(report.at("knowledge").at("teaching_cases_published").as_int64(), 1);
  EXPECT_EQ(report.at("knowledge").at("teaching_case_reads").as_int64(), 2);

  // Withdrawn by either side: gone.
  ASSERT_EQ(consent("derm_x1", id, false).status, 200);
  EXPECT_TRUE(search("gp_b", "q=eczeem").empty());
  EXPECT_EQ(as("gp_b").get("/api/v1/teaching-cases/" + case_id).status, 404);
}

TEST_F(Teaching, AttachmentsOnlyWhenBothIncludeThem) {
  auto id = create_id("gp_a", "x_derm");
  auto up = as("gp_a").upload_multipart("/api/v1/consults/" + id + "/attachments", "Jansen-arm.png", "image/png", png_1x1());
  ASSERT_EQ(up.status, 201) << up.describe();
  auto photo = str(up.object().at("id"));
  act("derm_x1", id, "answer", answer_body());
  act("gp_a", id, "close", close_body());

  consent("gp_a", id, true, json::array{photo});
  auto r = consent("derm_x1", id, true);  // the consultant does not include it
  auto case_id = str(r.object().at("case_id"));
  auto c = as("gp_b").get("/api/v1/teaching-cases/" + case_id).object();
  EXPECT_TRUE(c.at("attachments").as_array().empty());
  EXPECT_EQ(as("gp_b").get("/api/v1/teaching-cases/" + case_id + "/attachments/" + photo).status, 404);

  r = consent("derm_x1", id, true, json::array{photo});
  case_id = str(r.object().at("case_id"));
  c = as("gp_b").get("/api/v1/teaching-cases/" + case_id).object();
  ASSERT_EQ(c.at("attachments").as_array().size(), 1u);
  const auto& a = c.at("attachments").as_array()[0].as_object();
  EXPECT_EQ(str(a.at("name")), "bijlage-1.png");  // never the uploaded file name
  auto bytes = as("gp_b").get(str(a.at("url")));
  ASSERT_EQ(bytes.status, 200);
  EXPECT_EQ(bytes.body, png_1x1());
  EXPECT_EQ(bytes.header("content-disposition").value_or("").find("Jansen"), std::string::npos);
}

TEST_F(Teaching, OnlyTheTwoSidesDecideAndOnlyAfterTheClose) {
  auto open = create_id("gp_a", "x_derm");
  act("derm_x1", open, "answer", answer_body());
  EXPECT_EQ(consent("gp_a", open, true).status, 409);  // answered, not closed
  act("gp_a", open, "close", close_body());
  EXPECT_EQ(consent("derm_x2", open, true).status, 403);  // did not give the advice
  EXPECT_EQ(consent("coord_x", open, true).status, 403);
  EXPECT_EQ(consent("gp_b", open, true).status, 404);     // cannot see the consult
  EXPECT_EQ(consent("asst_a", open, true).status, 403);
  EXPECT_EQ(consent("gp_a", open, true, json::array{"not-an-attachment"}).status, 422);
  EXPECT_EQ(as("gp_a").request("PUT", "/api/v1/consults/" + open + "/teaching-case", "{}",
                               {{"Content-Type", "application/json"}}).status, 422);
  // A colleague of the same practice speaks for the GP side.
  ASSERT_EQ(consent("gp_a2", open, true).status, 200);
  auto state = as("derm_x1").get("/api/v1/consults/" + open + "/teaching-case");
  ASSERT_EQ(state.status, 200);
  EXPECT_TRUE(state.object().at("gp").at("agree").as_bool());
  EXPECT_TRUE(state.object().at("consultant").is_null());

  for (const char* who : {"po_a", "insurer", "asst_a", "cgm_a"})
    EXPECT_EQ(as(who).get("/api/v1/teaching-cases?q=x").status, 403) << who;
  EXPECT_EQ(as("gp_a").get("/api/v1/teaching-cases?q=" + std::string(300, 'a')).status, 422);
  EXPECT_EQ(as("gp_a").get("/api/v1/teaching-cases?q=%22unbalanced%20AND%20OR%20(").status, 200);  // no query syntax
}

}  // namespace
}  // namespace mk::apitest
