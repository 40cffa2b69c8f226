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

Response Client::open_stream(std::string target, const Headers& headers) {
  send(make_request(bhttp::verb::get, std::move(target), {}, headers));
  stream_parser_ = std::make_unique<bhttp::response_parser<bhttp::string_body>>();
  stream_parser_->body_limit(boost::none);
  stream_.expires_after(kTimeout);
  bhttp::async_read_header(stream_, buffer_, *stream_parser_, asio::use_future).get();
  Response head;
  head.base() = stream_parser_->get().base();
  return head;
}

bool Client::read_stream_until(std::string_view needle, int times, std::chrono::seconds within) {
  auto deadline = std::chrono::steady_clock::now() + within;
  for (;;) {
    if (count(stream_body(), needle) >= size_t(times)) return true;
    if (stream_parser_->is_done() || std::chrono::steady_clock::now() >= deadline) return false;
    stream_.expires_at(deadline);
    try {
      bhttp::async_read_some(stream_, buffer_, *stream_parser_, asio::use_future).get();
    } catch (const boost::system::system_error&) {
      return count(stream_body(), needle) >= size_t(times);
    }
  }
}

bool Client::stream_ended(std::chrono::seconds within) {
  auto deadline = std::chrono::steady_clock::now() + within;
  while (!stream_parser_->is_done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    stream_.expires_at(deadline);
    try {
      bhttp::async_read_some(stream_, buffer_, *stream_parser_, asio::use_future).get();
    } catch (const boost::system::system_error& e) {
      // EOF ends an HTTP/1.0 stream; a reset also means the server is gone.
      return e.code() != beast::error::timeout;
    }
  }
  return true;
}

const std::string& Client::stream_body() const { return stream_parser_->get().body(); }

size_t count(std::string_view text, std::string_view needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string_view::npos; at = text.find(needle, at + needle.size())) ++n;
  return n;
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
