// E-mail notifications through a real SMTP server (tests/api/smtp_sink.py, Debian's
// python3-aiosmtpd): who gets which mail, that a mail holds the reference and a link and no
// patient data, the per-user settings, the overdue mail (once), and that mail never blocks
// or breaks the change it announces.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <thread>

#include "app/mail.hpp"
#include "harness.hpp"

extern char** environ;

namespace mk::apitest {
namespace {

struct Mail {
  std::string rcpt, raw;
  bool has(std::string_view s) const { return raw.find(s) != std::string::npos; }
};

// The sink process: started with its stdin and stdout on pipes; closing stdin ends it.
class SmtpSink {
 public:
  explicit SmtpSink(const std::filesystem::path& dir) : dir_(dir) {
    std::filesystem::create_directories(dir_);
    int in[2], out[2];
    if (pipe(in) != 0 || pipe(out) != 0) throw std::runtime_error("pipe");
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_addclose(&fa, in[1]);
    posix_spawn_file_actions_addclose(&fa, out[0]);
    std::string script = std::string(MEEKIJK_SOURCE_DIR) + "/tests/api/smtp_sink.py";
    std::string dir_arg = dir_.string();
    char* argv[] = {const_cast<char*>("/usr/bin/python3"), script.data(), dir_arg.data(), nullptr};
    int rc = posix_spawn(&pid_, "/usr/bin/python3", &fa, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(in[0]);
    close(out[1]);
    stdin_ = in[1];
    if (rc != 0) throw std::runtime_error("cannot start /usr/bin/python3 (python3-aiosmtpd)");
    std::string line;
    char c;
    while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
    close(out[0]);
    port_ = line.empty() ? 0 : std::stoi(line);
  }
  ~SmtpSink() {
    close(stdin_);
    int status = 0;
    for (int i = 0; i < 50 && waitpid(pid_, &status, WNOHANG) == 0; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (waitpid(pid_, &status, WNOHANG) == 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
    }
  }
  int port() const { return port_; }

  std::vector<Mail> mails() const {
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir_))
      if (e.path().extension() == ".eml") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::vector<Mail> out;
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      Mail m{"", std::string(std::istreambuf_iterator<char>(in), {})};
      auto a = m.raw.find("X-Test-Rcpt: ") + 13;
      m.rcpt = m.raw.substr(a, m.raw.find("\r\n", a) - a);
      out.push_back(std::move(m));
    }
    return out;
  }
  // Waits (real time: the relay polls every 500 ms) until at least n mails arrived.
  std::vector<Mail> wait_for(size_t n) const {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    auto got = mails();
    while (got.size() < n && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      got = mails();
    }
    return got;
  }

 private:
  std::filesystem::path dir_;
  pid_t pid_ = 0;
  int stdin_ = -1;
  int port_ = 0;
};

class Mails : public ApiTest {
 protected:
  void SetUp() override {
    sink_ = std::make_unique<SmtpSink>(std::filesystem::temp_directory_path() /
                                       ("mk-mail-" + std::to_string(::getpid()) + "-" + std::to_string(++runs_)));
    ASSERT_GT(sink_->port(), 0) << "the SMTP sink did not start (apt-get install python3-aiosmtpd)";
    ApiTest::SetUp();
  }
  void TearDown() override {
    ApiTest::TearDown();
    sink_.reset();
  }
  void configure(cli::RuntimeOptions& o) override {
    o.smtp.url = "smtp://127.0.0.1:" + std::to_string(sink_->port());
    o.smtp.from = "noreply@meekijk.test";
    o.public_url = "https://meekijk.test/";
  }
  std::vector<Mail> to(const std::vector<Mail>& all, const std::string& ref) {
    std::vector<Mail> out;
    for (const auto& m : all)
      if (m.rcpt == "<" + person(ref).email + ">" || m.rcpt == person(ref).email) out.push_back(m);
    return out;
  }
  Response patch_me(const std::string& ref, const json::value& body) {
    return as(ref).request("PATCH", "/api/v1/me", json::serialize(body), {{"Content-Type", "application/json"}});
  }
  std::unique_ptr<SmtpSink> sink_;
  static inline int runs_ = 0;
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

}  // namespace
}  // namespace mk::apitest
