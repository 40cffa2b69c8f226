// Intake forms per service (issue 5): the coordinator shapes the form (PATCH /services/{id}),
// the GP fills it in (POST/PATCH consults, "intake"), and the server enforces it at submit —
// required fields, photos and attachments; drafts may be incomplete; a redirect is not blocked.
#include <set>

#include "api/harness.hpp"
#include "app/importer.hpp"

namespace mk::apitest {
namespace {

json::object derm_form() {
  return {{"fields", json::array{json::object{{"key", "body_location"},
                                              {"label", "Lokalisatie"},
                                              {"label_en", "Body location"},
                                              {"type", "choice"},
                                              {"options", json::array{"Romp", "Arm of hand", "Been of voet"}},
                                              {"required", true}},
                                 json::object{{"key", "duration"},
                                              {"label", "Bestaat sinds"},
                                              {"label_en", "Present since"},
                                              {"type", "text"},
                                              {"required", false}}}},
          {"min_photos", 1},
          {"min_attachments", 0}};
}

std::string jpeg_min() {
  return std::string("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9", 22);
}
std::string pdf_min() {
  return "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
}

std::map<std::string, std::string> errors_of(const Response& r) {
  std::map<std::string, std::string> out;
  auto problem = r.object();
  if (auto* errors = problem.if_contains("errors"))
    for (const auto& e : errors->as_array()) out[str(e.at("field"))] = str(e.at("message"));
  return out;
}

class Intake : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    auto r = patch_service("coord_x", service("x_derm"), json::object{{"intake", derm_form()}});
    ASSERT_EQ(r.status, 200) << r.describe();
  }
  Response patch_service(const std::string& who, const std::string& id, const json::value& body) {
    return as(who).request("PATCH", "/api/v1/services/" + id, json::serialize(body),
                           {{"Content-Type", "application/json"}});
  }
  Response patch_consult(const std::string& who, const std::string& id, const json::value& body) {
    return as(who).request("PATCH", "/api/v1/consults/" + id, json::serialize(body),
                           {{"Content-Type", "application/json"}});
  }
  std::string draft(const json::object& intake = {}) {
    auto body = consult_body("x_derm");
    body["draft"] = true;
    if (!intake.empty()) body["intake"] = intake;
    auto r = as("gp_a").post_json("/api/v1/consults", body);
    EXPECT_EQ(r.status, 201) << r.describe();
    return str(r.object().at("id"));
  }
  // The service as GET /api/v1/services lists it.
  json::object service_json(const std::string& who, const std::string& ref) {
    auto r = as(who).get("/api/v1/services");
    EXPECT_EQ(r.status, 200) << r.describe();
    auto body = r.object();
    for (const auto& s : body.at("items").as_array())
      if (str(s.at("id")) == service(ref)) return s.as_object();
    ADD_FAILURE() << "service " << ref << " not listed";
    return {};
  }
  Response upload(const std::string& id, const std::string& bytes, const std::string& type) {
    return as("gp_a").post_raw("/api/v1/consults/" + id + "/attachments", bytes, type);
  }
};

TEST_F(Intake, TheServiceShowsItsForm) {
  auto intake = service_json("gp_a", "x_derm").at("intake").as_object();
  EXPECT_EQ(intake.at("min_photos").as_int64(), 1);
  ASSERT_EQ(intake.at("fields").as_array().size(), 2u);
  auto first = intake.at("fields").as_array()[0].as_object();
  EXPECT_EQ(str(first.at("key")), "body_location");
  EXPECT_EQ(str(first.at("label_en")), "Body location");
  EXPECT_EQ(str(first.at("type")), "choice");
  EXPECT_EQ(first.at("options").as_array().size(), 3u);
  EXPECT_TRUE(first.at("required").as_bool());
  // A service without a form shows an empty one.
  auto other = service_json("gp_a", "y_derm").at("intake").as_object();
  EXPECT_TRUE(other.at("fields").as_array().empty());
  EXPECT_EQ(other.at("min_photos").as_int64(), 0);
}

TEST_F(Intake, SubmitIsRefusedWithEveryMissingPieceNamed) {
  // Create-with-submit: nothing filled in, no photo.
  auto r = as("gp_a").post_json("/api/v1/consults", consult_body("x_derm"));
  ASSERT_EQ(r.status, 422) << r.describe();
  auto errors = errors_of(r);
  EXPECT_EQ(errors["intake.body_location"], "is required");
  EXPECT_EQ(errors["attachments"], "at least 1 photo is required");
  EXPECT_FALSE(errors.count("intake.duration")) << "optional";

  // A draft may be incomplete; its submit is refused until the photo and the location are there.
  auto id = draft();
  r = as("gp_a").post_json("/api/v1/consults/" + id + "/submit", json::object{});
  ASSERT_EQ(r.status, 422) << r.describe();
  EXPECT_EQ(errors_of(r).size(), 2u) << r.describe();

  // A PDF is an attachment but not a photo.
  ASSERT_EQ(upload(id, pdf_min(), "application/pdf").status, 201);
  r = as("gp_a").post_json("/api/v1/consults/" + id + "/submit",
                           json::object{{"intake", json::object{{"body_location", "Romp"}}}});
  ASSERT_EQ(r.status, 422) << r.describe();
  errors = errors_of(r);
  EXPECT_EQ(errors, (std::map<std::string, std::string>{{"attachments", "at least 1 photo is required"}}));

  // The refused submit changed nothing: the location is sent again with the photo there.
  ASSERT_EQ(upload(id, jpeg_min(), "image/jpeg").status, 201);
  r = as("gp_a").post_json("/api/v1/consults/" + id + "/submit",
                           json::object{{"intake", json::object{{"body_location", "Romp"}}}});
  ASSERT_EQ(r.status, 200) << r.describe();
  auto c = r.object();
  EXPECT_EQ(str(c.at("status")), "submitted");
  EXPECT_EQ(str(c.at("intake").at("body_location")), "Romp");
}

TEST_F(Intake, AMissingRequiredFieldAloneRefusesTheSubmit) {
  auto id = draft(json::object{{"duration", "3 maanden"}});
  ASSERT_EQ(upload(id, jpeg_min(), "image/jpeg").status, 201);
  auto r = as("gp_a").post_json("/api/v1/consults/" + id + "/submit", json::object{});
  ASSERT_EQ(r.status, 422) << r.describe();
  EXPECT_EQ(errors_of(r), (std::map<std::string, std::string>{{"intake.body_location", "is required"}}));
  // A blank value is not an answer.
  r = as("gp_a").post_json("/api/v1/consults/" + id + "/submit",
                           json::object{{"intake", json::object{{"body_location", "  "}, {"duration", "3 maanden"}}}});
  EXPECT_EQ(r.status, 422) << r.describe();
}

TEST_F(Intake, MinimumAttachmentsCountEveryKind) {
  auto form = derm_form();
  form["min_photos"] = 0;
  form["min_attachments"] = 2;
  ASSERT_EQ(patch_service("coord_x", service("x_derm"), json::object{{"intake", form}}).status, 200);
  auto id = draft(json::object{{"body_location", "Romp"}});
  ASSERT_EQ(upload(id, jpeg_min(), "image/jpeg").status, 201);
  auto r = as("gp_a").post_json("/api/v1/consults/" + id + "/submit", json::object{});
  ASSERT_EQ(r.status, 422) << r.describe();
  EXPECT_EQ(errors_of(r)["attachments"], "at least 2 attachments are required");
  ASSERT_EQ(upload(id, pdf_min(), "application/pdf").status, 201);
  EXPECT_EQ(as("gp_a").post_json("/api/v1/consults/" + id + "/submit", json::object{}).status, 200);
}

TEST_F(Intake, UnknownKeysAndWrongChoicesAreRefused) {
  auto body = consult_body("x_derm");
  body["draft"] = true;
  body["intake"] = json::object{{"colour", "red"}, {"body_location", "Knie"}};
  auto r = as("gp_a").post_json("/api/v1/consults", body);
  ASSERT_EQ(r.status, 422) << r.describe();
  auto errors = errors_of(r);
  EXPECT_EQ(errors["intake.colour"], "is not a field of this service's intake form");
  EXPECT_EQ(errors["intake.body_location"], "must be one of the field's options");

  auto id = draft();
  r = patch_consult("gp_a", id, json::object{{"intake", json::object{{"body_location", 3}}}});
  ASSERT_EQ(r.status, 422) << r.describe();
  EXPECT_EQ(errors_of(r)["intake.body_location"], "must be a string");
  r = patch_consult("gp_a", id, json::object{{"intake", json::object{{"duration", std::string(2001, 'x')}}}});
  ASSERT_EQ(r.status, 422) << r.describe();
  EXPECT_TRUE(errors_of(r).count("intake.duration"));

  r = patch_consult("gp_a", id, json::object{{"intake", json::object{{"body_location", "Been of voet"}}}});
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_EQ(str(r.object().at("intake").at("body_location")), "Been of voet");
}

TEST_F(Intake, ADraftMovedToAnotherServiceKeepsOnlyItsKeys) {
  auto id = draft(json::object{{"body_location", "Romp"}, {"duration", "een week"}});
  auto form = json::object{{"fields", json::array{json::object{{"key", "duration"},
                                                               {"label", "Duur"},
                                                               {"label_en", "Duration"},
                                                               {"type", "text"}}}}};
  ASSERT_EQ(patch_service("coord_y", service("y_derm"), json::object{{"intake", form}}).status, 200);
  auto r = patch_consult("gp_a", id, json::object{{"service_id", service("y_derm")}});
  ASSERT_EQ(r.status, 200) << r.describe();
  auto intake = r.object().at("intake").as_object();
  EXPECT_FALSE(intake.contains("body_location"));
  EXPECT_EQ(str(intake.at("duration")), "een week");
}

TEST_F(Intake, ARedirectToAServiceWithAnotherFormIsNotBlocked) {
  auto id = draft(json::object{{"body_location", "Romp"}});
  ASSERT_EQ(upload(id, jpeg_min(), "image/jpeg").status, 201);
  ASSERT_EQ(as("gp_a").post_json("/api/v1/consults/" + id + "/submit", json::object{}).status, 200);
  auto form = json::object{{"fields", json::array{json::object{{"key", "ecg"},
                                                               {"label", "ECG"},
                                                               {"label_en", "ECG"},
                                                               {"type", "text"},
                                                               {"required", true}}}},
                           {"min_attachments", 3}};
  ASSERT_EQ(patch_service("coord_y", service("y_derm"), json::object{{"intake", form}}).status, 200);
  auto r = act("derm_x1", id, "redirect", json::object{{"service_id", service("y_derm")}, {"reason", "Andere kliniek"}});
  EXPECT_EQ(str(r.object().at("status")), "submitted");
}

TEST_F(Intake, TheFormIsValidatedWithClearErrors) {
  json::array fields;
  fields.push_back(json::object{{"key", "Body Location"}, {"label", ""}, {"label_en", "x"}, {"type", "text"}});
  fields.push_back(json::object{{"key", "side"}, {"label", "Zijde"}, {"label_en", "Side"}, {"type", "choice"}});
  fields.push_back(json::object{{"key", "side"}, {"label", "Zijde"}, {"label_en", "Side"}, {"type", "number"}});
  fields.push_back(json::object{{"key", "note"}, {"label", "N"}, {"label_en", "N"}, {"type", "text"}, {"hint", "x"}});
  auto r = patch_service("coord_x", service("x_derm"),
                         json::object{{"intake", json::object{{"fields", fields}, {"min_photos", 11}}}});
  ASSERT_EQ(r.status, 422) << r.describe();
  std::set<std::string> names;
  for (const auto& [field, message] : errors_of(r)) names.insert(field);
  EXPECT_EQ(names, (std::set<std::string>{"intake.fields[0].key", "intake.fields[0].label", "intake.fields[1].options",
                                          "intake.fields[2].key", "intake.fields[2].type", "intake.fields[3].hint",
                                          "intake.min_photos"}));
  // Too many fields.
  json::array many;
  for (int i = 0; i < 21; ++i)
    many.push_back(json::object{{"key", "f" + std::to_string(i)}, {"label", "F"}, {"label_en", "F"}, {"type", "text"}});
  r = patch_service("coord_x", service("x_derm"), json::object{{"intake", json::object{{"fields", many}}}});
  ASSERT_EQ(r.status, 422) << r.describe();
  EXPECT_TRUE(errors_of(r).count("intake.fields"));
  // Nothing was half-written.
  EXPECT_EQ(service_json("coord_x", "x_derm").at("intake").at("fields").as_array().size(), 2u);
}

TEST_F(Intake, OnlyTheOwnCoordinatorOrTheRegionalAdminChangesTheForm) {
  auto body = json::object{{"intake", json::object{{"min_photos", 2}}}};
  for (const char* who : {"coord_y", "gp_a", "derm_x1"}) {
    auto r = patch_service(who, service("x_derm"), body);
    EXPECT_EQ(r.status, 403) << who << ": " << r.describe();
  }
  EXPECT_EQ(patch_service("coord_x", "no-such-service", body).status, 404);
  auto r = patch_service("admin", service("x_derm"), body);
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_EQ(r.object().at("intake").at("min_photos").as_int64(), 2);
  EXPECT_TRUE(r.object().at("intake").at("fields").as_array().empty()) << "the form is replaced as a whole";
}

TEST_F(Intake, FormAndValuesSurviveARestart) {
  auto id = draft(json::object{{"body_location", "Arm of hand"}, {"duration", "sinds de zomer"}});
  restart();
  auto c = fetch("gp_a", id);
  EXPECT_EQ(str(c.at("intake").at("body_location")), "Arm of hand");
  EXPECT_EQ(str(c.at("intake").at("duration")), "sinds de zomer");
  auto s = service_json("gp_a", "x_derm");
  EXPECT_EQ(s.at("intake").at("fields").as_array().size(), 2u);
  EXPECT_EQ(s.at("intake").at("min_photos").as_int64(), 1);
}

TEST_F(Intake, TheImportFileCarriesTheForm) {
  app::Importer importer(rt_->store(), rt_->ids(), app::PasswordCost::minimum());
  auto file = json::object{
      {"services", json::array{json::object{{"ref", "y_derm"},
                                            {"organization", "hosp_y"},
                                            {"specialty", "dermatology"},
                                            {"name", "Dermatologie Y"},
                                            {"intake", derm_form()}},
                               // No intake in the file: a re-import keeps the coordinator's form.
                               json::object{{"ref", "x_derm"},
                                            {"organization", "hosp_x"},
                                            {"specialty", "dermatology"},
                                            {"name", "Dermatologie X"},
                                            {"accepts", json::array{"cg_a"}}}}}};
  importer.import_json(json::serialize(file));
  auto y = service_json("gp_a", "y_derm");
  EXPECT_EQ(y.at("intake").at("fields").as_array().size(), 2u);
  EXPECT_EQ(y.at("intake").at("min_photos").as_int64(), 1);
  auto x = service_json("gp_a", "x_derm");
  EXPECT_EQ(x.at("intake").at("fields").as_array().size(), 2u);

  // A bad form in the file is named by its path.
  auto bad = derm_form();
  bad["min_photos"] = -1;
  file["services"].as_array()[0].as_object()["intake"] = bad;
  try {
    importer.import_json(json::serialize(file));
    ADD_FAILURE() << "accepted";
  } catch (const Error& e) {
    ASSERT_EQ(e.errors().size(), 1u);
    EXPECT_EQ(e.errors()[0].field, "services[0].intake.min_photos");
  }
}

}  // namespace
}  // namespace mk::apitest
