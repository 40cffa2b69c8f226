#pragma once
// Test helpers: a small Beast client over real sockets (every wait bounded, so a broken server
// fails a test instead of hanging it), a thread-safe log sink and a server on port 0.
#include <chrono>
#include <memory>
#include <mutex>
#include <ostream>
#include <sstream>
#include <streambuf>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/log.hpp"
#include "http/asio.hpp"
#include "http/server.hpp"

namespace mk::http::test {

using Response = bhttp::response<bhttp::string_body>;
using Request = bhttp::request<bhttp::string_body>;
using Headers = std::vector<std::pair<std::string, std::string>>;

class Client {
 public:
  explicit Client(uint16_t port);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Sends one request and reads its response.
  Response request(bhttp::verb method, std::string target, std::string body = {}, const Headers& headers = {});
  Response get(std::string target, const Headers& headers = {}) { return request(bhttp::verb::get, std::move(target), {}, headers); }
  void send(Request req);
  void write_raw(std::string_view bytes);
  Response read();
  std::string read_until(std::string_view delimiter);  // raw bytes up to and including it
  // True when the server closes the connection (EOF or reset) within `within`.
  bool closed_by_server(std::chrono::seconds within = std::chrono::seconds(15));

  // Event streams: sends GET `target` and reads the response header only (body() is empty).
  Response open_stream(std::string target, const Headers& headers = {});
  // Reads the stream's (de-chunked) body until it contains `needle` `times` times: false when
  // the stream ended, or `within` passed, first.
  bool read_stream_until(std::string_view needle, int times = 1, std::chrono::seconds within = std::chrono::seconds(15));
  // Reads until the server ends the stream: true when it did (last chunk or EOF) within `within`.
  bool stream_ended(std::chrono::seconds within = std::chrono::seconds(15));
  const std::string& stream_body() const;

 private:
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> work_{io_.get_executor()};
  beast::tcp_stream stream_{io_};
  beast::flat_buffer buffer_;
  std::unique_ptr<bhttp::response_parser<bhttp::string_body>> stream_parser_;
  std::thread thread_;
};

size_t count(std::string_view text, std::string_view needle);

Request make_request(bhttp::verb method, std::string target, std::string body = {}, const Headers& headers = {});
bool can_connect(uint16_t port);

// An ostream whose contents can be read while the server writes to it.
class LogSink : public std::streambuf {
 public:
  std::string contents() const;

 protected:
  int_type overflow(int_type c) override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;

 private:
  mutable std::mutex mutex_;
  std::string text_;
};

struct TestServer {
  explicit TestServer(std::vector<Route> routes, ServerOptions options = {}, Probes probes = {});
  ~TestServer();

  LogSink sink;
  std::ostream log_stream{&sink};
  Logger logger{log_stream, LogLevel::debug};
  std::unique_ptr<Server> server;
  uint16_t port = 0;
};

Route route(std::string method, std::string pattern, std::function<HttpResponse(HttpRequest&)> handler,
            BodyKind body = BodyKind::none, uint64_t limit = 0);
HttpResponse text(std::string body, int status = 200);

}  // namespace mk::http::test
