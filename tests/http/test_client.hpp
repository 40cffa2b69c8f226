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

 private:
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> work_{io_.get_executor()};
  beast::tcp_stream stream_{io_};
  beast::flat_buffer buffer_;
  std::thread thread_;
};

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
