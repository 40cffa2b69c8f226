// Request bodies: JSON limits, uploads streamed to temp files, bodies on body-less routes,
// chunked encoding and Expect: 100-continue.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <unistd.h>

#include "http/test_client.hpp"

namespace mk::http::test {
namespace {

namespace fs = std::filesystem;

std::string blob(size_t n) {
  std::string out(n, '\0');
  for (size_t i = 0; i < n; ++i) out[i] = static_cast<char>((i * 7 + i / 251) % 256);
  return out;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A fresh upload directory per test, removed afterwards.
struct UploadDir {
  UploadDir() {
    std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    path = fs::temp_directory_path() / ("mk-http-uploads-" + std::to_string(::getpid()) + "-" + test);
  }
  ~UploadDir() { fs::remove_all(path); }
  bool empty() const { return fs::is_empty(path); }
  fs::path path;
};

struct Fixture : ::testing::Test {
  UploadDir uploads;
  std::mutex mutex;
  std::vector<fs::path> seen_files;  // what upload handlers were given

  std::vector<Route> routes() {
    auto check_upload = [this](HttpRequest& r) {
      std::string expected = blob(r.body_size);
      bool match = r.body.empty() && read_file(r.body_file) == expected;
      bool in_dir = r.body_file.parent_path() == uploads.path;
      {
        std::lock_guard lock(mutex);
        seen_files.push_back(r.body_file);
      }
      return text("size=" + std::to_string(r.body_size) + " match=" + std::to_string(match) +
                  " in_dir=" + std::to_string(in_dir));
    };
    return {
        route("POST", "/json", [](HttpRequest& r) { return text("len=" + std::to_string(r.body.size())); },
              BodyKind::json, 1024),
        route("POST", "/none", [](HttpRequest& r) { return text("ok " + std::to_string(r.body_size)); }),
        route("POST", "/upload", check_upload, BodyKind::upload, 8u << 20),
        route("POST", "/small-upload", check_upload, BodyKind::upload, 64u << 10),
    };
  }

  ServerOptions options() {
    ServerOptions o;
    o.upload_dir = uploads.path;
    return o;
  }
};

using HttpBody = Fixture;

TEST_F(HttpBody, JsonBodyWithinTheLimitReachesTheHandler) {
  TestServer s(routes(), options());
  Client c(s.port);
  EXPECT_EQ(c.request(bhttp::verb::post, "/json", std::string(1000, 'x')).body(), "len=1000");
  EXPECT_EQ(c.request(bhttp::verb::post, "/json", std::string(1024, 'x')).body(), "len=1024");
  c.write_raw("POST /json HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
              "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
  EXPECT_EQ(c.read().body(), "len=11");
}

TEST_F(HttpBody, JsonBodyOverTheLimitIs413AndTheServerKeepsServing) {
  TestServer s(routes(), options());
  {
    Client c(s.port);
    auto res = c.request(bhttp::verb::post, "/json", std::string(1025, 'x'));
    EXPECT_EQ(res.result_int(), 413);
    EXPECT_EQ(res[bhttp::field::content_type], "application/problem+json");
    EXPECT_EQ(boost::json::parse(res.body()).at("type"), "https://meekijk.nl/problems/payload-too-large");
    EXPECT_FALSE(res.keep_alive());
    EXPECT_TRUE(c.closed_by_server());
  }
  Client c(s.port);
  EXPECT_EQ(c.request(bhttp::verb::post, "/json", "{}").body(), "len=2");
}

TEST_F(HttpBody, ChunkedBodyOverTheLimitIs413) {
  TestServer s(routes(), options());
  Client c(s.port);
  std::string chunk(1000, 'y');
  c.write_raw("POST /json HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3e8\r\n" + chunk + "\r\n3e8\r\n" + chunk +
              "\r\n0\r\n\r\n");
  EXPECT_EQ(c.read().result_int(), 413);
  Client other(s.port);
  EXPECT_EQ(other.request(bhttp::verb::post, "/json", "{}").result_int(), 200);
}

TEST_F(HttpBody, BodyOnARouteWithoutBodyIs413) {
  TestServer s(routes(), options());
  {
    Client c(s.port);
    EXPECT_EQ(c.request(bhttp::verb::post, "/none", "x").result_int(), 413);
  }
  Client c(s.port);
  auto res = c.request(bhttp::verb::post, "/none");  // Content-Length: 0 is fine
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res.body(), "ok 0");
}

TEST_F(HttpBody, UploadIsStreamedToATempFileThatIsRemovedAfterwards) {
  TestServer s(routes(), options());
  Client c(s.port);
  const size_t size = 3u << 20;
  auto res = c.request(bhttp::verb::post, "/upload", blob(size), {{"Content-Type", "image/jpeg"}});
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res.body(), "size=" + std::to_string(size) + " match=1 in_dir=1");

  // Chunked uploads (no Content-Length) stream the same way.
  std::string data = blob(100000);
  c.write_raw("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n186a0\r\n" + data + "\r\n0\r\n\r\n");
  EXPECT_EQ(c.read().body(), "size=100000 match=1 in_dir=1");

  std::lock_guard lock(mutex);
  ASSERT_EQ(seen_files.size(), 2u);
  EXPECT_NE(seen_files[0], seen_files[1]);
  for (const auto& f : seen_files) EXPECT_FALSE(fs::exists(f)) << f;
  EXPECT_TRUE(uploads.empty());
}

TEST_F(HttpBody, UploadOverTheLimitIs413AndLeavesNoFile) {
  TestServer s(routes(), options());
  {
    Client c(s.port);  // refused on Content-Length, before reading
    EXPECT_EQ(c.request(bhttp::verb::post, "/small-upload", blob(1u << 20)).result_int(), 413);
  }
  {
    Client c(s.port);  // chunked: refused while streaming
    std::string chunk = blob(40000);
    c.write_raw("POST /small-upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n9c40\r\n" + chunk +
                "\r\n9c40\r\n" + chunk + "\r\n0\r\n\r\n");
    EXPECT_EQ(c.read().result_int(), 413);
  }
  EXPECT_TRUE(uploads.empty());
  std::lock_guard lock(mutex);
  EXPECT_TRUE(seen_files.empty());
}

TEST_F(HttpBody, ExpectContinueIsAnsweredBeforeTheBody) {
  TestServer s(routes(), options());
  Client c(s.port);
  c.write_raw("POST /json HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_EQ(c.read_until("\r\n\r\n").substr(0, 25), "HTTP/1.1 100 Continue\r\n\r\n");
  c.write_raw("hello");
  auto res = c.read();
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res.body(), "len=5");
}

TEST_F(HttpBody, ExpectContinueWithATooLargeBodyGetsA413Instead) {
  TestServer s(routes(), options());
  Client c(s.port);
  c.write_raw("POST /json HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n");
  auto res = c.read();  // the final status, no 100 first
  EXPECT_EQ(res.result_int(), 413);
  EXPECT_TRUE(c.closed_by_server());
}

}  // namespace
}  // namespace mk::http::test
