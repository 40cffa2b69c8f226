#include "api/multipart.hpp"

#include <fstream>
#include <vector>

#include "core/error.hpp"

namespace mk::api {
namespace {

constexpr size_t kChunk = 1 << 16;
constexpr size_t kMaxHeaders = 16 * 1024;

[[noreturn]] void malformed(const std::string& why) {
  throw Error(Errc::bad_request, "Malformed multipart body", why);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A parameter of a header value: name="value" or name=value.
std::optional<std::string> param(std::string_view header, std::string_view name) {
  auto l = lower(header);
  std::string key = std::string(name) + "=";
  for (size_t pos = l.find(key); pos != std::string::npos; pos = l.find(key, pos + 1)) {
    if (pos > 0 && l[pos - 1] != ' ' && l[pos - 1] != ';') continue;
    auto v = header.substr(pos + key.size());
    if (!v.empty() && v.front() == '"') {
      auto end = v.find('"', 1);
      if (end == std::string_view::npos) return std::nullopt;
      return std::string(v.substr(1, end - 1));
    }
    return std::string(v.substr(0, v.find(';')));
  }
  return std::nullopt;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() + 0 && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// Reads the body in chunks; `buf` holds what has been read but not yet consumed.
struct Reader {
  std::ifstream in;
  std::string buf;
  bool fill() {
    std::vector<char> chunk(kChunk);
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    auto n = in.gcount();
    buf.append(chunk.data(), static_cast<size_t>(n));
    return n > 0;
  }
  // Consumes through `token`, passing what precedes it to sink; false at end of input.
  template <class Sink>
  bool until(std::string_view token, Sink&& sink) {
    for (;;) {
      auto pos = buf.find(token);
      if (pos != std::string::npos) {
        sink(std::string_view(buf).substr(0, pos));
        buf.erase(0, pos + token.size());
        return true;
      }
      if (buf.size() > token.size()) {
        size_t keep = token.size();
        sink(std::string_view(buf).substr(0, buf.size() - keep));
        buf.erase(0, buf.size() - keep);
      }
      if (!fill()) return false;
    }
  }
};

}  // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
  if (lower(content_type).rfind("multipart/form-data", 0) != 0) return std::nullopt;
  auto b = param(content_type, "boundary");
  if (!b || b->empty() || b->size() > 200) return std::nullopt;
  return b;
}

FilePart extract_file_part(const std::filesystem::path& body, const std::string& boundary,
                           const std::filesystem::path& out) {
  Reader r{std::ifstream(body, std::ios::binary), {}};
  if (!r.in) malformed("the upload could not be read");
  std::string delimiter = "--" + boundary;
  if (!r.until(delimiter, [](std::string_view) {})) malformed("no boundary found");
  for (;;) {
    std::string headers;
    if (!r.until("\r\n\r\n", [&](std::string_view s) {
          headers.append(s);
          if (headers.size() > kMaxHeaders) malformed("part headers too long");
        }))
      malformed("a part has no end of headers");
    FilePart part;
    for (size_t pos = 0; pos < headers.size();) {
      auto end = headers.find("\r\n", pos);
      auto line = std::string_view(headers).substr(pos, end == std::string::npos ? std::string::npos : end - pos);
      auto colon = line.find(':');
      if (colon != std::string_view::npos) {
        auto name = lower(line.substr(0, colon));
        auto value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
        if (name == "content-disposition") {
          if (auto f = param(value, "filename*")) {
            auto tick = f->find("''");
            part.filename = percent_decode(tick == std::string::npos ? *f : f->substr(tick + 2));
          } else if (auto f2 = param(value, "filename")) {
            part.filename = *f2;
          }
        } else if (name == "content-type") {
          part.content_type = std::string(value);
        }
      }
      if (end == std::string::npos) break;
      pos = end + 2;
    }
    std::string closing = "\r\n" + delimiter;
    if (!part.filename.empty() || headers.find("filename") != std::string::npos) {
      std::ofstream o(out, std::ios::binary | std::ios::trunc);
      if (!o.is_open()) throw Error(Errc::unavailable, "Upload could not be stored");
      if (!r.until(closing, [&](std::string_view s) {
            o.write(s.data(), static_cast<std::streamsize>(s.size()));
            part.size += s.size();
          }))
        malformed("the file part is not terminated by the boundary");
      o.close();
      if (!o) throw Error(Errc::unavailable, "Upload could not be stored");
      part.file = out;
      return part;
    }
    if (!r.until(closing, [](std::string_view) {})) malformed("a part is not terminated by the boundary");
    if (r.buf.size() < 2 && !r.fill()) malformed("the body ends early");
    if (r.buf.rfind("--", 0) == 0) malformed("the form has no file part");
  }
}

}  // namespace mk::api
