#include "fhir/consult_parts.hpp"

#include <string>

namespace mk::fhir::consult {
namespace {

template <class PartId>
ConsultId lookup(app::Consults& consults, const PartId& id, std::string_view type) {
  auto consult_id = consults.consult_of(id);
  if (!consult_id) throw Error(Errc::not_found, "Not found", "no " + std::string(type) + " '" + id.str() + "'");
  return *consult_id;
}

}  // namespace

ConsultId consult_of_part(app::Consults& consults, const AttachmentId& id, std::string_view type) {
  return lookup(consults, id, type);
}

ConsultId consult_of_part(app::Consults& consults, const MessageId& id, std::string_view type) {
  return lookup(consults, id, type);
}

}  // namespace mk::fhir::consult
