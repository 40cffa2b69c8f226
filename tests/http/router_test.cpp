// Request-target parsing, route matching and the problem+json format, without sockets.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <stdexcept>

#include "http/problem.hpp"
#include "http/router.hpp"

namespace mk::http {
namespace {

TEST(PercentDecode, DecodesEscapesAndOptionallyPlus) {
  EXPECT_EQ(percent_decode("a%20b%2Fc%c3%a9"), "a b/c\xC3\xA9");
  EXPECT_EQ(percent_decode("a+b"), "a+b");
  EXPECT_EQ(percent_decode("a+b", true), "a b");
  EXPECT_EQ(percent_decode("%2B", true), "+");
  EXPECT_EQ(percent_decode(""), "");
}

TEST(PercentDecode, RejectsMalformedEscapesAndNul) {
  for (auto bad : {"%", "%2", "abc%", "%zz", "%g0", "%00", "x%0"}) EXPECT_FALSE(percent_decode(bad)) << bad;
}

TEST(ParseQuery, KeepsOrderAndEmptyValues) {
  auto q = parse_query("b=2&a=1&&flag&e=&a=x+y%21");
  ASSERT_TRUE(q);
  StringPairs expected{{"b", "2"}, {"a", "1"}, {"flag", ""}, {"e", ""}, {"a", "x y!"}};
  EXPECT_EQ(*q, expected);
  EXPECT_FALSE(parse_query("a=%"));
}

TEST(ParseTarget, SplitsBeforeDecoding) {
  auto t = parse_target("/files/a%2Fb/x?q=1");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->path, "/files/a/b/x");
  EXPECT_EQ(t->segments, (std::vector<std::string>{"files", "a/b", "x"}));
  EXPECT_EQ(t->query, (StringPairs{{"q", "1"}}));
  EXPECT_EQ(parse_target("/")->segments, std::vector<std::string>{""});
  EXPECT_FALSE(parse_target("http://example.org/x"));
  EXPECT_FALSE(parse_target("*"));
  EXPECT_FALSE(parse_target("/a%zz"));
}

HttpResponse ok(HttpRequest&) { return {}; }

std::vector<std::string> segs(std::string_view target) { return parse_target(target)->segments; }

TEST(Router, MatchesParamsAndPrefersLiterals) {
  Router router({{"GET", "/consults/{id}", BodyKind::none, 0, ok},
                 {"GET", "/consults/export", BodyKind::none, 0, ok},
                 {"POST", "/consults/{id}/{action}", BodyKind::json, 0, ok},
                 {"POST", "/consults/{id}/attachments", BodyKind::upload, 0, ok}});
  auto m = router.match("GET", segs("/consults/abc"));
  ASSERT_TRUE(m.route);
  EXPECT_EQ(m.route->pattern, "/consults/{id}");
  EXPECT_EQ(m.params, (StringPairs{{"id", "abc"}}));

  EXPECT_EQ(router.match("GET", segs("/consults/export")).route->pattern, "/consults/export");
  m = router.match("POST", segs("/consults/7/attachments"));
  EXPECT_EQ(m.route->pattern, "/consults/{id}/attachments");
  m = router.match("POST", segs("/consults/7/submit"));
  EXPECT_EQ(m.route->pattern, "/consults/{id}/{action}");
  EXPECT_EQ(m.params, (StringPairs{{"id", "7"}, {"action", "submit"}}));
}

TEST(Router, ReportsAllowedMethodsOrNothing) {
  Router router({{"GET", "/a/{id}", BodyKind::none, 0, ok}, {"DELETE", "/a/{id}", BodyKind::none, 0, ok},
                 {"POST", "/a", BodyKind::json, 0, ok}});
  auto m = router.match("PUT", segs("/a/1"));
  EXPECT_FALSE(m.route);
  EXPECT_EQ(m.allow, "DELETE, GET");
  m = router.match("GET", segs("/b"));
  EXPECT_FALSE(m.route);
  EXPECT_EQ(m.allow, "");
  EXPECT_FALSE(router.match("GET", segs("/a/")).route);   // empty parameter
  EXPECT_FALSE(router.match("GET", segs("/a/1/")).route);  // trailing slash is another path
}

TEST(Router, RejectsBadTables) {
  auto make = [](std::vector<std::string> patterns) {
    std::vector<Route> routes;
    for (auto& p : patterns) routes.push_back({"GET", p, BodyKind::none, 0, ok});
    return Router(std::move(routes));
  };
  EXPECT_THROW(make({"no-slash"}), std::invalid_argument);
  EXPECT_THROW(make({"/a/{}"}), std::invalid_argument);
  EXPECT_THROW(make({"/a/x{id}"}), std::invalid_argument);
  EXPECT_THROW(make({"/a/{id}/{id}"}), std::invalid_argument);
  EXPECT_THROW(make({"/a/{id}", "/a/{other}"}), std::invalid_argument);
  EXPECT_NO_THROW(make({"/a/{id}", "/a/literal", "/{x}/b"}));
}

TEST(Problem, RendersTheApiErrorFormat) {
  Error e(Errc::validation, "The request has invalid fields", "question: required",
          {{"question", "required"}, {"patient.bsn", "fails the 11-check"}});
  auto body = boost::json::parse(problem_json(e, "req-1")).as_object();
  EXPECT_EQ(body.at("type"), "https://meekijk.nl/problems/validation");
  EXPECT_EQ(body.at("title"), "The request has invalid fields");
  EXPECT_EQ(body.at("status"), 422);
  EXPECT_EQ(body.at("detail"), "question: required");
  EXPECT_EQ(body.at("request_id"), "req-1");
  auto& errors = body.at("errors").as_array();
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[1].at("field"), "patient.bsn");
  EXPECT_EQ(errors[1].at("message"), "fails the 11-check");

  auto res = problem_response(Error(Errc::not_found, "Not found"), "r");
  EXPECT_EQ(res.status, 404);
  EXPECT_EQ(res.content_type, "application/problem+json");
  EXPECT_EQ(boost::json::parse(res.body).at("errors").as_array().size(), 0u);
}

}  // namespace
}  // namespace mk::http
