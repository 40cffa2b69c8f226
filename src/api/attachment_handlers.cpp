// Attachment upload (raw body with ?filename=, or multipart/form-data) and download.
#include "api/handlers.hpp"
#include "api/multipart.hpp"
#include "api/render.hpp"

namespace mk::api::attachments {

HttpResponse upload(app::Consults& consults, HttpRequest& req, const Ctx& ctx) {
  std::string content_type(req.header("content-type").value_or(""));
  app::UploadInput in;
  std::filesystem::path extracted;
  if (auto boundary = multipart_boundary(content_type)) {
    extracted = req.body_file;
    extracted += ".part";
    auto part = extract_file_part(req.body_file, *boundary, extracted);
    in = {part.file, part.size, part.content_type, part.filename};
  } else {
    in = {req.body_file, req.body_size, content_type, std::string(req.query_param("filename").value_or(""))};
  }
  try {
    auto a = consults.add_attachment(ctx, ConsultId(req.param("id")), in);
    if (!extracted.empty()) std::filesystem::remove(extracted);
    auto res = json_response(201, render_attachment(a));
    res.header("Location", "/api/v1/consults/" + req.param("id") + "/attachments/" + a.id.str());
    return res;
  } catch (...) {
    std::error_code ec;
    if (!extracted.empty()) std::filesystem::remove(extracted, ec);
    throw;
  }
}

HttpResponse download(app::Consults& consults, HttpRequest& req, const Ctx& ctx) {
  auto d = consults.attachment(ctx, ConsultId(req.param("id")), AttachmentId(req.param("aid")));
  HttpResponse res;
  res.content_type = d.attachment.content_type;
  res.file = d.file;
  // RFC 6266 / 5987: an ASCII fallback and the exact UTF-8 name.
  std::string ascii, encoded;
  for (unsigned char ch : d.attachment.filename) {
    ascii.push_back(ch < 0x80 && ch != '"' && ch != '\\' ? static_cast<char>(ch) : '_');
    if (std::isalnum(ch) || ch == '.' || ch == '-' || ch == '_') {
      encoded.push_back(static_cast<char>(ch));
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", ch);
      encoded += hex;
    }
  }
  res.header("Content-Disposition", "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded);
  res.header("Content-Security-Policy", "sandbox; default-src 'none'");
  res.header("Cache-Control", "private, no-store");
  res.header("ETag", "\"" + d.attachment.sha256 + "\"");
  return res;
}

}  // namespace mk::api::attachments
