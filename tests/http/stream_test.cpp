// Event streams (HttpResponse::stream): the header, chunks pushed from other threads arriving
// in order, keep-alive comments, the client going away, a client too slow to read, shutdown
// with streams open, and the metrics. Waits are on events (the sink handed over, bytes
// arriving), every one bounded.
#include <gtest/gtest.h>

#include <condition_variable>
#include <thread>

#include "http/stream_sink.hpp"
#include "http/test_client.hpp"

namespace mk::http::test {
namespace {

using namespace std::chrono_literals;

// The sinks of the streams the server opened, as the application would hold them.
class Streams {
 public:
  Route route(std::string pattern = "/events") {
    return test::route("GET", std::move(pattern), [this](HttpRequest&) {
      HttpResponse res;
      res.stream = [this](std::shared_ptr<EventSink> sink) {
        sink->send("retry: 3000\n\n");
        std::lock_guard lock(mutex_);
        sinks_.push_back(std::move(sink));
        cv_.notify_all();
      };
      return res;
    });
  }
  std::shared_ptr<EventSink> wait(size_t index = 0) {
    std::unique_lock lock(mutex_);
    if (!cv_.wait_for(lock, 15s, [&] { return sinks_.size() > index; })) return nullptr;
    return sinks_[index];
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<std::shared_ptr<EventSink>> sinks_;
};

bool eventually(const std::function<bool()>& condition, std::chrono::seconds within = 15s) {
  for (auto deadline = std::chrono::steady_clock::now() + within; std::chrono::steady_clock::now() < deadline;) {
    if (condition()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return condition();
}

std::string metrics(uint16_t port) {
  Client c(port);
  return c.get("/metrics").body();
}

TEST(HttpStream, SendsTheEventStreamHeaderThenWhatTheHandlerPushes) {
  Streams streams;
  TestServer s({streams.route()});
  Client c(s.port);
  auto head = c.open_stream("/events");
  EXPECT_EQ(head.result_int(), 200);
  EXPECT_EQ(head[bhttp::field::content_type], "text/event-stream");
  EXPECT_EQ(head[bhttp::field::cache_control], "no-store");
  EXPECT_EQ(head["X-Accel-Buffering"], "no");
  EXPECT_TRUE(head.chunked());
  EXPECT_FALSE(head.has_content_length());
  EXPECT_TRUE(c.read_stream_until("retry: 3000\n\n"));
  ASSERT_NE(streams.wait(), nullptr);
  EXPECT_TRUE(streams.wait()->open());
}

TEST(HttpStream, ChunksPushedFromOtherThreadsArriveInOrder) {
  Streams streams;
  TestServer s({streams.route()});
  Client c(s.port);
  c.open_stream("/events");
  auto sink = streams.wait();
  ASSERT_NE(sink, nullptr);
  std::string expected = "retry: 3000\n\n";
  for (int i = 0; i < 500; ++i) expected += "data: " + std::to_string(i) + "\n\n";
  std::thread pusher([&] {
    for (int i = 0; i < 500; ++i) {
      EXPECT_TRUE(sink->send("data: " + std::to_string(i) + "\n\n"));
      if (i % 50 == 0) std::this_thread::sleep_for(1ms);  // some while the writer sleeps, some while it writes
    }
  });
  pusher.join();
  ASSERT_TRUE(c.read_stream_until("data: 499\n\n"));
  EXPECT_EQ(c.stream_body(), expected);
}

TEST(HttpStream, AnIdleStreamGetsKeepAliveComments) {
  Streams streams;
  ServerOptions options;
  options.stream_keepalive = 50ms;
  TestServer s({streams.route()}, options);
  Client c(s.port);
  c.open_stream("/events");
  EXPECT_TRUE(c.read_stream_until(": keep-alive\n\n", 3));
  EXPECT_EQ(c.stream_body().rfind("retry: 3000\n\n", 0), 0u);
}

TEST(HttpStream, TheClientGoingAwayClosesTheSink) {
  Streams streams;
  TestServer s({streams.route()});
  std::shared_ptr<EventSink> sink;
  {
    Client c(s.port);
    c.open_stream("/events");
    ASSERT_TRUE(c.read_stream_until("retry"));
    sink = streams.wait();
    ASSERT_NE(sink, nullptr);
    EXPECT_TRUE(sink->open());
  }  // the client closes its connection, and sends nothing before
  EXPECT_TRUE(eventually([&] { return !sink->open(); })) << "the sink stays open after the client left";
  EXPECT_FALSE(sink->send("data: late\n\n"));
  EXPECT_TRUE(eventually([&] { return metrics(s.port).find("\nmeekijk_http_streams 0\n") != std::string::npos; }));
}

TEST(HttpStream, AClientThatDoesNotReadIsDroppedPastTheLimit) {
  Streams streams;
  ServerOptions options;
  options.stream_queue_limit = 64 * 1024;
  TestServer s({streams.route()}, options);
  Client c(s.port);
  c.open_stream("/events");  // and never reads again
  auto sink = streams.wait();
  ASSERT_NE(sink, nullptr);
  // The kernel's socket buffers take a few MiB first; then the queue grows past the limit.
  std::string chunk = "data: " + std::string(16 * 1024, 'x') + "\n\n";
  bool refused = false;
  for (int i = 0; i < 100'000 && !refused; ++i) refused = !sink->send(chunk);
  EXPECT_TRUE(refused);
  EXPECT_FALSE(sink->open());
  EXPECT_TRUE(eventually([&] { return metrics(s.port).find("\nmeekijk_http_streams 0\n") != std::string::npos; }));
  EXPECT_TRUE(eventually([&] { return s.sink.contents().find("stream_client_too_slow") != std::string::npos; }));
}

TEST(HttpStream, ShutdownEndsOpenStreamsPromptly) {
  Streams streams;
  ServerOptions options;
  options.shutdown_grace = std::chrono::seconds(20);
  TestServer s({streams.route()}, options);
  Client a(s.port), b(s.port);
  a.open_stream("/events");
  b.open_stream("/events");
  ASSERT_NE(streams.wait(1), nullptr);
  auto sink = streams.wait(0);
  auto start = std::chrono::steady_clock::now();
  s.server->shutdown();
  s.server->wait();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s) << "shutdown waited for the streams' grace period";
  EXPECT_TRUE(a.stream_ended());
  EXPECT_TRUE(b.stream_ended());
  EXPECT_FALSE(sink->open());
  EXPECT_FALSE(sink->send("data: after\n\n"));  // detached: never touches the stopped server
}

TEST(HttpStream, MetricsCountTheStreamWithoutItsDuration) {
  Streams streams;
  TestServer s({streams.route()});
  {
    Client c(s.port);
    c.open_stream("/events");
    ASSERT_NE(streams.wait(), nullptr);
    auto text = metrics(s.port);
    EXPECT_NE(text.find("\nmeekijk_http_streams 1\n"), std::string::npos) << text;
    EXPECT_NE(text.find("meekijk_http_requests_total{route=\"/events\",method=\"GET\",status=\"200\"} 1"),
              std::string::npos)
        << text;
    // Observed once, at the header: the stream's lifetime never reaches the histogram.
    EXPECT_NE(text.find("meekijk_http_request_duration_seconds_count{route=\"/events\",method=\"GET\"} 1"),
              std::string::npos)
        << text;
    std::this_thread::sleep_for(1200ms);  // longer than the bucket checked below
  }
  ASSERT_TRUE(eventually([&] { return metrics(s.port).find("\nmeekijk_http_streams 0\n") != std::string::npos; }));
  auto text = metrics(s.port);
  EXPECT_NE(text.find("meekijk_http_request_duration_seconds_count{route=\"/events\",method=\"GET\"} 1"),
            std::string::npos);
  EXPECT_NE(text.find("meekijk_http_request_duration_seconds_bucket{route=\"/events\",method=\"GET\",le=\"1\"} 1"),
            std::string::npos)
      << text;
  EXPECT_TRUE(eventually([&] { return s.sink.contents().find("http_stream ") != std::string::npos; }));
}

TEST(HttpStream, Http10ClientsGetACloseDelimitedStream) {
  Streams streams;
  TestServer s({streams.route()});
  Client c(s.port);
  c.write_raw("GET /events HTTP/1.0\r\nHost: localhost\r\n\r\n");
  std::string head = c.read_until("\r\n\r\n");
  EXPECT_NE(head.find("HTTP/1.0 200"), std::string::npos) << head;
  EXPECT_EQ(head.find("Transfer-Encoding"), std::string::npos) << head;
  EXPECT_EQ(c.read_until("retry: 3000\n\n"), "retry: 3000\n\n");
  auto sink = streams.wait();
  ASSERT_NE(sink, nullptr);
  ASSERT_TRUE(sink->send("data: x\n\n"));
  EXPECT_EQ(c.read_until("\n\n"), "data: x\n\n");
}

TEST(StreamSink, QueuesInOrderRefusesWhenClosedAndBoundsTheBacklog) {
  int wakes = 0, aborts = 0;
  StreamSink sink(10, [&](bool abort) { abort ? ++aborts : ++wakes; });
  EXPECT_TRUE(sink.send("ab"));
  EXPECT_TRUE(sink.send("cd"));
  EXPECT_EQ(wakes, 0);  // the writer has not gone to sleep yet
  auto taken = sink.take();
  EXPECT_EQ(taken.chunks, (std::vector<std::string>{"ab", "cd"}));
  EXPECT_TRUE(taken.open);
  EXPECT_TRUE(sink.take().chunks.empty());  // now it sleeps: the next send wakes it, once
  EXPECT_TRUE(sink.send("ef"));
  EXPECT_TRUE(sink.send("gh"));
  EXPECT_EQ(wakes, 1);
  EXPECT_FALSE(sink.send("0123456789"));  // 4 queued + 10 > 10: dropped
  EXPECT_EQ(aborts, 1);
  EXPECT_TRUE(sink.overflowed());
  EXPECT_FALSE(sink.open());
  EXPECT_FALSE(sink.send("x"));
  sink.detach();
  sink.close();
  EXPECT_EQ(wakes + aborts, 2);
}

}  // namespace
}  // namespace mk::http::test
