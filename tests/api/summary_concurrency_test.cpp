// The SOEP summary for the GP's record system, and requests that race each other.
#include <latch>
#include <set>
#include <thread>

#include "api/harness.hpp"

namespace mk::apitest {
namespace {

using Summary = ApiTest;
using Concurrency = ApiTest;

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    out.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

// Index of the first line starting with `prefix`, or -1.
int line_starting(const std::vector<std::string>& ls, const std::string& prefix) {
  for (size_t i = 0; i < ls.size(); ++i)
    if (ls[i].rfind(prefix, 0) == 0) return static_cast<int>(i);
  return -1;
}

TEST_F(Summary, SoepTextWithTheAdviceOnceAnswered) {
  auto id = create_id("gp_a", "x_derm");
  auto before = as("gp_a").get("/api/v1/consults/" + id + "/summary");
  ASSERT_EQ(before.status, 200) << before.describe();
  EXPECT_EQ(before.header("content-type").value_or("").rfind("text/plain", 0), 0u);
  auto ls = lines(before.body);
  int s = line_starting(ls, "S:"), o = line_starting(ls, "O:"), e = line_starting(ls, "E:"),
      p = line_starting(ls, "P:");
  ASSERT_TRUE(s >= 0 && o > s && e > o && p > e) << before.body;
  EXPECT_NE(before.body.find("Plaque op de onderarm"), std::string::npos) << before.body;  // the question
  EXPECT_NE(before.body.find("Geen koorts"), std::string::npos) << before.body;            // clinical context
  EXPECT_EQ(before.body.find("hydrocortison"), std::string::npos);

  const std::string advice = "Start hydrocortison 1% creme, controle na 2 weken.";
  act("derm_x1", id, "answer", answer_body(advice, 10));
  auto after = as("gp_a").get("/api/v1/consults/" + id + "/summary");
  ASSERT_EQ(after.status, 200);
  ls = lines(after.body);
  e = line_starting(ls, "E:");
  p = line_starting(ls, "P:");
  ASSERT_TRUE(e >= 0 && p > e) << after.body;
  auto at = after.body.find(advice);
  ASSERT_NE(at, std::string::npos) << after.body;
  EXPECT_EQ(after.body.find(advice, at + 1), std::string::npos) << "advice appears once";
  // The advice belongs to E (evaluation), between the E: and P: lines.
  std::string evaluation;
  for (int i = e; i < p; ++i) evaluation += ls[i] + "\n";
  EXPECT_NE(evaluation.find(advice), std::string::npos) << after.body;
  EXPECT_NE(after.body.find("Dermatoloog X1"), std::string::npos) << after.body;
  EXPECT_NE(after.body.find(str(fetch("gp_a", id)["reference"])), std::string::npos);

  act("gp_a", id, "close", close_body());
  auto closed = as("gp_a").get("/api/v1/consults/" + id + "/summary");
  ls = lines(closed.body);
  p = line_starting(ls, "P:");
  ASSERT_GE(p, 0);
  EXPECT_NE(closed.body.find("Goed advies."), std::string::npos) << closed.body;
  EXPECT_EQ(as("derm_x1").get("/api/v1/consults/" + id + "/summary").status, 200);
  EXPECT_EQ(as("gp_b").get("/api/v1/consults/" + id + "/summary").status, 404);
}

// Runs `fn(i)` on n threads that start together; returns the responses in thread order.
template <class F>
std::vector<Response> together(int n, F fn) {
  std::vector<Response> out(n);
  std::latch start(n);
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      out[i] = fn(i);
    });
  for (auto& t : threads) t.join();
  return out;
}

TEST_F(Concurrency, TwoClosesOfTheSameConsultOneWins) {
  for (int round = 0; round < 5; ++round) {
    auto id = str(answered("gp_a", "derm_x1", "x_derm")["id"]);
    auto closer = as("gp_a");
    auto results = together(2, [&](int i) {
      return closer.post_json("/api/v1/consults/" + id + "/close", close_body(i == 0 ? "treated_by_gp" : "referred"));
    });
    int ok = 0, conflict = 0;
    for (const auto& r : results) {
      ok += r.status == 200;
      conflict += r.status == 409;
    }
    EXPECT_EQ(ok, 1) << results[0].describe() << " / " << results[1].describe();
    EXPECT_EQ(conflict, 1) << results[0].describe() << " / " << results[1].describe();
    auto c = fetch("gp_a", id);
    int closes = 0;
    for (const auto& e : c["events"].as_array()) closes += str(e.at("type")) == "closed";
    EXPECT_EQ(closes, 1);
    auto& winner = results[0].status == 200 ? results[0] : results[1];
    EXPECT_EQ(c["outcome"].at("result"), winner.object()["outcome"].as_object().at("result"));
  }
}

TEST_F(Concurrency, SameIdempotencyKeyAtOnceCreatesOneConsult) {
  auto body = consult_body("x_derm");
  auto gp = as("gp_a");
  auto results = together(4, [&](int) {
    return gp.post_json("/api/v1/consults", body, {{"Idempotency-Key", "double-click"}});
  });
  std::set<std::string> ids;
  int replayed = 0;
  for (const auto& r : results) {
    EXPECT_EQ(r.status, 201) << r.describe();
    ids.insert(str(r.object()["id"]));
    replayed += r.header("idempotent-replayed").value_or("") == "true";
  }
  EXPECT_EQ(ids.size(), 1u);
  EXPECT_EQ(replayed, 3);
  EXPECT_EQ(practice_count(), 1);
}

TEST_F(Concurrency, ParallelCreatesGetDistinctReferences) {
  auto gp = as("gp_a");
  auto results = together(8, [&](int i) {
    return gp.post_json("/api/v1/consults", consult_body("x_derm", valid_bsn(i)));
  });
  std::set<std::string> references;
  for (const auto& r : results) {
    EXPECT_EQ(r.status, 201) << r.describe();
    references.insert(str(r.object()["reference"]));
  }
  EXPECT_EQ(references.size(), 8u);
  EXPECT_EQ(practice_count(), 8);
}

}  // namespace
}  // namespace mk::apitest
