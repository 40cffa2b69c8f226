#include "web/web.hpp"

#include <array>
#include <memory>

#include "core/error.hpp"
#include "web/static_files.hpp"

namespace mk::web {

// Generated at build time from web/'s build output (src/web/embed_dist.cmake).
const std::vector<EmbeddedFile>& dist_files();

namespace {

using Table = std::map<std::string, StaticFile, std::less<>>;

// The app's client-side paths (web/src/routes.ts): a reload or a deep link on one of them
// answers index.html, and the app's router takes over. Listed, not a catch-all, so the web
// app can never shadow /api/, /fhir/, /healthz, /readyz or /metrics.
constexpr std::array<const char*, 23> kClientPaths = {
    "/login",    "/inbox", "/follow-up",     "/queue",         "/assigned",           "/overdue",
    "/services", "/audit", "/audit/patient", "/consults/{id}", "/consults/{id}/edit", "/profile",
    "/contracts", "/billing", "/dashboard", "/dashboard/print", "/kennisbank", "/kennisbank/{id}",
    "/spreekuren", "/spreekuren/{id}", "/loket", "/loket/nieuw", "/loket/{id}",
};

HttpResponse not_built() {
  HttpResponse res;
  res.content_type = "text/plain; charset=utf-8";
  res.body = "meekijk: the web app is not part of this build (configured with -DMEEKIJK_WEB=OFF).\n";
  return res;
}

}  // namespace

std::vector<Route> web_routes() {
  auto table = std::make_shared<const Table>(build_file_table(dist_files()));
  auto index = [table](HttpRequest& req) {
    auto it = table->find("index.html");
    return it == table->end() ? not_built() : serve_file(it->second, req);
  };
  std::vector<Route> routes;
  routes.push_back({"GET", "/", BodyKind::none, 0, index});
  for (const char* path : kClientPaths) routes.push_back({"GET", path, BodyKind::none, 0, index});
  routes.push_back({"GET", "/assets/{file}", BodyKind::none, 0, [table](HttpRequest& req) {
                      auto it = table->find("assets/" + req.param("file"));
                      if (it == table->end()) throw Error(Errc::not_found, "Not found", "no such asset");
                      return serve_file(it->second, req);
                    }});
  return routes;
}

}  // namespace mk::web
