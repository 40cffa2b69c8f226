// Serving the embedded web app: content types, gzip negotiation, ETags and 304, cache policy,
// the CSP on HTML, and the route table (client paths answer index.html; /api is never shadowed).
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

#include "web/static_files.hpp"
#include "web/web.hpp"

namespace mk::web {
namespace {

std::optional<std::string> header(const HttpResponse& r, std::string_view name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return std::nullopt;
}

HttpRequest get(std::vector<std::pair<std::string, std::string>> headers = {}) {
  HttpRequest r;
  r.method = "GET";
  r.headers = std::move(headers);
  return r;
}

std::map<std::string, StaticFile, std::less<>> table() {
  std::string js(2000, 'a');
  return build_file_table({{"index.html", "<!doctype html><p>hi</p>"},
                           {"assets/index-abc123.js", js},
                           {"assets/index-abc123.js.gz", "tiny"},
                           {"assets/logo-1.svg", "<svg/>"},
                           {"assets/logo-1.svg.gz", "this gzip is larger than the svg"}});
}

TEST(WebStatic, ContentTypes) {
  EXPECT_EQ(content_type_for("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(content_type_for("assets/a-1.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("assets/a-1.css"), "text/css; charset=utf-8");
  EXPECT_EQ(content_type_for("assets/a.svg"), "image/svg+xml");
  EXPECT_EQ(content_type_for("assets/a.bin"), "application/octet-stream");
}

TEST(WebStatic, AcceptEncoding) {
  EXPECT_TRUE(accepts_gzip("gzip, deflate, br"));
  EXPECT_TRUE(accepts_gzip("br;q=1.0, GZIP;q=0.5"));
  EXPECT_TRUE(accepts_gzip("*"));
  EXPECT_FALSE(accepts_gzip(""));
  EXPECT_FALSE(accepts_gzip("identity"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0.000, *"));
  EXPECT_FALSE(accepts_gzip("br"));
}

TEST(WebStatic, EtagMatching) {
  EXPECT_TRUE(etag_matches("\"abc\"", "\"abc\""));
  EXPECT_TRUE(etag_matches("\"x\", W/\"abc\"", "\"abc\""));
  EXPECT_TRUE(etag_matches("*", "\"abc\""));
  EXPECT_FALSE(etag_matches("\"abcd\"", "\"abc\""));
}

TEST(WebStatic, TablePairsGzipVariantsOnlyWhenSmaller) {
  auto t = table();
  ASSERT_EQ(t.count("assets/index-abc123.js"), 1u);
  EXPECT_EQ(t.count("assets/index-abc123.js.gz"), 0u);
  EXPECT_EQ(t.at("assets/index-abc123.js").gzip, "tiny");
  EXPECT_TRUE(t.at("assets/index-abc123.js").immutable);
  EXPECT_TRUE(t.at("assets/logo-1.svg").gzip.empty());
  EXPECT_FALSE(t.at("index.html").immutable);
}

TEST(WebStatic, HashedAssetsAreImmutableAndGzipped) {
  auto t = table();
  auto& js = t.at("assets/index-abc123.js");
  auto plain = serve_file(js, get());
  EXPECT_EQ(plain.status, 200);
  EXPECT_EQ(plain.body.size(), 2000u);
  EXPECT_EQ(header(plain, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(header(plain, "Vary"), "Accept-Encoding");
  EXPECT_FALSE(header(plain, "Content-Encoding"));
  EXPECT_FALSE(header(plain, "Content-Security-Policy"));

  auto gz = serve_file(js, get({{"accept-encoding", "gzip, br"}}));
  EXPECT_EQ(gz.body, "tiny");
  EXPECT_EQ(header(gz, "Content-Encoding"), "gzip");
  EXPECT_NE(header(gz, "ETag"), header(plain, "ETag"));

  auto not_modified = serve_file(js, get({{"accept-encoding", "gzip"}, {"if-none-match", *header(gz, "ETag")}}));
  EXPECT_EQ(not_modified.status, 304);
  EXPECT_TRUE(not_modified.body.empty());
  // The identity tag does not validate the gzip representation.
  auto other = serve_file(js, get({{"accept-encoding", "gzip"}, {"if-none-match", *header(plain, "ETag")}}));
  EXPECT_EQ(other.status, 200);
}

TEST(WebStatic, IndexIsRevalidatedAndCarriesTheCsp) {
  auto t = table();
  auto res = serve_file(t.at("index.html"), get());
  EXPECT_EQ(res.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(header(res, "Cache-Control"), "no-cache");
  auto csp = header(res, "Content-Security-Policy");
  ASSERT_TRUE(csp);
  EXPECT_NE(csp->find("script-src 'self'"), std::string::npos);
  EXPECT_NE(csp->find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(csp->find("unsafe-inline"), std::string::npos);
}

TEST(WebRoutes, ClientPathsServeTheAppAndNeverShadowOtherSurfaces) {
  auto routes = web_routes();
  auto has = [&](std::string_view pattern) {
    return std::any_of(routes.begin(), routes.end(), [&](const Route& r) { return r.pattern == pattern; });
  };
  EXPECT_TRUE(has("/"));
  EXPECT_TRUE(has("/assets/{file}"));
  EXPECT_TRUE(has("/consults/{id}"));
  EXPECT_TRUE(has("/inbox"));
  for (const auto& r : routes) {
    EXPECT_EQ(r.method, "GET");
    EXPECT_EQ(r.body, BodyKind::none);
    for (std::string_view reserved : {"/api", "/fhir", "/healthz", "/readyz", "/metrics", "/{"})
      EXPECT_NE(r.pattern.rfind(reserved, 0), 0u) << r.pattern;
  }
  // The embedded build: index.html and at least one script.
  auto index = std::find_if(routes.begin(), routes.end(), [](const Route& r) { return r.pattern == "/inbox"; });
  HttpRequest req = get();
  auto res = index->handler(req);
  EXPECT_EQ(res.status, 200);
  EXPECT_NE(res.body.find("<script type=\"module\""), std::string::npos);
}


// Every page of the app (web/src/app.tsx: `path === '/x'` and matchPath('/x/:id', …)) must be
// served index.html by the binary, or a reload or bookmark of that page is a 404.
TEST(WebRoutes, EveryPageOfTheAppIsServed) {
  std::ifstream in(std::string(MEEKIJK_SOURCE_DIR) + "/web/src/app.tsx");
  ASSERT_TRUE(in) << "web/src/app.tsx";
  std::stringstream text;
  text << in.rdbuf();
  std::string app = text.str();
  auto routes = web_routes();
  auto served = [&](const std::string& pattern) {
    return std::any_of(routes.begin(), routes.end(), [&](const Route& r) { return r.pattern == pattern; });
  };
  std::regex exact(R"(path === '(/[^']*)')"), param(R"(matchPath\('([^']*)')");
  int pages = 0;
  for (std::sregex_iterator it(app.begin(), app.end(), exact), end; it != end; ++it, ++pages) {
    std::string p = (*it)[1];
    if (p == "/consults/new") p = "/consults/{id}";  // the same route pattern serves it
    EXPECT_TRUE(served(p)) << p << " is a page of the app but not served (src/web/web.cpp kClientPaths)";
  }
  for (std::sregex_iterator it(app.begin(), app.end(), param), end; it != end; ++it, ++pages) {
    std::string p = std::regex_replace(std::string((*it)[1]), std::regex(":([a-z_]+)"), "{$1}");
    EXPECT_TRUE(served(p)) << p << " is a page of the app but not served (src/web/web.cpp kClientPaths)";
  }
  EXPECT_GE(pages, 12);
}

}  // namespace
}  // namespace mk::web
