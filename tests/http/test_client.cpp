#include "http/test_client.hpp"

#include <boost/asio/read_until.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/beast/core/buffer_ref.hpp>
#include <future>

namespace mk::http::test {
namespace {

constexpr std::chrono::seconds kTimeout{30};  // a safety net, never a timing assertion

}  // namespace

Client::Client(uint16_t port) {
  thread_ = std::thread([this] { io_.run(); });
  try {
    stream_.expires_after(kTimeout);
    stream_.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), asio::use_future).get();
  } catch (...) {
    work_.reset();
    thread_.join();
    throw;
  }
}

Client::~Client() {
  asio::post(io_, [this] { stream_.close(); });
  work_.reset();
  thread_.join();
}

Request make_request(bhttp::verb method, std::string target, std::string body, const Headers& headers) {
  Request req{method, target, 11};
  req.set(bhttp::field::host, "localhost");
  for (const auto& [name, value] : headers) req.set(name, value);
  if (!body.empty() || method == bhttp::verb::post || method == bhttp::verb::put) {
    req.body() = std::move(body);
    req.prepare_payload();
  }
  return req;
}

Response Client::request(bhttp::verb method, std::string target, std::string body, const Headers& headers) {
  send(make_request(method, std::move(target), std::move(body), headers));
  return read();
}

void Client::send(Request req) {
  stream_.expires_after(kTimeout);
  bhttp::async_write(stream_, req, asio::use_future).get();
}

void Client::write_raw(std::string_view bytes) {
  stream_.expires_after(kTimeout);
  asio::async_write(stream_, asio::buffer(bytes), asio::use_future).get();
}

Response Client::read() {
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(64u << 20);
  stream_.expires_after(kTimeout);
  bhttp::async_read(stream_, buffer_, parser, asio::use_future).get();
  return parser.release();
}

std::string Client::read_until(std::string_view delimiter) {
  stream_.expires_after(kTimeout);
  size_t n = asio::async_read_until(stream_, beast::ref(buffer_), std::string(delimiter), asio::use_future).get();
  std::string out = beast::buffers_to_string(buffer_.data()).substr(0, n);
  buffer_.consume(n);
  return out;
}

bool Client::closed_by_server(std::chrono::seconds within) {
  stream_.expires_after(within);
  char byte;
  std::promise<error_code> done;
  stream_.async_read_some(asio::buffer(&byte, 1), [&done](error_code ec, size_t) { done.set_value(ec); });
  error_code ec = done.get_future().get();
  return ec && ec != beast::error::timeout;
}

bool can_connect(uint16_t port) {
  asio::io_context io;
  tcp::socket socket(io);
  error_code ec;
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
  return !ec;
}

std::string LogSink::contents() const {
  std::lock_guard lock(mutex_);
  return text_;
}

LogSink::int_type LogSink::overflow(int_type c) {
  if (c == traits_type::eof()) return traits_type::not_eof(c);
  std::lock_guard lock(mutex_);
  text_.push_back(traits_type::to_char_type(c));
  return c;
}

std::streamsize LogSink::xsputn(const char* s, std::streamsize n) {
  std::lock_guard lock(mutex_);
  text_.append(s, static_cast<size_t>(n));
  return n;
}

TestServer::TestServer(std::vector<Route> routes, ServerOptions options, Probes probes) {
  options.port = 0;
  options.host = "127.0.0.1";
  server = std::make_unique<Server>(std::move(options), std::move(routes), std::move(probes), logger);
  port = server->start();
}

TestServer::~TestServer() {
  server->shutdown();
  server->wait();
}

Route route(std::string method, std::string pattern, std::function<HttpResponse(HttpRequest&)> handler, BodyKind body,
            uint64_t limit) {
  return Route{std::move(method), std::move(pattern), body, limit, std::move(handler)};
}

HttpResponse text(std::string body, int status) {
  HttpResponse res;
  res.status = status;
  res.content_type = "text/plain";
  res.body = std::move(body);
  return res;
}

}  // namespace mk::http::test
