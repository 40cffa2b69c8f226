#pragma once
// What a file really is, from its bytes (libmagic), never from the client's claim.
#include <filesystem>
#include <string>
#include <string_view>

namespace mk::app {

// The MIME type libmagic finds in the file's content, e.g. "image/jpeg".
std::string sniff_mime_type(const std::filesystem::path& file);

// The attachment allow-list (DESIGN §4): JPEG, PNG, HEIC/HEIF, PDF.
bool allowed_attachment_type(std::string_view mime);

// Does the client's declared type name the same format as the sniffed one? A missing or
// generic declaration (application/octet-stream) claims nothing and matches.
bool declared_type_matches(std::string_view declared, std::string_view sniffed);

}  // namespace mk::app
