// Worker-queue overflow, timeouts, graceful shutdown and signals. Synchronisation is by
// events (a gate the handlers wait on, the queue gauge), never by sleeping and hoping.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <condition_variable>
#include <csignal>
#include <thread>

#include "http/test_client.hpp"

namespace mk::http::test {
namespace {

using namespace std::chrono_literals;

// Handlers wait at the gate until the test opens it.
class Gate {
 public:
  void pass() {
    std::unique_lock lock(mutex_);
    ++entered_;
    cv_.notify_all();
    cv_.wait(lock, [&] { return open_; });
  }
  bool wait_entered(int n) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, 30s, [&] { return entered_ >= n; });
  }
  void open() {
    {
      std::lock_guard lock(mutex_);
      open_ = true;
    }
    cv_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  int entered_ = 0;
  bool open_ = false;
};

// Declared after the server: opens the gate first, so a failing test cannot hang in wait().
struct OpenOnExit {
  Gate& gate;
  ~OpenOnExit() { gate.open(); }
};

std::vector<Route> gated(Gate& gate) {
  return {
      route("GET", "/slow", [&gate](HttpRequest&) { gate.pass(); return text("finally"); }),
      route("GET", "/fast", [](HttpRequest&) { return text("fast"); }),
  };
}

long queue_depth(Client& c) {
  auto body = c.get("/metrics").body();
  auto at = body.find("\nmeekijk_worker_queue_depth ");
  return at == std::string::npos ? -1 : std::stol(body.substr(at + 28));
}

bool wait_for_queue_depth(Client& c, long depth) {
  for (auto deadline = std::chrono::steady_clock::now() + 30s; std::chrono::steady_clock::now() < deadline;) {
    if (queue_depth(c) == depth) return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

TEST(HttpLifecycle, FullWorkerQueueAnswers503WithRetryAfter) {
  Gate gate;
  ServerOptions options;
  options.worker_threads = 1;
  options.max_queue = 2;
  TestServer s(gated(gate), options);
  OpenOnExit opener{gate};

  Client a(s.port), b(s.port), probe(s.port);
  a.send(make_request(bhttp::verb::get, "/slow"));  // running
  b.send(make_request(bhttp::verb::get, "/slow"));  // waiting for the single worker
  ASSERT_TRUE(wait_for_queue_depth(probe, 2));

  auto res = probe.get("/fast");
  EXPECT_EQ(res.result_int(), 503);
  EXPECT_EQ(res[bhttp::field::retry_after], "1");
  EXPECT_EQ(boost::json::parse(res.body()).at("type"), "https://meekijk.nl/problems/unavailable");

  gate.open();
  EXPECT_EQ(a.read().body(), "finally");
  EXPECT_EQ(b.read().body(), "finally");
  EXPECT_TRUE(wait_for_queue_depth(probe, 0));
  EXPECT_EQ(probe.get("/fast").result_int(), 200);
}

TEST(HttpLifecycle, IdleKeepAliveConnectionIsClosedAfterTheIdleTimeout) {
  ServerOptions options;
  options.idle_timeout = 1s;
  Gate gate;
  TestServer s(gated(gate), options);
  Client c(s.port);
  EXPECT_EQ(c.get("/fast").result_int(), 200);
  auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(c.closed_by_server(15s));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 900ms);  // timers never fire early
}

TEST(HttpLifecycle, IncompleteHeaderIsClosedAfterTheHeaderTimeout) {
  ServerOptions options;
  options.header_timeout = 1s;
  Gate gate;
  TestServer s(gated(gate), options);
  Client c(s.port);
  c.write_raw("GET /fast HTTP/1.1\r\nHost: x\r\n");  // never finished
  EXPECT_TRUE(c.closed_by_server(15s));
  Client other(s.port);
  EXPECT_EQ(other.get("/fast").result_int(), 200);
}

TEST(HttpLifecycle, GracefulShutdownFinishesInFlightRequests) {
  Gate gate;
  TestServer s(gated(gate));
  OpenOnExit opener{gate};
  Client busy(s.port), idle(s.port);
  EXPECT_EQ(idle.get("/healthz").result_int(), 200);
  busy.send(make_request(bhttp::verb::get, "/slow"));
  ASSERT_TRUE(gate.wait_entered(1));

  s.server->shutdown();  // returns once the listener is closed
  EXPECT_FALSE(can_connect(s.port));
  EXPECT_TRUE(idle.closed_by_server());  // idle keep-alive connections are closed

  gate.open();
  auto res = busy.read();  // the in-flight request still gets its answer
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res.body(), "finally");
  EXPECT_FALSE(res.keep_alive());
  EXPECT_TRUE(busy.closed_by_server());
  s.server->wait();
  s.server->shutdown();  // idempotent
  EXPECT_NE(s.sink.contents().find("event=server_stopped"), std::string::npos);
}

TEST(HttpLifecycle, ConnectionsStillBusyAfterTheGracePeriodAreClosed) {
  Gate gate;
  ServerOptions options;
  options.shutdown_grace = 1s;
  TestServer s(gated(gate), options);
  OpenOnExit opener{gate};
  Client stuck(s.port);
  stuck.send(make_request(bhttp::verb::get, "/slow"));
  ASSERT_TRUE(gate.wait_entered(1));

  s.server->shutdown();
  EXPECT_TRUE(stuck.closed_by_server(15s));
  EXPECT_NE(s.sink.contents().find("event=shutdown_grace_expired"), std::string::npos);
  gate.open();  // the worker pool is drained and joined, not abandoned
  s.server->wait();
}

TEST(HttpLifecycle, SigtermStopsRunUntilSignal) {
  Gate gate;
  TestServer s(gated(gate));
  std::thread runner([&] { s.server->run_until_signal(); });
  // Send the signal only once the server's handler is installed, or it would kill the test.
  for (auto deadline = std::chrono::steady_clock::now() + 30s; std::chrono::steady_clock::now() < deadline;) {
    struct sigaction current {};
    ::sigaction(SIGTERM, nullptr, &current);
    if (current.sa_handler != SIG_DFL) break;
    std::this_thread::sleep_for(5ms);
  }
  ASSERT_EQ(::kill(::getpid(), SIGTERM), 0);
  runner.join();  // run_until_signal returned
  EXPECT_FALSE(can_connect(s.port));
  EXPECT_NE(s.sink.contents().find("event=signal_received signal=SIGTERM"), std::string::npos);
}

}  // namespace
}  // namespace mk::http::test
