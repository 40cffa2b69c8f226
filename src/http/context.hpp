#pragma once
// State shared by the server and its sessions; owned by Server::Impl, outlives every session.
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "core/log.hpp"
#include "http/asio.hpp"
#include "http/metrics.hpp"
#include "http/request_id.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

namespace mk::http {

class Session;

// Open connections, so shutdown can reach each of them; also the connections gauge.
class ConnectionRegistry {
 public:
  // Registered for its lifetime, however the session's coroutine ends.
  class Entry {
   public:
    Entry(ConnectionRegistry& registry, std::weak_ptr<Session> session)
        : registry_(registry), id_(registry.add(std::move(session))) {}
    Entry(const Entry&) = delete;
    Entry& operator=(const Entry&) = delete;
    ~Entry() { registry_.remove(id_); }

   private:
    ConnectionRegistry& registry_;
    uint64_t id_;
  };

  uint64_t add(std::weak_ptr<Session> session);
  void remove(uint64_t id);  // calls on_empty when the last connection leaves
  std::vector<std::shared_ptr<Session>> snapshot() const;
  size_t size() const;
  void set_on_empty(std::function<void()> callback);

 private:
  mutable std::mutex mutex_;
  uint64_t next_id_ = 1;
  std::unordered_map<uint64_t, std::weak_ptr<Session>> sessions_;
  std::function<void()> on_empty_;
};

struct ServerContext {
  ServerContext(ServerOptions options, std::vector<Route> routes, Probes probes, Logger& logger);

  ServerOptions options;
  Router router;    // the API surfaces' routes
  Router builtins;  // /healthz, /readyz, /metrics
  Probes probes;
  Logger& logger;
  HttpMetrics metrics;
  RequestIds request_ids;
  ConnectionRegistry connections;
  asio::thread_pool pool;
  std::atomic<size_t> queue_depth{0};  // handlers waiting for or running on the pool
  std::atomic<size_t> streams{0};      // open event streams
  std::atomic<uint64_t> fast_path{0};  // requests answered by Route::fast
  std::atomic<bool> stopping{false};

  // Cheap built-ins answer on the io thread; everything else (readyz probes the database)
  // goes through the worker pool.
  bool runs_inline(const Route& route) const;

  // The error document for a request: the matched route's renderer, else the renderer of the
  // routes under the request's first path segment (Route::render_error), else problem+json.
  // A 503 carries Retry-After.
  HttpResponse error_response(const Error& error, const HttpRequest& req, const Route* route = nullptr,
                              int retry_after_seconds = 2) const;

 private:
  std::map<std::string, ErrorRenderer, std::less<>> error_renderers_;  // by first path segment
};

}  // namespace mk::http
