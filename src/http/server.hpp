#pragma once
// The HTTP/1.1 server: serves the route tables of the API surfaces (core/http_message.hpp)
// plus /healthz, /readyz and /metrics. Beast and Asio stay behind this header, so callers
// (main, cli, tests) only see std types.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/http_message.hpp"
#include "core/log.hpp"
#include "core/metrics.hpp"
#include "http/problem.hpp"

namespace mk::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0 = ephemeral (tests); start() returns the bound port
  int io_threads = 2;
  int worker_threads = 64;   // handlers block on the database, so they never run on io threads
  size_t max_queue = 2048;   // handlers waiting + running; above it requests get 503
  std::chrono::seconds header_timeout{30};  // from the first byte to the end of the header
  std::chrono::seconds body_timeout{120};   // reading a request body, writing a response
  std::chrono::seconds idle_timeout{75};    // keep-alive wait for the next request
  std::chrono::seconds shutdown_grace{20};  // in-flight requests get this long to finish
  // Event streams (HttpResponse::stream): a comment line this often keeps proxies and
  // browsers from timing an idle stream out; a client that lets this much pile up unread is
  // dropped; a stream ends after max (the client reconnects and authenticates again).
  std::chrono::milliseconds stream_keepalive{20'000};
  size_t stream_queue_limit = 1u << 20;
  std::chrono::seconds stream_max_duration{3600};
  std::filesystem::path upload_dir;         // BodyKind::upload temp files; empty = system temp
  bool trust_forwarded_for = false;         // behind nginx: last X-Forwarded-For hop is the client
};

// An extra histogram rendered on /metrics, e.g. {"meekijk_db_commit_seconds", "...", &h}.
// The histogram must outlive the server.
struct HistogramMetric {
  std::string name;
  std::string help;
  const Histogram* histogram = nullptr;
};

struct Probes {
  std::function<bool()> ready;  // /readyz; may block (runs on the worker pool); empty = ready
  std::vector<HistogramMetric> histograms;
};

class Server {
 public:
  Server(ServerOptions options, std::vector<Route> routes, Probes probes, Logger& logger);
  ~Server();  // shuts down and waits when still running
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens, starts the io threads and the worker pool; returns the bound port.
  // Throws std::system_error when the address cannot be bound.
  uint16_t start();
  // Blocks until SIGTERM or SIGINT (or shutdown()), shuts down gracefully, then returns.
  void run_until_signal();
  // Graceful shutdown; safe from any thread, idempotent. When it returns the listener is
  // closed (new connections are refused); wait() blocks until everything has stopped.
  void shutdown();
  void wait();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mk::http
