// Event streams (HttpResponse::stream, Server-Sent Events). After the header, the connection's
// coroutine drains the stream's sink: whatever other threads pushed is written in order, one
// write per batch; when nothing comes for a while a comment line keeps the stream alive. No
// worker thread is held: the coroutine sleeps on a timer that a push wakes. The stream ends
// when the client goes (a wait on the socket notices at once, not at the next write), falls
// more than stream_queue_limit behind (dropped), or the server shuts down (ended cleanly).
#include <array>
#include <cstdio>

#include "http/session.hpp"

namespace mk::http {
namespace {

constexpr std::string_view kKeepAlive = ": keep-alive\n\n";
constexpr std::string_view kLastChunk = "0\r\n\r\n";

// The queued chunks as one write; on HTTP/1.1 as one chunk of the chunked body.
std::string frame(const std::vector<std::string>& chunks, bool chunked) {
  size_t size = 0;
  for (const auto& c : chunks) size += c.size();
  std::string out;
  out.reserve(size + 24);
  if (chunked) {
    char head[24];
    std::snprintf(head, sizeof head, "%zx\r\n", size);
    out += head;
  }
  for (const auto& c : chunks) out += c;
  if (chunked) out += "\r\n";
  return out;
}

// The streams gauge, however the stream ends.
class Counted {
 public:
  explicit Counted(std::atomic<size_t>& n) : n_(n) { n_.fetch_add(1); }
  Counted(const Counted&) = delete;
  Counted& operator=(const Counted&) = delete;
  ~Counted() { n_.fetch_sub(1); }

 private:
  std::atomic<size_t>& n_;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

asio::awaitable<bool> Session::stream_events(Exchange& ex) {
  bool chunked = ex.version >= 11;
  // The sink may outlive this session (the application holds it): it reaches us only through
  // a weak pointer, and only until detached below.
  auto sink = std::make_shared<StreamSink>(ctx_.options.stream_queue_limit,
                                           [exec = stream_.get_executor(), weak = weak_from_this()](bool abort) {
                                             asio::post(exec, [weak, abort] {
                                               if (auto self = weak.lock()) self->wake_stream(abort);
                                             });
                                           });
  struct Detach {
    Session& session;
    StreamSink& sink;
    ~Detach() {
      sink.detach();
      session.stream_sink_.reset();
    }
  } detach{*this, *sink};

  if (!co_await write_stream_header(ex, chunked)) {
    log_exchange(ex, ex.response->status, 0, false);
    co_return false;
  }
  // Time to the header: an hour-long stream must not skew the latency histogram.
  ctx_.metrics.record(ex.route_label, ex.method_label, ex.response->status, seconds_since(ex.start));
  Counted counted(ctx_.streams);
  stream_timer_.emplace(stream_.get_executor());
  stream_sink_ = sink;
  error_code ec;
  stream_.socket().set_option(tcp::no_delay(true), ec);  // an event goes out now, not after an ACK
  stream_.socket().non_blocking(true, ec);  // watch_client reads what is there, never waits
  if (ec) {  // a blocking read_some would stall the io thread: do not stream without it
    ctx_.logger.error("stream_socket_failed", {{"request_id", ex.request.request_id}, {"error", ec.message()}});
    co_return false;
  }
  watch_client(sink);
  try {
    ex.response->stream(sink);
  } catch (const std::exception& e) {
    ctx_.logger.error("stream_start_failed", {{"request_id", ex.request.request_id}, {"what", e.what()}});
    sink->close();
  }
  ex.response->stream = nullptr;  // drop what the handler captured
  if (closing_ || ctx_.stopping.load()) sink->close();

  size_t bytes = 0;
  bool ended_cleanly = co_await pump(*sink, chunked, bytes);
  if (sink->overflowed()) {
    ctx_.logger.warn("stream_client_too_slow", {{"request_id", ex.request.request_id}, {"route", ex.route_label}});
    ended_cleanly = false;
  }
  if (ended_cleanly && chunked) co_await write_bytes(std::string(kLastChunk));
  log_access(ex, "http_stream", ex.response->status, bytes, seconds_since(ex.start));
  co_return false;  // the connection ends with the stream
}

// Writes what the sink holds until it is closed and empty (true) or a write fails (false).
asio::awaitable<bool> Session::pump(StreamSink& sink, bool chunked, size_t& bytes) {
  using Clock = std::chrono::steady_clock;
  const auto keepalive = ctx_.options.stream_keepalive;
  const auto end = Clock::now() + ctx_.options.stream_max_duration;
  // Framed once, outside any co_await: GCC 12 miscompiles an initializer list in a coroutine's
  // co_await expression.
  const std::vector<std::string> ping_chunks{std::string(kKeepAlive)};
  const std::string ping = frame(ping_chunks, chunked);
  auto next_ping = Clock::now() + keepalive;
  for (;;) {
    auto taken = sink.take();
    if (!taken.chunks.empty()) {
      std::string data = frame(taken.chunks, chunked);
      if (!co_await write_bytes(data)) co_return false;
      bytes += data.size();
      next_ping = Clock::now() + keepalive;
      continue;
    }
    if (!taken.open) co_return true;
    auto now = Clock::now();
    if (now >= end) co_return true;  // the client reconnects, and authenticates again
    if (now >= next_ping) {
      if (!co_await write_bytes(ping)) co_return false;
      next_ping = Clock::now() + keepalive;
      continue;
    }
    stream_timer_->expires_at(std::min(next_ping, end));
    co_await stream_timer_->async_wait(use_tuple);  // a push, a close or an abort cancels it
  }
}

asio::awaitable<bool> Session::write_bytes(const std::string& bytes) {
  stream_.expires_after(ctx_.options.body_timeout);  // a client that stops reading is dropped
  auto [ec, n] = co_await asio::async_write(stream_, asio::buffer(bytes), use_tuple);
  co_return !ec;
}

// A stream's client sends nothing; readable means it closed (or sent bytes we ignore).
void Session::watch_client(std::shared_ptr<StreamSink> sink) {
  stream_.socket().async_wait(tcp::socket::wait_read, [self = shared_from_this(), sink](error_code ec) {
    if (!ec) {
      std::array<char, 1024> scratch;
      error_code read_ec;
      size_t n = self->stream_.socket().read_some(asio::buffer(scratch), read_ec);
      if ((!read_ec && n > 0) || read_ec == asio::error::would_block) {
        if (sink->open()) self->watch_client(sink);
        return;
      }
    }
    sink->close();
  });
}

// On the strand: something was pushed or closed (wake the pump), or the client fell too far
// behind (abort the write in progress too).
void Session::wake_stream(bool abort) {
  if (stream_timer_) stream_timer_->cancel();
  if (abort) stream_.cancel();
}

}  // namespace mk::http
