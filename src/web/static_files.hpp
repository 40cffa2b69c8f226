#pragma once
// The embedded build output as servable files: content type, strong ETag, cache policy and
// the gzip variant precompressed at build time. Std only, so it is unit-testable.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/embedded_file.hpp"
#include "core/http_message.hpp"

namespace mk::web {

struct StaticFile {
  std::string content_type;
  std::string body;
  std::string gzip;  // empty: no smaller precompressed variant
  std::string etag;  // strong, of the identity body: "\"<hex>\""
  bool immutable = false;  // a hashed asset: cache forever
};

// "text/html; charset=utf-8" etc. by extension; application/octet-stream when unknown.
std::string_view content_type_for(std::string_view name);

// Does the client accept gzip (a coding "gzip" or "*" without q=0)?
bool accepts_gzip(std::string_view accept_encoding);

// Does an If-None-Match header name this entity tag (or "*")? Weak comparison (RFC 9110 13.1.2).
bool etag_matches(std::string_view if_none_match, std::string_view etag);

// Builds the file table from the embedded files: "x.gz" entries become the gzip variant of
// "x"; names under assets/ are hashed by Vite and so immutable.
std::map<std::string, StaticFile, std::less<>> build_file_table(const std::vector<EmbeddedFile>& files);

// The response for a file: 200 (gzip when accepted and available) or 304 on a matching
// If-None-Match. `html_headers` adds the Content-Security-Policy etc. for HTML documents.
HttpResponse serve_file(const StaticFile& file, const HttpRequest& req);

// The policy for the app's HTML: everything from our own origin, no inline script or style.
inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

}  // namespace mk::web
