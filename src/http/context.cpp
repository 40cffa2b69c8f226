#include "http/context.hpp"

#include <algorithm>

namespace mk::http {

std::vector<Route> builtin_routes(ServerContext& ctx);  // builtin.cpp

uint64_t ConnectionRegistry::add(std::weak_ptr<Session> session) {
  std::lock_guard lock(mutex_);
  uint64_t id = next_id_++;
  sessions_.emplace(id, std::move(session));
  return id;
}

void ConnectionRegistry::remove(uint64_t id) {
  std::function<void()> notify;
  {
    std::lock_guard lock(mutex_);
    sessions_.erase(id);
    if (sessions_.empty()) notify = on_empty_;
  }
  if (notify) notify();
}

std::vector<std::shared_ptr<Session>> ConnectionRegistry::snapshot() const {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<Session>> out;
  out.reserve(sessions_.size());
  for (const auto& [id, weak] : sessions_)
    if (auto session = weak.lock()) out.push_back(std::move(session));
  return out;
}

size_t ConnectionRegistry::size() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

void ConnectionRegistry::set_on_empty(std::function<void()> callback) {
  std::lock_guard lock(mutex_);
  on_empty_ = std::move(callback);
}

ServerContext::ServerContext(ServerOptions opts, std::vector<Route> routes, Probes prb, Logger& log)
    : options(std::move(opts)),
      router(std::move(routes)),
      builtins(builtin_routes(*this)),
      probes(std::move(prb)),
      logger(log),
      pool(static_cast<size_t>(std::max(1, options.worker_threads))) {}

bool ServerContext::runs_inline(const Route& route) const {
  const auto& b = builtins.routes();
  bool builtin = std::any_of(b.begin(), b.end(), [&](const Route& r) { return &r == &route; });
  return builtin && route.pattern != "/readyz";
}

}  // namespace mk::http
