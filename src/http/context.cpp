#include "http/context.hpp"

#include <algorithm>

#include "http/problem.hpp"

namespace mk::http {

std::vector<Route> builtin_routes(ServerContext& ctx);  // builtin.cpp

namespace {

// "/fhir/Patient/1" → "fhir"
std::string_view first_segment(std::string_view path) {
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  return path.substr(0, path.find('/'));
}

}  // namespace

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
      pool(static_cast<size_t>(std::max(1, options.worker_threads))) {
  for (const auto& route : router.routes())
    if (route.render_error) error_renderers_.try_emplace(std::string(first_segment(route.pattern)), route.render_error);
}

HttpResponse ServerContext::error_response(const Error& error, const HttpRequest& req, const Route* route,
                                           int retry_after_seconds) const {
  const ErrorRenderer* render = route && route->render_error ? &route->render_error : nullptr;
  if (!render && !req.path.empty()) {
    auto it = error_renderers_.find(first_segment(req.path));
    if (it != error_renderers_.end()) render = &it->second;
  }
  if (render) {
    try {
      HttpResponse res = (*render)(error, req);
      if (res.status == 503) res.header("Retry-After", std::to_string(retry_after_seconds));
      return res;
    } catch (const std::exception& e) {
      logger.error("error_renderer_failed", {{"request_id", req.request_id}, {"what", e.what()}});
    }
  }
  return problem_response(error, req.request_id, retry_after_seconds);
}

bool ServerContext::runs_inline(const Route& route) const {
  const auto& b = builtins.routes();
  bool builtin = std::any_of(b.begin(), b.end(), [&](const Route& r) { return &r == &route; });
  return builtin && route.pattern != "/readyz";
}

}  // namespace mk::http
