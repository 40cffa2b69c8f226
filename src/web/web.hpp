#pragma once
// The web app (web/, built by Vite) served from the binary: GET / and the client-side paths
// answer index.html, GET /assets/{file} the hashed bundles. The files are compiled in at build
// time (src/web/CMakeLists.txt), so a deployment is the one binary.
#include <vector>

#include "core/http_message.hpp"

namespace mk::web {

std::vector<Route> web_routes();

}  // namespace mk::web
