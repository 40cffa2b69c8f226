// Routing, errors, headers, request ids, keep-alive and built-in routes, over real sockets.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <unistd.h>

#include "core/error.hpp"
#include "http/test_client.hpp"

namespace mk::http::test {
namespace {

std::string join_query(const HttpRequest& req) {
  std::string out;
  for (const auto& [k, v] : req.query) out += k + "=" + v + ";";
  return out;
}

std::vector<Route> routes() {
  return {
      route("GET", "/items/{id}", [](HttpRequest& r) { return text("id=" + r.param("id")); }),
      route("GET", "/items/export", [](HttpRequest&) { return text("export"); }),
      route("GET", "/items/{id}/files/{name}", [](HttpRequest& r) { return text(r.param("id") + "|" + r.param("name")); }),
      route("POST", "/items", [](HttpRequest& r) { return text("got " + r.body); }, BodyKind::json, kJsonBodyLimit),
      route("GET", "/search", [](HttpRequest& r) { return text(join_query(r)); }),
      route("GET", "/whoami", [](HttpRequest& r) { return text(r.remote_ip + " " + r.request_id + " " + r.path); }),
      route("GET", "/boom/validation",
            [](HttpRequest&) -> HttpResponse {
              throw Error(Errc::validation, "The request has invalid fields", "name: required",
                          {{"name", "required"}, {"urgency", "unknown value"}});
            }),
      route("GET", "/boom/runtime", [](HttpRequest&) -> HttpResponse { throw std::runtime_error("db exploded"); }),
      route("GET", "/cached", [](HttpRequest&) { return text("c").header("Cache-Control", "max-age=60"); }),
      route("GET", "/empty", [](HttpRequest&) { return text("", 204); }),
  };
}

boost::json::object problem(const Response& res) {
  EXPECT_EQ(res[bhttp::field::content_type], "application/problem+json");
  return boost::json::parse(res.body()).as_object();
}

bool is_generated_id(std::string_view id) {
  return id.size() == 16 && id.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

TEST(HttpServer, RoutesWithParamsAndPercentDecoding) {
  TestServer s(routes());
  Client c(s.port);
  EXPECT_EQ(c.get("/items/a%20b%2Fc").body(), "id=a b/c");  // %2F stays inside the segment
  EXPECT_EQ(c.get("/items/42/files/x%2Ey").body(), "42|x.y");
  EXPECT_EQ(c.get("/items/export").body(), "export");  // a literal beats {id}
  EXPECT_EQ(c.get("/items/%41").body(), "id=A");
  auto res = c.get("/whoami/../whoami");
  EXPECT_EQ(res.result_int(), 404);
}

TEST(HttpServer, DecodesTheQueryString) {
  TestServer s(routes());
  Client c(s.port);
  auto res = c.get("/search?q=a+b%26c&empty=&flag&&x=%C3%A9");
  EXPECT_EQ(res.body(), "q=a b&c;empty=;flag=;x=\xC3\xA9;");
  EXPECT_EQ(c.get("/search?bad=%zz").result_int(), 400);
}

TEST(HttpServer, UnknownPathIs404Problem) {
  TestServer s(routes());
  Client c(s.port);
  auto res = c.get("/nope");
  EXPECT_EQ(res.result_int(), 404);
  auto body = problem(res);
  EXPECT_EQ(body["type"], "https://meekijk.nl/problems/not-found");
  EXPECT_EQ(body["status"], 404);
  EXPECT_EQ(body["request_id"], res["X-Request-Id"]);
}

TEST(HttpServer, WrongMethodIs405WithAllow) {
  TestServer s(routes());
  Client c(s.port);
  auto res = c.request(bhttp::verb::delete_, "/items/7");
  EXPECT_EQ(res.result_int(), 405);
  EXPECT_EQ(res[bhttp::field::allow], "GET");
  EXPECT_EQ(problem(res)["type"], "https://meekijk.nl/problems/method-not-allowed");
  EXPECT_EQ(c.get("/items").result_int(), 405);
  EXPECT_EQ(c.get("/items")[bhttp::field::allow], "POST");
  EXPECT_EQ(c.request(bhttp::verb::post, "/healthz").result_int(), 405);
}

TEST(HttpServer, EchoesValidRequestIdsAndGeneratesOthers) {
  TestServer s(routes());
  Client c(s.port);
  auto res = c.get("/whoami", {{"X-Request-Id", "nginx-1.2_abc"}});
  EXPECT_EQ(res["X-Request-Id"], "nginx-1.2_abc");
  EXPECT_EQ(res.body(), "127.0.0.1 nginx-1.2_abc /whoami");

  res = c.get("/whoami");
  EXPECT_TRUE(is_generated_id(res["X-Request-Id"])) << res["X-Request-Id"];
  EXPECT_NE(res.body().find(std::string(res["X-Request-Id"])), std::string::npos);

  res = c.get("/whoami", {{"X-Request-Id", "has space"}});
  EXPECT_TRUE(is_generated_id(res["X-Request-Id"]));
  res = c.get("/whoami", {{"X-Request-Id", std::string(65, 'a')}});
  EXPECT_TRUE(is_generated_id(res["X-Request-Id"]));
  EXPECT_NE(s.sink.contents().find("request_id=nginx-1.2_abc"), std::string::npos);
}

TEST(HttpServer, KeepAliveServesSeveralRequestsOnOneConnection) {
  TestServer s(routes());
  Client c(s.port);
  for (int i = 0; i < 5; ++i) {
    auto res = c.get("/items/" + std::to_string(i));
    EXPECT_EQ(res.body(), "id=" + std::to_string(i));
    EXPECT_TRUE(res.keep_alive());
  }
  // Pipelined: both requests in one write, answered in order.
  c.write_raw("GET /items/first HTTP/1.1\r\nHost: x\r\n\r\nGET /items/second HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(c.read().body(), "id=first");
  EXPECT_EQ(c.read().body(), "id=second");
  EXPECT_EQ(c.get("/items/third").body(), "id=third");
}

TEST(HttpServer, HonoursConnectionClose) {
  TestServer s(routes());
  Client c(s.port);
  auto res = c.get("/items/1", {{"Connection", "close"}});
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_FALSE(res.keep_alive());
  EXPECT_TRUE(c.closed_by_server());
}

TEST(HttpServer, ValidationErrorIs422Problem) {
  TestServer s(routes());
  Client c(s.port);
  auto res = c.get("/boom/validation", {{"X-Request-Id", "req-422"}});
  EXPECT_EQ(res.result_int(), 422);
  auto body = problem(res);
  EXPECT_EQ(body["type"], "https://meekijk.nl/problems/validation");
  EXPECT_EQ(body["title"], "The request has invalid fields");
  EXPECT_EQ(body["status"], 422);
  EXPECT_EQ(body["detail"], "name: required");
  EXPECT_EQ(body["request_id"], "req-422");
  auto& errors = body["errors"].as_array();
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].as_object().at("field"), "name");
  EXPECT_EQ(errors[0].as_object().at("message"), "required");
  EXPECT_EQ(errors[1].as_object().at("field"), "urgency");
}

TEST(HttpServer, OtherExceptionsAre500AndTheServerKeepsServing) {
  TestServer s(routes());
  Client c(s.port);
  auto res = c.get("/boom/runtime");
  EXPECT_EQ(res.result_int(), 500);
  EXPECT_EQ(problem(res)["type"], "https://meekijk.nl/problems/internal");
  EXPECT_EQ(res.body().find("db exploded"), std::string::npos);  // not leaked to the client
  EXPECT_NE(s.sink.contents().find("event=handler_exception"), std::string::npos);
  EXPECT_EQ(c.get("/items/1").body(), "id=1");
  Client other(s.port);
  EXPECT_EQ(other.get("/items/2").body(), "id=2");
}

TEST(HttpServer, SetsServerAndSecurityHeaders) {
  TestServer s(routes());
  Client c(s.port);
  auto res = c.get("/items/1");
  EXPECT_EQ(res[bhttp::field::server], "meekijk");
  EXPECT_EQ(res["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(res["Referrer-Policy"], "no-referrer");
  EXPECT_EQ(res[bhttp::field::cache_control], "no-store");
  EXPECT_EQ(res[bhttp::field::content_type], "text/plain");

  res = c.get("/cached");
  EXPECT_EQ(res[bhttp::field::cache_control], "max-age=60");
  EXPECT_EQ(res.count(bhttp::field::cache_control), 1u);
  EXPECT_EQ(c.get("/nope")[bhttp::field::cache_control], "no-store");  // errors too

  res = c.get("/empty");
  EXPECT_EQ(res.result_int(), 204);
  EXPECT_EQ(c.get("/items/after-204").body(), "id=after-204");
}

TEST(HttpServer, AccessLogNamesThePatternNeverThePathOrQuery) {
  TestServer s(routes());
  Client c(s.port);
  c.get("/items/PATIENT-X?bsn=123456782", {{"X-Request-Id", "log-test"}});
  // A request's line is written after its response, but before the next request on the
  // connection is read: once the second answer is here, the first line is in the log.
  c.get("/healthz");
  auto log = s.sink.contents();
  auto line_start = log.rfind("event=http_request ", log.find("request_id=log-test"));
  ASSERT_NE(line_start, std::string::npos) << log;
  auto line = log.substr(line_start, log.find('\n', line_start) - line_start);
  for (auto part : {"method=GET", "route=/items/{id}", "status=200", "duration_ms=", "bytes=", "request_id=log-test",
                    "remote_ip=127.0.0.1"})
    EXPECT_NE(line.find(part), std::string::npos) << part << " in " << line;
  EXPECT_EQ(log.find("PATIENT-X"), std::string::npos);
  EXPECT_EQ(log.find("123456782"), std::string::npos);
}

TEST(HttpServer, MalformedRequestIs400AndCloses) {
  TestServer s(routes());
  Client c(s.port);
  c.write_raw("THIS IS NOT HTTP\r\n\r\n");
  auto res = c.read();
  EXPECT_EQ(res.result_int(), 400);
  EXPECT_EQ(problem(res)["type"], "https://meekijk.nl/problems/bad-request");
  EXPECT_TRUE(c.closed_by_server());
  Client other(s.port);
  EXPECT_EQ(other.get("/items/1").result_int(), 200);
}

TEST(HttpServer, StreamsFileResponses) {
  auto path = std::filesystem::temp_directory_path() / ("mk-http-file-" + std::to_string(::getpid()));
  std::string content;
  for (int i = 0; i < 50000; ++i) content += char('a' + i % 26);
  std::ofstream(path, std::ios::binary) << content;
  std::vector<Route> table{route("GET", "/file", [&](HttpRequest&) {
    HttpResponse res;
    res.content_type = "application/octet-stream";
    res.file = path;
    return res;
  })};
  TestServer s(std::move(table));
  Client c(s.port);
  auto res = c.get("/file");
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res.body(), content);
  EXPECT_EQ(res[bhttp::field::content_type], "application/octet-stream");
  std::filesystem::remove(path);
  EXPECT_EQ(c.get("/file").result_int(), 500);  // gone: a logged 500, not a crash
}

TEST(HttpServer, UsesForwardedForOnlyWhenTrusted) {
  Headers forwarded{{"X-Forwarded-For", "203.0.113.9, 198.51.100.7"}};
  {
    TestServer s(routes());
    Client c(s.port);
    EXPECT_EQ(c.get("/whoami", forwarded).body().substr(0, 10), "127.0.0.1 ");
  }
  ServerOptions options;
  options.trust_forwarded_for = true;
  TestServer s(routes(), options);
  Client c(s.port);
  EXPECT_EQ(c.get("/whoami", forwarded).body().substr(0, 13), "198.51.100.7 ");
  EXPECT_EQ(c.get("/whoami", {{"X-Forwarded-For", "not-an-ip"}}).body().substr(0, 10), "127.0.0.1 ");
}

TEST(HttpServer, HealthReadinessAndMetrics) {
  std::atomic<bool> ready{true};
  Histogram commits;
  commits.observe(0.003);
  Probes probes{[&] { return ready.load(); }, {{"meekijk_db_commit_seconds", "Group commit latency.", &commits}}};
  TestServer s(routes(), {}, probes);
  Client c(s.port);
  auto res = c.get("/healthz");
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res.body(), "ok\n");
  EXPECT_EQ(c.get("/readyz").result_int(), 200);
  ready = false;
  EXPECT_EQ(c.get("/readyz").result_int(), 503);

  c.get("/items/1");
  c.get("/items/2");
  c.get("/nope/at/all");
  res = c.get("/metrics");
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res[bhttp::field::content_type], "text/plain; version=0.0.4; charset=utf-8");
  const std::string& m = res.body();
  for (auto line : {
           "meekijk_http_requests_total{route=\"/items/{id}\",method=\"GET\",status=\"200\"} 2\n",
           "meekijk_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1\n",
           "meekijk_http_requests_total{route=\"/readyz\",method=\"GET\",status=\"503\"} 1\n",
           "# TYPE meekijk_http_request_duration_seconds histogram\n",
           "meekijk_http_request_duration_seconds_bucket{route=\"/items/{id}\",method=\"GET\",le=\"+Inf\"} 2\n",
           "meekijk_http_request_duration_seconds_count{route=\"/items/{id}\",method=\"GET\"} 2\n",
           "meekijk_worker_queue_depth 0\n",
           "meekijk_http_connections 1\n",
           "# TYPE meekijk_db_commit_seconds histogram\n",
           "meekijk_db_commit_seconds_bucket{le=\"0.005\"} 1\n",
           "meekijk_db_commit_seconds_count 1\n",
       })
    EXPECT_NE(m.find(line), std::string::npos) << line << "\n---\n" << m;
  EXPECT_EQ(m.find("/nope/at/all"), std::string::npos);  // raw paths never become labels
}

}  // namespace
}  // namespace mk::http::test
