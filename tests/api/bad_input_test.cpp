// Bad input is answered with the right status and the field named, nothing is created, and
// the server keeps serving.
#include "api/harness.hpp"

namespace mk::apitest {
namespace {

class BadInput : public ApiTest {
 protected:
  // Creates one valid consult so that "count unchanged" means something.
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;  // no backend here: SetUp said why
    existing_ = create_id("gp_a", "x_derm");
    version_ = fetch("gp_a", existing_)["version"].to_number<int>();
  }
  void expect_nothing_changed(const std::string& what) {
    EXPECT_TRUE(healthy()) << what;
    EXPECT_EQ(practice_count(), 1) << what << " created a consult";
    auto c = fetch("gp_a", existing_);
    EXPECT_EQ(str(c["status"]), "submitted") << what;
    EXPECT_EQ(c["version"].to_number<int>(), version_) << what;
  }
  std::string existing_;
  int version_ = 0;
};

json::object with(json::object o, const std::string& key, json::value v) {
  o[key] = std::move(v);
  return o;
}

json::object with_patient(json::object o, const std::string& key, json::value v) {
  o["patient"].as_object()[key] = std::move(v);
  return o;
}

TEST_F(BadInput, MalformedJsonIs400) {
  for (std::string body : {R"({"service_id": )", "{'a': 1}", "[1, 2, 3]", "\"text\"", "{\"a\":1}}", "nul"}) {
    auto r = as("gp_a").post_text("/api/v1/consults", body);
    EXPECT_EQ(r.status, 400) << body << ": " << r.describe();
    EXPECT_EQ(r.header("content-type").value_or(""), "application/problem+json");
    auto p = r.object();
    EXPECT_EQ(p["status"].to_number<int>(), 400);
    EXPECT_FALSE(str(p["title"]).empty());
    EXPECT_EQ(str(p["request_id"]), r.header("x-request-id").value_or("?"));
    expect_nothing_changed(body);
  }
  auto r = as("gp_a").post_text("/api/v1/consults/" + existing_ + "/answer", "{\"advice\": ");
  EXPECT_EQ(r.status, 400) << r.describe();
  expect_nothing_changed("malformed answer");
}

TEST_F(BadInput, InvalidConsultFieldsAre422NamingTheField) {
  auto ok = consult_body("x_derm", "123456782");
  json::object missing_informed = ok;
  missing_informed.erase("patient_informed");
  struct Case {
    std::string what, field;
    json::object body;
  };
  std::vector<Case> cases = {
      {"question is a number", "question", with(ok, "question", 5)},
      {"patient_informed is text", "patient_informed", with(ok, "patient_informed", "yes")},
      {"patient_informed is false", "patient_informed", with(ok, "patient_informed", false)},
      {"patient_informed missing", "patient_informed", missing_informed},
      {"unknown field", "colour", with(ok, "colour", "red")},
      {"unknown patient field", "patient.colour", with_patient(ok, "colour", "red")},
      {"unknown service", "service_id", with(ok, "service_id", "nosuchservice")},
      {"service_id is a number", "service_id", with(ok, "service_id", 12)},
      {"invalid BSN", "patient.bsn", with_patient(ok, "bsn", "123456789")},
      {"short BSN", "patient.bsn", with_patient(ok, "bsn", "12345678")},
      {"BSN as number", "patient.bsn", with_patient(ok, "bsn", 123456782)},
      {"patient is text", "patient", with(ok, "patient", "Jansen")},
      {"future birth date", "patient.birth_date", with_patient(ok, "birth_date", "2030-01-01")},
      {"impossible birth date", "patient.birth_date", with_patient(ok, "birth_date", "1970-02-30")},
      {"bad postcode", "patient.postcode", with_patient(ok, "postcode", "0123 AB")},
      {"bad sex", "patient.sex", with_patient(ok, "sex", "x")},
      {"bad urgency", "urgency", with(ok, "urgency", "asap")},
      {"bad intended_referral", "intended_referral", with(ok, "intended_referral", "maybe")},
      {"bad modality", "modality", with(ok, "modality", "phone")},
      {"modality not offered", "modality", with(with(ok, "service_id", json::string(service("y_derm"))), "modality", "on_site")},
      {"empty question", "question", with(ok, "question", "")},
      {"draft is text", "draft", with(ok, "draft", "yes")},
  };
  for (const auto& k : cases) {
    auto r = as("gp_a").post_json("/api/v1/consults", k.body);
    EXPECT_EQ(r.status, 422) << k.what << ": " << r.describe();
    EXPECT_TRUE(r.names_field(k.field)) << k.what << ": " << r.describe();
    expect_nothing_changed(k.what);
  }
  EXPECT_EQ(as("gp_a").post_json("/api/v1/consults", ok).status, 201);  // the base body is fine
}

// DESIGN §11.4 "validation collects all issues": a wrongly typed field and an invalid BSN in
// one request are both named, not one per round trip.
TEST_F(BadInput, TypeErrorsAndRuleErrorsAreReportedTogether) {
  auto body = consult_body("x_derm");
  body["question"] = 5;
  body["patient"].as_object()["bsn"] = "123456789";
  auto r = as("gp_a").post_json("/api/v1/consults", body);
  EXPECT_EQ(r.status, 422) << r.describe();
  EXPECT_TRUE(r.names_field("question")) << r.describe();
  EXPECT_TRUE(r.names_field("patient.bsn")) << r.describe();
  expect_nothing_changed("two problems");
}

TEST_F(BadInput, OversizedJsonIs413) {
  auto body = consult_body("x_derm");
  body["question"] = std::string((1u << 20) + 16, 'a');
  auto r = as("gp_a").post_json("/api/v1/consults", body);
  EXPECT_EQ(r.status, 413) << r.describe();
  expect_nothing_changed("oversized body");
  // A large but allowed body is a validation matter, not a transport one.
  body["question"] = std::string(900 * 1024, 'a');
  r = as("gp_a").post_json("/api/v1/consults", body);
  EXPECT_EQ(r.status, 422) << r.describe();
  EXPECT_TRUE(r.names_field("question")) << r.describe();
  expect_nothing_changed("long question");
}

TEST_F(BadInput, UnknownConsultIs404) {
  for (auto path : {"/api/v1/consults/nosuchconsult", "/api/v1/consults/nosuchconsult/summary",
                    "/api/v1/consults/nosuchconsult/attachments/x"}) {
    auto r = as("gp_a").get(path);
    EXPECT_EQ(r.status, 404) << path << ": " << r.describe();
    EXPECT_EQ(r.header("content-type").value_or(""), "application/problem+json");
  }
  EXPECT_EQ(act("gp_a", "nosuchconsult", "close", close_body(), 404).status, 404);
  EXPECT_EQ(act("derm_x1", "nosuchconsult", "answer", answer_body(), 404).status, 404);
  EXPECT_EQ(as("gp_a").get("/api/v1/nosuchresource").status, 404);
  EXPECT_EQ(as("gp_a").request("PUT", "/api/v1/consults/" + existing_, "{}").status, 405);
  expect_nothing_changed("unknown ids");
}

TEST_F(BadInput, TransitionBodiesMissingRequiredFieldsAre422) {
  auto answer = answer_body();
  auto close = close_body();
  struct Case {
    std::string who, action, field;
    json::object body;
  };
  json::object no_advice = answer;
  no_advice.erase("advice");
  json::object no_minutes = answer;
  no_minutes.erase("minutes_spent");
  json::object no_result = close;
  no_result.erase("result");
  std::vector<Case> cases = {
      {"derm_x1", "answer", "advice", no_advice},
      {"derm_x1", "answer", "advice", with(answer, "advice", "   ")},
      {"derm_x1", "answer", "minutes_spent", no_minutes},
      {"derm_x1", "answer", "minutes_spent", with(answer, "minutes_spent", -1)},
      {"derm_x1", "answer", "minutes_spent", with(answer, "minutes_spent", "ten")},
      {"derm_x1", "answer", "referral_advised", with(answer, "referral_advised", "no")},
      {"derm_x1", "answer", "extra", with(answer, "extra", 1)},
      {"derm_x1", "request-info", "text", {}},
      {"gp_a", "messages", "text", json::object{{"text", ""}}},
      {"derm_x1", "redirect", "service_id", json::object{{"reason", "x"}}},
      {"gp_a", "cancel", "reason", json::object{{"reason", 5}}},
      {"gp_a", "close", "result", no_result},
      {"gp_a", "close", "result", with(close, "result", "cured")},
      {"gp_a", "close", "usefulness", with(close, "usefulness", 6)},
      {"gp_a", "close", "learned", with(close, "learned", "yes")},
      {"gp_a", "follow-up", "referred_within_90d", {}},
      {"coord_x", "accept", "assignee_id", json::object{{"assignee_id", 7}}},
  };
  for (const auto& k : cases) {
    auto r = act(k.who, existing_, k.action, k.body, 422);
    EXPECT_TRUE(r.names_field(k.field)) << k.action << " " << k.field << ": " << r.describe();
    expect_nothing_changed(k.action + " without " + k.field);
  }
}

TEST_F(BadInput, BadListParametersAre422) {
  create_id("gp_a", "x_derm", "123456782");
  ASSERT_EQ(practice_count(), 2);
  struct Case {
    std::string query, field;
  };
  std::vector<Case> cases = {
      {"limit=abc", "limit"},     {"limit=0", "limit"},          {"limit=-5", "limit"},
      {"limit=100000", "limit"},  {"limit=99999999999", "limit"}, {"status=bogus", "status"},
      {"status=submitted,nope", "status"}, {"box=bogus", "box"},  {"cursor=!!!", "cursor"},
  };
  for (const auto& k : cases) {
    auto r = as("gp_a").get("/api/v1/consults?" + k.query);
    EXPECT_EQ(r.status, 422) << k.query << ": " << r.describe();
    EXPECT_TRUE(r.names_field(k.field)) << k.query << ": " << r.describe();
    EXPECT_TRUE(healthy());
  }
  EXPECT_EQ(practice_count(), 2);
}

// `limit=5x` is not a whole number; it must not be read as 5.
TEST_F(BadInput, ListLimitWithTrailingGarbageIs422) {
  for (auto q : {"limit=5x", "limit=10%20", "limit=1.5"}) {
    auto r = as("gp_a").get(std::string("/api/v1/consults?") + q);
    EXPECT_EQ(r.status, 422) << q << ": " << r.describe();
    EXPECT_TRUE(r.names_field("limit")) << q << ": " << r.describe();
  }
}

// A cursor that decodes but was not made by this list (another box's cursor, or any other
// text) is a bad `cursor` parameter like an undecodable one: 422 naming the field, not 400.
TEST_F(BadInput, ListCursorNotFromThisListIs422) {
  create_id("gp_a", "x_derm", "123456782");
  auto page = as("derm_x1").get("/api/v1/consults?box=service&limit=1");
  ASSERT_EQ(page.status, 200);
  auto service_cursor = str(page.object()["next_cursor"]);
  ASSERT_FALSE(service_cursor.empty());
  for (std::string q : {"box=practice&cursor=" + service_cursor, std::string("cursor=bm9wZQ")}) {
    auto r = as("gp_a").get("/api/v1/consults?" + q);
    EXPECT_EQ(r.status, 422) << q << ": " << r.describe();
    EXPECT_TRUE(r.names_field("cursor")) << q << ": " << r.describe();
  }
}

}  // namespace
}  // namespace mk::apitest
