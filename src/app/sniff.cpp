#include "app/sniff.hpp"

#include <magic.h>

#include <memory>

#include "core/error.hpp"

namespace mk::app {
namespace {

std::string canonical(std::string_view mime) {
  auto semi = mime.find(';');
  std::string m(mime.substr(0, semi));
  while (!m.empty() && (m.back() == ' ' || m.back() == '\t')) m.pop_back();
  for (auto& ch : m) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (m == "image/jpg" || m == "image/pjpeg") return "image/jpeg";
  if (m == "image/heif" || m == "image/heic-sequence" || m == "image/heif-sequence") return "image/heic";
  return m;
}

}  // namespace

std::string sniff_mime_type(const std::filesystem::path& file) {
  // A handle per call: libmagic handles are not thread-safe, and an upload costs far more.
  std::unique_ptr<magic_set, decltype(&magic_close)> magic(magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR), magic_close);
  if (!magic || magic_load(magic.get(), nullptr) != 0)
    throw Error(Errc::internal, "the file type database (libmagic) could not be loaded");
  const char* type = magic_file(magic.get(), file.c_str());
  if (!type) throw Error(Errc::internal, "the uploaded file could not be examined");
  return canonical(type);
}

bool allowed_attachment_type(std::string_view mime) {
  auto m = canonical(mime);
  return m == "image/jpeg" || m == "image/png" || m == "image/heic" || m == "application/pdf";
}

bool declared_type_matches(std::string_view declared, std::string_view sniffed) {
  auto d = canonical(declared);
  if (d.empty() || d == "application/octet-stream") return true;
  return d == canonical(sniffed);
}

}  // namespace mk::app
