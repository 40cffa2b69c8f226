// Responses: the headers every response carries (an event stream's too), file streaming, the
// access log line and the metrics, and closing a connection without losing the last answer.
#include <algorithm>
#include <cstdio>

#include "http/problem.hpp"
#include "http/session.hpp"

namespace mk::http {
namespace {

constexpr std::chrono::seconds kMaxLinger{5};

bool is_token_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// A header a handler built from user input must not be able to split the response.
bool safe_header(std::string_view name, std::string_view value) {
  if (name.empty() || !std::all_of(name.begin(), name.end(), is_token_char)) return false;
  return std::none_of(value.begin(), value.end(), [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
}

template <class Body>
void set_headers(bhttp::response<Body>& out, const HttpResponse& res, const Exchange& ex, Logger& logger) {
  out.version(ex.version);
  out.result(static_cast<unsigned>(res.status));
  out.set(bhttp::field::server, "meekijk");
  if (!res.content_type.empty()) out.set(bhttp::field::content_type, res.content_type);
  bool cache_control = false;
  for (const auto& [name, value] : res.headers) {
    if (!safe_header(name, value)) {
      logger.warn("response_header_dropped", {{"request_id", ex.request.request_id}, {"route", ex.route_label}});
      continue;
    }
    cache_control = cache_control || beast::iequals(name, "cache-control");
    out.insert(name, value);
  }
  out.set("X-Request-Id", ex.request.request_id);
  out.set("X-Content-Type-Options", "nosniff");
  out.set("Referrer-Policy", "no-referrer");
  if (!cache_control) out.set(bhttp::field::cache_control, "no-store");
}

template <class Body>
void finish(bhttp::response<Body>& out, bool keep_alive) {
  out.keep_alive(keep_alive);
  out.prepare_payload();
  if (out.result() == bhttp::status::no_content) out.erase(bhttp::field::content_length);  // RFC 9110 8.6
}

HttpResponse internal_error(const Exchange& ex, const ServerContext& ctx) {
  return ctx.error_response(Error(Errc::internal, "Internal server error", "The error has been logged"), ex.request,
                            ex.route);
}

// The file to stream, or not open: none was asked for, or it failed (res becomes a 500).
bhttp::file_body::value_type open_file(HttpResponse& res, const Exchange& ex, const ServerContext& ctx) {
  Logger& logger = ctx.logger;
  bhttp::file_body::value_type file;
  if (res.file.empty()) return file;
  error_code ec;
  file.open(res.file.c_str(), beast::file_mode::scan, ec);
  if (ec) {
    logger.error("response_file_failed", {{"request_id", ex.request.request_id}, {"error", ec.message()}});
    res = internal_error(ex, ctx);
  }
  return file;
}

}  // namespace

template <class Body>
asio::awaitable<error_code> Session::write(bhttp::response<Body>& res) {
  stream_.expires_after(ctx_.options.body_timeout);
  auto [ec, n] = co_await bhttp::async_write(stream_, res, use_tuple);
  co_return ec;
}

asio::awaitable<bool> Session::respond(Exchange& ex) {
  HttpResponse& res = *ex.response;
  if (res.status < 200 || res.status > 599) {
    ctx_.logger.error("bad_response_status", {{"request_id", ex.request.request_id}, {"route", ex.route_label}});
    res = internal_error(ex, ctx_);
  }
  if (res.stream) co_return co_await stream_events(ex);  // session_stream.cpp
  if (res.status == 204 || res.status == 304) {  // these must not carry a body
    res.body.clear();
    res.file.clear();
  }
  bhttp::file_body::value_type file = open_file(res, ex, ctx_);
  bool keep_alive = ex.keep_alive && !ex.close && !closing_ && !ctx_.stopping.load();
  error_code ec;
  size_t bytes = 0;
  if (file.is_open()) {
    bhttp::response<bhttp::file_body> out;
    bytes = file.size();
    out.body() = std::move(file);
    set_headers(out, res, ex, ctx_.logger);
    finish(out, keep_alive);
    ec = co_await write(out);
  } else {
    bhttp::response<bhttp::string_body> out;
    bytes = res.body.size();
    out.body() = std::move(res.body);
    set_headers(out, res, ex, ctx_.logger);
    finish(out, keep_alive);
    ec = co_await write(out);
  }
  log_exchange(ex, res.status, bytes, !ec);
  co_return keep_alive && !ec;
}

// An event stream's header: no length, so the body runs until either side ends it — chunked
// on HTTP/1.1, delimited by the close on HTTP/1.0. nginx must not buffer it.
asio::awaitable<bool> Session::write_stream_header(Exchange& ex, bool chunked) {
  HttpResponse& res = *ex.response;
  res.content_type = "text/event-stream";
  res.header("X-Accel-Buffering", "no");
  bhttp::response<bhttp::empty_body> out;
  set_headers(out, res, ex, ctx_.logger);
  out.keep_alive(false);  // the connection ends with the stream
  if (chunked) out.chunked(true);
  bhttp::response_serializer<bhttp::empty_body> serializer(out);
  stream_.expires_after(ctx_.options.body_timeout);
  auto [ec, n] = co_await bhttp::async_write_header(stream_, serializer, use_tuple);
  co_return !ec;
}

void Session::log_exchange(const Exchange& ex, int status, size_t bytes, bool write_ok) {
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - ex.start).count();
  ctx_.metrics.record(ex.route_label, ex.method_label, status, seconds);
  log_access(ex, write_ok ? "http_request" : "http_request_aborted", status, bytes, seconds);
}

void Session::log_access(const Exchange& ex, std::string_view event, int status, size_t bytes, double seconds) {
  char duration_ms[32];
  std::snprintf(duration_ms, sizeof duration_ms, "%.1f", seconds * 1000.0);
  // The route pattern, never the raw path or query: those can carry patient data.
  ctx_.logger.info(event, {{"method", ex.method_label},
                           {"route", ex.route_label},
                           {"status", std::to_string(status)},
                           {"duration_ms", duration_ms},
                           {"bytes", std::to_string(bytes)},
                           {"request_id", ex.request.request_id},
                           {"remote_ip", ex.request.remote_ip.empty() ? peer_ip_ : ex.request.remote_ip}});
}

// With request bytes still unread (a refused body, unserved pipelined requests) a plain close
// makes the kernel send a reset, and the client may lose our answer before reading it. So:
// half-close, drain what the client still sends (briefly), then close.
asio::awaitable<void> Session::close(bool linger) {
  error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (linger && !ec) {
    stream_.expires_after(std::min<std::chrono::steady_clock::duration>(kMaxLinger, ctx_.options.body_timeout));
    std::array<char, 16384> scratch;
    for (;;) {
      auto [read_ec, n] = co_await stream_.async_read_some(asio::buffer(scratch), use_tuple);
      if (read_ec) break;
    }
  }
  stream_.close();
}

}  // namespace mk::http
