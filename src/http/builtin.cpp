// /healthz, /readyz and /metrics: served by every instance, not part of any API surface.
#include "http/context.hpp"

namespace mk::http {
namespace {

HttpResponse text(int status, std::string body) {
  HttpResponse res;
  res.status = status;
  res.content_type = "text/plain; charset=utf-8";
  res.body = std::move(body);
  return res;
}

}  // namespace

std::vector<Route> builtin_routes(ServerContext& ctx) {
  std::vector<Route> routes;
  // Liveness: the process answers. Deliberately no dependency checks.
  routes.push_back({"GET", "/healthz", BodyKind::none, 0, [](HttpRequest&) { return text(200, "ok\n"); }});
  // Readiness: false while shutting down, so the load balancer drains this instance first.
  routes.push_back({"GET", "/readyz", BodyKind::none, 0, [&ctx](HttpRequest&) {
                      if (ctx.stopping.load()) return text(503, "shutting down\n");
                      bool ready = !ctx.probes.ready || ctx.probes.ready();
                      return ready ? text(200, "ready\n") : text(503, "not ready\n");
                    }});
  routes.push_back({"GET", "/metrics", BodyKind::none, 0, [&ctx](HttpRequest&) {
                      GaugeValues gauges{ctx.queue_depth.load(), ctx.connections.size(), ctx.streams.load(),
                                         ctx.fast_path.load()};
                      HttpResponse res = text(200, ctx.metrics.render(gauges, ctx.probes.histograms));
                      res.content_type = std::string(kPrometheusContentType);
                      return res;
                    }});
  return routes;
}

}  // namespace mk::http
