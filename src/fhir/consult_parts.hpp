#pragma once
// Resources that are parts of a consult but are read by their own id — DocumentReference and
// Binary (an attachment), Communication (a message) — look up their consult first, then read
// it through the app (access check, audit).
#include <string_view>

#include "app/consults.hpp"

namespace mk::fhir::consult {

// The consult the attachment / message belongs to; 404 "no {type} '{id}'" when there is none.
ConsultId consult_of_part(app::Consults& consults, const AttachmentId& id, std::string_view type);
ConsultId consult_of_part(app::Consults& consults, const MessageId& id, std::string_view type);

}  // namespace mk::fhir::consult
