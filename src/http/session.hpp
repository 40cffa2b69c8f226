#pragma once
// One client connection: a coroutine on the connection's strand that reads requests in order
// (keep-alive, pipelining), runs each handler on the worker pool and writes the responses.
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "http/asio.hpp"
#include "http/context.hpp"
#include "http/stream_sink.hpp"

namespace mk::http {

// An upload's temporary file; removed when the request is done, whatever happened.
class TempFile {
 public:
  TempFile() = default;
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() { remove(); }

  void set(std::filesystem::path path) { path_ = std::move(path); }
  const std::filesystem::path& path() const noexcept { return path_; }
  void remove() noexcept;

 private:
  std::filesystem::path path_;
};

// One request/response exchange on a connection.
struct Exchange {
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  HttpRequest request;
  const Route* route = nullptr;
  std::string route_label{kUnmatchedRoute};  // the pattern: bounded metrics cardinality
  std::string method_label = "OTHER";
  unsigned version = 11;
  bool keep_alive = false;  // what the client asked for
  bool close = false;       // we close after this response
  bool linger = false;      // request bytes left unread: drain them before closing
  std::optional<HttpResponse> response;
  TempFile upload;
};

// A syntax error in what the client sent (answer 400), as opposed to a timeout or a
// connection that went away (nothing to answer).
bool is_parse_error(error_code ec);

using HeaderParser = bhttp::request_parser<bhttp::empty_body>;

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(ServerContext& ctx, tcp::socket socket);

  // co_spawn on the socket's executor (a strand); `self` keeps the session alive meanwhile.
  asio::awaitable<void> run(std::shared_ptr<Session> self);
  // Any thread. Idle connections close now; busy ones after their current response.
  void begin_shutdown();
  // Any thread. Closes the socket: the grace period is over.
  void force_close();

 private:
  asio::awaitable<bool> await_request(bool first);
  asio::awaitable<bool> serve();
  asio::awaitable<bool> read_header(Exchange& ex, HeaderParser& parser);
  void route_request(Exchange& ex, const HeaderParser::value_type& header);
  void reject(Exchange& ex, const Error& error);
  std::optional<Target> fill_request(Exchange& ex, const HeaderParser::value_type& header);

  // session_body.cpp
  asio::awaitable<bool> read_body(Exchange& ex, HeaderParser& parser);
  asio::awaitable<bool> read_string_body(Exchange& ex, HeaderParser& parser, uint64_t limit);
  asio::awaitable<bool> read_upload(Exchange& ex, HeaderParser& parser, uint64_t limit);
  asio::awaitable<bool> send_continue(Exchange& ex);
  bool body_read_failed(Exchange& ex, error_code ec);

  // session_handler.cpp
  asio::awaitable<HttpResponse> run_handler(Exchange& ex);

  // session_write.cpp
  asio::awaitable<bool> respond(Exchange& ex);
  template <class Body>
  asio::awaitable<error_code> write(bhttp::response<Body>& res);
  asio::awaitable<bool> write_stream_header(Exchange& ex, bool chunked);
  void log_exchange(const Exchange& ex, int status, size_t bytes, bool write_ok);
  void log_access(const Exchange& ex, std::string_view event, int status, size_t bytes, double seconds);
  asio::awaitable<void> close(bool linger);

  // session_stream.cpp: event streams (HttpResponse::stream)
  asio::awaitable<bool> stream_events(Exchange& ex);
  asio::awaitable<bool> pump(StreamSink& sink, bool chunked, size_t& bytes);
  asio::awaitable<bool> write_bytes(const std::string& bytes);
  void watch_client(std::shared_ptr<StreamSink> sink);
  void wake_stream(bool abort);

  ServerContext& ctx_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::string peer_ip_;
  bool linger_ = false;   // close by draining unread request bytes first
  bool idle_ = false;     // waiting for the next request: shutdown may close us now
  bool closing_ = false;  // shutdown began: answer the current request, then close
  std::shared_ptr<StreamSink> stream_sink_;          // while an event stream is open
  std::optional<asio::steady_timer> stream_timer_;  // the stream's writer sleeps on it
};

}  // namespace mk::http
