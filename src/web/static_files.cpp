#include "web/static_files.hpp"

#include <array>
#include <cstdint>
#include <cstdio>

namespace mk::web {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

// Calls f(piece) for every comma-separated, trimmed, non-empty piece of a header list.
template <class F>
void for_each_item(std::string_view list, F&& f) {
  while (!list.empty()) {
    auto comma = list.find(',');
    auto item = trim(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    if (!item.empty()) f(item);
  }
}

// A content hash for the ETag: two 64-bit FNV-1a lanes (different offsets), enough to tell
// builds apart; not a security property.
std::string content_tag(std::string_view body) {
  uint64_t a = 0xcbf29ce484222325ull, b = 0x84222325cbf29ce4ull;
  for (unsigned char c : body) {
    a = (a ^ c) * 0x100000001b3ull;
    b = (b ^ c) * 0x100000001b3ull + 1;
  }
  char out[40];
  std::snprintf(out, sizeof out, "\"%016llx%016llx\"", static_cast<unsigned long long>(a),
                static_cast<unsigned long long>(b));
  return out;
}

// "W/\"x\"" and "\"x\"" compare equal under weak comparison.
std::string_view opaque(std::string_view tag) {
  if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
  return tag;
}

}  // namespace

std::string_view content_type_for(std::string_view name) {
  struct Entry {
    std::string_view ext, type;
  };
  static constexpr std::array<Entry, 14> types{{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".ico", "image/x-icon"},
      {".webp", "image/webp"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".webmanifest", "application/manifest+json"},
  }};
  for (const auto& t : types)
    if (ends_with(name, t.ext)) return t.type;
  return "application/octet-stream";
}

bool accepts_gzip(std::string_view accept_encoding) {
  bool gzip = false, star = false, gzip_refused = false;
  for_each_item(accept_encoding, [&](std::string_view item) {
    auto semi = item.find(';');
    auto coding = trim(item.substr(0, semi));
    bool refused = false;
    if (semi != std::string_view::npos) {
      auto params = item.substr(semi + 1);
      auto q = params.find("q=");
      if (q != std::string_view::npos) {
        auto value = trim(params.substr(q + 2));
        refused = value.find_first_not_of("0.") == std::string_view::npos;  // q=0, q=0.0, q=0.000
      }
    }
    if (iequals(coding, "gzip") || iequals(coding, "x-gzip")) {
      gzip = gzip || !refused;
      gzip_refused = gzip_refused || refused;
    } else if (coding == "*") {
      star = !refused;
    }
  });
  return gzip || (star && !gzip_refused);
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  bool match = false;
  for_each_item(if_none_match, [&](std::string_view item) {
    match = match || item == "*" || opaque(item) == opaque(etag);
  });
  return match;
}

std::map<std::string, StaticFile, std::less<>> build_file_table(const std::vector<EmbeddedFile>& files) {
  std::map<std::string, StaticFile, std::less<>> table;
  for (const auto& f : files) {
    if (ends_with(f.name, ".gz")) continue;
    StaticFile s;
    s.content_type = std::string(content_type_for(f.name));
    s.body = f.content;
    s.etag = content_tag(f.content);
    s.immutable = f.name.rfind("assets/", 0) == 0;
    table.emplace(f.name, std::move(s));
  }
  for (const auto& f : files) {
    if (!ends_with(f.name, ".gz")) continue;
    auto it = table.find(std::string_view(f.name).substr(0, f.name.size() - 3));
    if (it != table.end() && f.content.size() < it->second.body.size()) it->second.gzip = f.content;
  }
  return table;
}

HttpResponse serve_file(const StaticFile& file, const HttpRequest& req) {
  bool gzip = !file.gzip.empty() && accepts_gzip(req.header("accept-encoding").value_or(""));
  // Each representation has its own tag, so a cache never mixes them up.
  std::string etag = gzip ? file.etag.substr(0, file.etag.size() - 1) + "-gz\"" : file.etag;
  HttpResponse res;
  res.content_type = file.content_type;
  res.header("ETag", etag);
  res.header("Cache-Control", file.immutable ? "public, max-age=31536000, immutable" : "no-cache");
  if (!file.gzip.empty()) res.header("Vary", "Accept-Encoding");
  if (file.content_type.rfind("text/html", 0) == 0) {
    res.header("Content-Security-Policy", std::string(kContentSecurityPolicy));
    res.header("X-Frame-Options", "DENY");
  }
  if (auto inm = req.header("if-none-match"); inm && etag_matches(*inm, etag)) {
    res.status = 304;
    return res;
  }
  if (gzip) {
    res.header("Content-Encoding", "gzip");
    res.body = file.gzip;
  } else {
    res.body = file.body;
  }
  return res;
}

}  // namespace mk::web
