#pragma once
// multipart/form-data uploads (a browser's <form>): the first file part is copied out of the
// streamed request body into its own file, chunk by chunk, never held whole in memory.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace mk::api {

struct FilePart {
  std::filesystem::path file;  // the part's bytes
  uint64_t size = 0;
  std::string filename;
  std::string content_type;
};

// The boundary of a `multipart/form-data; boundary=...` content type, or nullopt.
std::optional<std::string> multipart_boundary(std::string_view content_type);

// Extracts the first part that carries a filename into `out`. Throws Error{bad_request} when
// the body is not well-formed multipart or has no file part.
FilePart extract_file_part(const std::filesystem::path& body, const std::string& boundary,
                           const std::filesystem::path& out);

}  // namespace mk::api
