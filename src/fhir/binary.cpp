// Binary: an attachment's bytes. Raw, with the file's type, unless the client asks for FHIR
// JSON — then a Binary resource with base64 data (docs/fhir.md).
#include <fstream>
#include <sstream>

#include "app/crypto.hpp"
#include "fhir/consult_parts.hpp"
#include "fhir/resources.hpp"
#include "fhir/support.hpp"

namespace mk::fhir {
namespace {

// Accept or _format naming FHIR JSON (or plain JSON) explicitly; */* and none mean the file.
bool wants_resource(const HttpRequest& req) {
  auto format = req.query_param("_format");
  auto accept = std::string(format ? *format : req.header("accept").value_or(""));
  return accept.find("json") != std::string::npos;
}

json::object binary_resource(const app::AttachmentDownload& d) {
  std::ifstream in(d.file, std::ios::binary);
  if (!in) throw Error(Errc::internal, "Attachment unreadable", "the stored file is missing");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return {{"resourceType", "Binary"},
          {"id", d.attachment.id.str()},
          {"meta", meta("", d.attachment.at)},
          {"contentType", d.attachment.content_type},
          {"securityContext", reference("ServiceRequest", d.attachment.consult_id.str())},
          {"data", app::base64_encode(bytes.str())}};
}

}  // namespace

ResourceDefinition binary_resource(const FhirServices& s) {
  app::Consults& consults = s.consults;
  ResourceDefinition d;
  d.type = "Binary";
  d.documentation = "An attachment's content: the raw file, or a Binary resource (base64) for application/fhir+json.";
  d.negotiate = false;
  d.read = [&consults](HttpRequest& req, const Ctx& ctx) {
    AttachmentId id(req.param("id"));
    auto download = consults.attachment(ctx, consult::consult_of_part(consults, id, "Binary"), id);
    if (wants_resource(req)) return resource_response(200, binary_resource(download));
    HttpResponse r;
    r.content_type = download.attachment.content_type;
    r.file = download.file;
    r.header("X-Content-Type-Options", "nosniff");
    return r;
  };
  return d;
}

}  // namespace mk::fhir
