// E-mail notifications through a real SMTP server (tests/api/smtp_sink.py, Debian's
// python3-aiosmtpd): who gets which mail, that a mail holds the reference and a link and no
// patient data, the per-user settings, the overdue mail (once), and that mail never blocks
// or breaks the change it announces.
#include <algorithm>
#include <chrono>
#include <thread>

#include "app/mail.hpp"
#include "harness.hpp"
#include "smtp_sink.hpp"

namespace mk::apitest {
namespace {

class Mails : public WithMail {
 protected:
  Response patch_me(const std::string& ref, const json::value& body) {
    return as(ref).request("PATCH", "/api/v1/me", json::serialize(body), {{"Content-Type", "application/json"}});
  }
};

TEST_F(Mails, EachStepMailsTheRightPeopleWithTheReferenceAndALinkOnly) {
  const std::string bsn = valid_bsn(7);
  auto c = create("gp_a", "x_derm", bsn, "Wilhelmina de Vries-Bakker");
  std::string id(c.at("id").as_string()), ref(c.at("reference").as_string());
  std::string question(c.at("question").as_string());
  // A new consult at a pool service: both dermatologists of the pool, nobody else.
  auto mails = sink_->wait_for(2);
  ASSERT_EQ(mails.size(), 2u);
  EXPECT_EQ(to(mails, "derm_x1").size(), 1u);
  EXPECT_EQ(to(mails, "derm_x2").size(), 1u);

  act("derm_x1", id, "request-info", json::object{{"text", "Graag een foto van de laesie op de linkerschouder."}});
  mails = sink_->wait_for(3);
  ASSERT_EQ(mails.size(), 3u);
  ASSERT_EQ(to(mails, "gp_a").size(), 1u);
  EXPECT_TRUE(to(mails, "gp_a")[0].has("Aanvullende informatie gevraagd " + ref));

  act("gp_a", id, "messages", json::object{{"text", "Foto volgt, patiënte heeft ook jeuk."}});
  act("derm_x1", id, "answer", answer_body("Waarschijnlijk eczeem; start hydrocortison 1% crème."));
  mails = sink_->wait_for(4);
  ASSERT_EQ(mails.size(), 4u);
  auto gp = to(mails, "gp_a");
  ASSERT_EQ(gp.size(), 2u);
  EXPECT_TRUE(gp[1].has("Subject: Antwoord op uw meekijkconsult " + ref));

  for (const auto& m : mails) {
    SCOPED_TRACE(m.raw);
    EXPECT_TRUE(m.has(ref));
    EXPECT_TRUE(m.has("https://meekijk.test/consults/" + id));
    EXPECT_TRUE(m.has("X-Test-From: noreply@meekijk.test"));
    EXPECT_TRUE(m.has("Content-Type: text/plain; charset=UTF-8"));
    // No patient data: not the BSN, the name, the question, the clinical texts or the advice.
    EXPECT_FALSE(m.has(bsn));
    EXPECT_FALSE(m.has("Vries"));
    EXPECT_FALSE(m.has("Wilhelmina"));
    EXPECT_FALSE(m.has(question.substr(0, 20)));
    EXPECT_FALSE(m.has("linkerschouder"));
    EXPECT_FALSE(m.has("jeuk"));
    EXPECT_FALSE(m.has("eczeem"));
    EXPECT_FALSE(m.has("hydrocortison"));
  }
  // Closing and the follow-up question mail nobody.
  act("gp_a", id, "close", close_body());
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_EQ(sink_->mails().size(), 4u);
}

TEST_F(Mails, ADirectServiceMailsTheChosenConsultantOnly) {
  auto c = create("gp_a", "x_cardio");
  auto mails = sink_->wait_for(1);
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  mails = sink_->mails();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(to(mails, "card_x").size(), 1u);
}

TEST_F(Mails, UsersChooseWhichMailsTheyGet) {
  auto me = as("derm_x2").get("/api/v1/me").object();
  EXPECT_EQ(json::serialize(me.at("mail")),
            R"({"new_consult":true,"answered":true,"info_requested":true,"overdue":true})");
  auto r = patch_me("derm_x2", json::object{{"mail", json::object{{"new_consult", false}}}});
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_FALSE(r.object().at("mail").at("new_consult").as_bool());
  EXPECT_TRUE(r.object().at("mail").at("answered").as_bool());
  EXPECT_FALSE(as("derm_x2").get("/api/v1/me").object().at("mail").at("new_consult").as_bool());

  create("gp_a", "x_derm");
  auto mails = sink_->wait_for(1);
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  mails = sink_->mails();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(to(mails, "derm_x1").size(), 1u);  // derm_x2 switched new consults off

  // Bad input: unknown kinds and non-booleans, each named; nothing changes.
  r = patch_me("derm_x2", json::object{{"mail", json::object{{"sms", true}, {"answered", "yes"}}}});
  EXPECT_EQ(r.status, 422) << r.describe();
  auto fields = r.error_fields();
  EXPECT_NE(std::find(fields.begin(), fields.end(), "mail.sms"), fields.end()) << r.describe();
  EXPECT_NE(std::find(fields.begin(), fields.end(), "mail.answered"), fields.end()) << r.describe();
  EXPECT_TRUE(as("derm_x2").get("/api/v1/me").object().at("mail").at("answered").as_bool());
  EXPECT_EQ(patch_me("derm_x2", json::object{{"name", "x"}}).status, 422);
}

TEST_F(Mails, AnOverdueConsultMailsTheCoordinatorOnce) {
  auto c = create("gp_a", "x_derm");
  std::string ref(c.at("reference").as_string());
  ASSERT_EQ(sink_->wait_for(2).size(), 2u);
  ASSERT_NE(rt_->mail_relay(), nullptr);
  EXPECT_EQ(rt_->mail_relay()->file_overdue(), 0);  // not due yet
  clock_.advance(std::chrono::days(7));             // past its two working days
  EXPECT_EQ(rt_->mail_relay()->file_overdue(), 1);  // coord_x of hosp_x
  EXPECT_EQ(rt_->mail_relay()->file_overdue(), 0);  // once
  auto mails = sink_->wait_for(3);
  ASSERT_EQ(mails.size(), 3u);
  auto coord = to(mails, "coord_x");
  ASSERT_EQ(coord.size(), 1u);
  EXPECT_TRUE(coord[0].has("Meekijkconsult over tijd " + ref));
}

TEST_F(Mails, AnUnreachableMailServerNeverBlocksOrBreaksTheChange) {
  sink_.reset();  // the SMTP server is gone
  auto t0 = std::chrono::steady_clock::now();
  auto c = create("gp_a", "x_derm");
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(2));
  EXPECT_EQ(fetch("gp_a", std::string(c.at("id").as_string())).at("status").as_string(), "submitted");
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));  // the relay tried and failed
  EXPECT_NE(log_.str().find("mail.send_failed"), std::string::npos) << log_.str();
  EXPECT_EQ(log_.str().find("Jansen"), std::string::npos);  // the log names ids, not patients
}

// Één loket: a desk question's new status is mailed, in the status change's transaction, to the
// asking organisation's desk users and the GPs of the supporting practices — with the reference
// and a link only.
TEST_F(Mails, ADeskQuestionsNewStatusIsMailedToTheAskersAndTheSupporters) {
  auto r = as("gp_a").post_json("/api/v1/desk/questions",
                                json::object{{"title", "Wachttijd schuldhulp"}, {"text", "Maanden wachten op schuldhulp."},
                                             {"topic", "social_domain"}});
  ASSERT_EQ(r.status, 201) << r.describe();
  std::string id = str(r.object().at("id")), ref = str(r.object().at("reference"));
  ASSERT_EQ(as("gp_b").post_json("/api/v1/desk/questions/" + id + "/support", json::object{}).status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  EXPECT_TRUE(sink_->mails().empty());  // asking and joining mail nobody

  r = as("desk").post_json("/api/v1/desk/questions/" + id + "/status",
                           json::object{{"status", "routed"}, {"routed_to", org("cg_a")}});
  ASSERT_EQ(r.status, 200) << r.describe();
  auto mails = sink_->wait_for(3);
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  mails = sink_->mails();
  ASSERT_EQ(mails.size(), 3u);  // the asking practice's two GPs and the supporting practice's GP
  for (const char* who : {"gp_a", "gp_a2", "gp_b"}) {
    auto got = to(mails, who);
    ASSERT_EQ(got.size(), 1u) << who;
    EXPECT_TRUE(got[0].has("Loketvraag bijgewerkt " + ref));
    EXPECT_TRUE(got[0].has("https://meekijk.test/desk/" + id));
    EXPECT_FALSE(got[0].has("schuldhulp"));
  }
  // A change without a new status (an answer text being drafted) mails nobody.
  ASSERT_EQ(as("desk").post_json("/api/v1/desk/questions/" + id + "/status", json::object{{"answer", "Concept"}}).status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  EXPECT_EQ(sink_->mails().size(), 3u);
}

}  // namespace
}  // namespace mk::apitest
