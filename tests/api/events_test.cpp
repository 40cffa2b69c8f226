// GET /api/v1/events (Server-Sent Events) over the real server: who hears of a consult change
// (exactly those who may see the consult), what an event carries (ids and codes, never patient
// data), authentication, and — on PostgreSQL — a change made through one instance reaching a
// browser connected to another. Negative checks are ordered, not timed: a later event that the
// subscriber does hear (a sentinel) proves the earlier one was not merely late.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

#include "api/harness.hpp"

namespace mk::apitest {
namespace {

using namespace std::chrono_literals;

// An EventSource over a plain socket: sends the request, then collects the (de-chunked) body.
class EventStream {
 public:
  EventStream(uint16_t port, const Headers& headers) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
      throw std::runtime_error("cannot connect to the test server");
    std::string request = "GET /api/v1/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n";
    for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
    request += "\r\n";
    for (size_t sent = 0; sent < request.size();) {
      ssize_t n = ::send(fd_, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) throw std::runtime_error("cannot send the request");
      sent += size_t(n);
    }
  }
  ~EventStream() { ::close(fd_); }
  EventStream(const EventStream&) = delete;
  EventStream& operator=(const EventStream&) = delete;

  // True once the body contains `needle`; false when the stream ended or `within` passed.
  bool wait_for(std::string_view needle, std::chrono::milliseconds within = 15s) {
    auto deadline = std::chrono::steady_clock::now() + within;
    while (body_.find(needle) == std::string::npos)
      if (!read_more(deadline)) return body_.find(needle) != std::string::npos;
    return true;
  }
  const std::string& head() {
    while (!head_done_ && read_more(std::chrono::steady_clock::now() + 15s)) {
    }
    return head_;
  }
  const std::string& body() const { return body_; }

  // The data of every `event: consult.changed` received so far, for one consult.
  std::vector<json::object> changes(const std::string& consult_id) const {
    std::vector<json::object> out;
    for (size_t at = 0, end; (end = body_.find("\n\n", at)) != std::string::npos; at = end + 2) {
      std::string frame = body_.substr(at, end - at);
      if (frame.find("event: consult.changed\n") == std::string::npos) continue;
      auto data = frame.find("data: ");
      if (data == std::string::npos) continue;
      auto value = json::parse(frame.substr(data + 6));
      if (value.as_object().at("consult_id") == consult_id.c_str()) out.push_back(value.as_object());
    }
    return out;
  }

 private:
  bool read_more(std::chrono::steady_clock::time_point deadline) {
    if (ended_) return false;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left <= 0ms) return false;
    pollfd pfd{fd_, POLLIN, 0};
    if (::poll(&pfd, 1, int(left.count())) <= 0) return false;
    char buf[8192];
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) {
      ended_ = true;
      return false;
    }
    raw_.append(buf, size_t(n));
    decode();
    return true;
  }
  void decode() {
    if (!head_done_) {
      auto end = raw_.find("\r\n\r\n");
      if (end == std::string::npos) return;
      head_ = raw_.substr(0, end + 4);
      raw_.erase(0, end + 4);
      head_done_ = true;
      chunked_ = head_.find("Transfer-Encoding: chunked") != std::string::npos;
    }
    if (!chunked_) {  // an error answer with a Content-Length
      body_ += raw_;
      raw_.clear();
      return;
    }
    for (;;) {
      auto line = raw_.find("\r\n");
      if (line == std::string::npos) return;
      size_t size = std::stoul(raw_.substr(0, line), nullptr, 16);
      if (raw_.size() < line + 2 + size + 2) return;
      body_ += raw_.substr(line + 2, size);
      raw_.erase(0, line + 2 + size + 2);
      if (size == 0) ended_ = true;
    }
  }

  int fd_ = -1;
  std::string raw_, head_, body_;
  bool head_done_ = false, chunked_ = false, ended_ = false;
};

class Events : public ApiTest {
 protected:
  std::unique_ptr<EventStream> subscribe(const std::string& ref, uint16_t port = 0) {
    auto s = std::make_unique<EventStream>(port ? port : port_, Headers{{"Authorization", bearer(ref)}});
    EXPECT_TRUE(s->wait_for("event: ready\n")) << ref << ": " << s->head() << s->body();
    return s;
  }
  // Whether the subscriber heard of consult `id` (by id: an event's JSON names it).
  static bool heard(const EventStream& s, const std::string& id) {
    return s.body().find("\"consult_id\":\"" + id + "\"") != std::string::npos;
  }
};

TEST_F(Events, TheGpHearsWhenTheConsultantAnswersItsPracticesConsult) {
  auto consult = create("gp_a", "x_derm", "111222333", "J. Jansen");
  std::string id = str(consult["id"]);
  auto gp = subscribe("gp_a");
  EXPECT_NE(gp->head().find("HTTP/1.1 200"), std::string::npos) << gp->head();
  EXPECT_NE(gp->head().find("Content-Type: text/event-stream"), std::string::npos) << gp->head();
  EXPECT_EQ(gp->body().rfind("retry: 3000\n\nevent: ready\n", 0), 0u) << gp->body();

  act("derm_x1", id, "accept", json::object{});
  act("derm_x1", id, "answer", answer_body("Start hydrocortison 1% crème."));
  ASSERT_TRUE(gp->wait_for("\"status\":\"answered\"")) << gp->body();

  // The creation committed before the subscription, but its event may still be on its way: it
  // can come first. Then the accept, then the answer, in commit order.
  auto changes = gp->changes(id);
  if (!changes.empty() && changes.front()["status"] == "submitted") changes.erase(changes.begin());
  ASSERT_EQ(changes.size(), 2u) << gp->body();
  EXPECT_EQ(changes[0]["status"], "accepted");
  const json::object& e = changes[1];
  EXPECT_EQ(e.size(), 8u) << json::serialize(e);  // exactly these fields:
  EXPECT_EQ(e.at("type"), "consult.changed");
  EXPECT_EQ(e.at("consult_id"), id.c_str());
  EXPECT_EQ(e.at("reference"), consult["reference"]);
  EXPECT_EQ(e.at("status"), "answered");
  EXPECT_EQ(e.at("practice_id"), org("prac_a").c_str());
  EXPECT_EQ(e.at("service_id"), service("x_derm").c_str());
  EXPECT_EQ(e.at("assignee_id"), person("derm_x1").id.c_str());
  EXPECT_TRUE(e.at("version").is_int64());
  EXPECT_GT(e.at("version").as_int64(), changes[0].at("version").as_int64());
  // No patient data, no clinical text: only ids and codes.
  for (const char* secret : {"J. Jansen", "Jansen", "111222333", "hydrocortison"})
    EXPECT_EQ(gp->body().find(secret), std::string::npos) << secret;
}

TEST_F(Events, OnlyThoseWhoMaySeeTheConsultHearOfIt) {
  std::string id = create_id("gp_a", "x_derm");
  std::map<std::string, std::unique_ptr<EventStream>> s;
  for (const char* ref : {"gp_a", "asst_a", "derm_x1", "derm_x2", "coord_x", "card_x", "derm_y", "coord_y", "gp_b"})
    s[ref] = subscribe(ref);

  act("derm_x1", id, "accept", json::object{});
  act("derm_x1", id, "answer", answer_body());
  for (const char* ref : {"gp_a", "asst_a", "derm_x1", "derm_x2", "coord_x"})
    EXPECT_TRUE(s[ref]->wait_for("\"status\":\"answered\"")) << ref << " did not hear of its consult";

  // Sentinels the others may see, committed after the answer: once they arrive, the answer's
  // event would have arrived before them.
  std::string other_hospital = create_id("gp_b", "y_derm");
  std::string cardio = str(create("gp_a", "x_cardio", valid_bsn(7))["id"]);
  for (const char* ref : {"derm_y", "coord_y", "gp_b"}) {
    EXPECT_TRUE(s[ref]->wait_for(other_hospital)) << ref;
    EXPECT_FALSE(heard(*s[ref], id)) << ref << " heard of a consult of another hospital:\n" << s[ref]->body();
  }
  EXPECT_TRUE(s["card_x"]->wait_for(cardio));
  EXPECT_FALSE(heard(*s["card_x"], id)) << "card_x heard of a consult of another service";
  EXPECT_TRUE(s["gp_a"]->wait_for(cardio));
  EXPECT_FALSE(heard(*s["gp_a"], other_hospital)) << "gp_a heard of another practice's consult";
}

TEST_F(Events, DraftsReachOnlyThePracticeAndARedirectReachesTheNewService) {
  auto gp = subscribe("gp_a");
  auto derm_x = subscribe("derm_x1");
  auto derm_y = subscribe("derm_y");
  auto draft = as("gp_a").post_json("/api/v1/consults", json::object{{"draft", true},
                                                                      {"service_id", service("x_derm")},
                                                                      {"patient", json::object{{"bsn", "123456782"}}}});
  ASSERT_EQ(draft.status, 201) << draft.describe();
  std::string id = str(draft.object()["id"]);
  ASSERT_TRUE(gp->wait_for(id));
  EXPECT_EQ(gp->changes(id).front()["status"], "draft");
  act("gp_a", id, "submit", consult_body("x_derm", "123456782"));
  ASSERT_TRUE(derm_x->wait_for(id));
  EXPECT_EQ(derm_x->changes(id).front()["status"], "submitted") << "the service heard of the draft";

  act("derm_x1", id, "redirect", json::object{{"service_id", service("y_derm")}, {"reason", "Beter bij Y"}});
  ASSERT_TRUE(derm_y->wait_for(id)) << "the new service did not hear of the redirected consult";
  EXPECT_EQ(derm_y->changes(id).front()["service_id"], service("y_derm").c_str());
  EXPECT_TRUE(gp->wait_for(service("y_derm")));
  std::string later = create_id("gp_a", "x_derm", valid_bsn(3));  // a sentinel for derm_x1
  ASSERT_TRUE(derm_x->wait_for(later));
  EXPECT_EQ(derm_x->changes(id).size(), 1u) << "the old service lost access, and hears no more of it";
}

TEST_F(Events, AttachmentsAreChangesToo) {
  std::string id = create_id("gp_a", "x_derm");
  auto consultant = subscribe("derm_x1");
  auto up = as("gp_a").upload_multipart("/api/v1/consults/" + id + "/attachments", "arm.png", "image/png", png_1x1());
  ASSERT_EQ(up.status, 201) << up.describe();
  auto version = fetch("gp_a", id).at("version").as_int64();  // the attachment's
  ASSERT_TRUE(consultant->wait_for("\"version\":" + std::to_string(version) + "}")) << consultant->body();
  EXPECT_EQ(consultant->changes(id).back()["status"], "submitted");
  EXPECT_EQ(consultant->body().find("arm.png"), std::string::npos);
}

TEST_F(Events, TheStreamNeedsALogin) {
  EventStream nobody(port_, {});
  ASSERT_TRUE(nobody.wait_for("\"status\":401")) << nobody.head() << nobody.body();
  EXPECT_NE(nobody.head().find("application/problem+json"), std::string::npos);
  EventStream forged(port_, {{"Authorization", "Bearer not-a-token"}});
  EXPECT_TRUE(forged.wait_for("\"status\":401"));
  // A browser's cookie session (a GET needs no CSRF token).
  Caller browser = login("gp_a");
  EventStream session(port_, {{"Cookie", browser.cookie}});
  EXPECT_TRUE(session.wait_for("event: ready\n")) << session.head() << session.body();
}

// Behind nginx: the browser is connected to instance B; the consultant's answer goes through
// instance A. Both serve the same PostgreSQL database; the event crosses by LISTEN/NOTIFY.
TEST_F(Events, AChangeOnOneInstanceReachesABrowserOnAnother) {
  if (!on_postgres()) GTEST_SKIP() << "one SQLite data directory is served by one instance";
  std::ostringstream b_log;
  cli::RuntimeOptions options;
  options.data_dir = root_ / "instance-b";
  options.db_url = db_url_;
  options.password_cost = app::PasswordCost::minimum();
  options.log_level = LogLevel::warn;
  auto b_runtime = std::make_unique<cli::Runtime>(options, clock_, b_log);
  http::ServerOptions so;
  so.host = "127.0.0.1";
  so.port = 0;
  so.worker_threads = 4;
  so.upload_dir = b_runtime->store().blobs().temp_dir();
  auto b_server = std::make_unique<http::Server>(so, b_runtime->routes({}), http::Probes{}, b_runtime->log());
  uint16_t b_port = b_server->start();

  std::string id = create_id("gp_a", "x_derm");
  auto gp_on_b = subscribe("gp_a", b_port);
  auto derm_y_on_b = subscribe("derm_y", b_port);
  act("derm_x1", id, "accept", json::object{});  // through instance A
  EXPECT_TRUE(gp_on_b->wait_for("\"status\":\"accepted\"")) << gp_on_b->body();
  std::string sentinel = create_id("gp_b", "y_derm");
  EXPECT_TRUE(derm_y_on_b->wait_for(sentinel));
  EXPECT_FALSE(heard(*derm_y_on_b, id));

  b_server->shutdown();
  b_server->wait();
  b_server.reset();
  b_runtime.reset();
}

}  // namespace
}  // namespace mk::apitest

namespace mk::apitest {
namespace {

int overdue_flags(const json::object& consult) {
  int n = 0;
  for (const auto& e : consult.at("events").as_array()) n += e.at("type") == "overdue";
  return n;
}

// Overdue escalation (issue 5): the watch flags a consult past its due time once per due time,
// and the service's coordinator hears of it live.
TEST_F(Events, ACoordinatorHearsWhenAConsultBecomesOverdueAndItIsFlaggedOncePerDueTime) {
  auto id = create_id("gp_a", "x_derm");  // due in two working days
  auto answered_in_time = create_id("gp_a", "x_derm", valid_bsn(7));
  act("derm_x1", answered_in_time, "answer", answer_body());
  auto coord = subscribe("coord_x");
  EXPECT_EQ(rt_->overdue().escalate(), 0);  // nothing due yet
  auto before = fetch("coord_x", id);
  EXPECT_FALSE(before.at("overdue").as_bool());

  clock_.advance(std::chrono::days(7));
  EXPECT_EQ(rt_->overdue().escalate(), 1);  // the answered one is not overdue
  auto flagged = fetch("coord_x", id);
  EXPECT_TRUE(flagged.at("overdue").as_bool());
  EXPECT_EQ(overdue_flags(flagged), 1);
  EXPECT_EQ(flagged.at("version").as_int64(), before.at("version").as_int64() + 1);
  const auto& e = flagged.at("events").as_array().back().as_object();
  EXPECT_EQ(e.at("type"), "overdue");
  EXPECT_EQ(e.at("subject"), before.at("due_at"));
  EXPECT_EQ(overdue_flags(fetch("coord_x", answered_in_time)), 0);
  // Heard live, with the flagged version.
  std::string version = "\"version\":" + std::to_string(flagged.at("version").as_int64());
  ASSERT_TRUE(coord->wait_for(version)) << coord->body();
  EXPECT_TRUE(heard(*coord, id));

  EXPECT_EQ(rt_->overdue().escalate(), 0);  // once
  EXPECT_EQ(overdue_flags(fetch("coord_x", id)), 1);

  // A redirect gives a new due time; past that one it is flagged again.
  act("derm_x1", id, "redirect", json::object{{"service_id", service("y_derm")}, {"reason", "Wachttijd"}});
  EXPECT_EQ(rt_->overdue().escalate(), 0);
  clock_.advance(std::chrono::days(7));
  EXPECT_EQ(rt_->overdue().escalate(), 1);
  EXPECT_EQ(overdue_flags(fetch("coord_y", id)), 2);
}

}  // namespace
}  // namespace mk::apitest
