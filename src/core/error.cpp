#include "core/error.hpp"

namespace mk {

Error::Error(Errc code, std::string title, std::string detail, std::vector<FieldError> errors)
    : code_(code), title_(std::move(title)), detail_(std::move(detail)), errors_(std::move(errors)) {
  what_ = title_;
  if (!detail_.empty()) what_ += ": " + detail_;
}

int http_status(Errc code) noexcept {
  switch (code) {
    case Errc::bad_request: return 400;
    case Errc::unauthorized: return 401;
    case Errc::forbidden: return 403;
    case Errc::not_found: return 404;
    case Errc::method_not_allowed: return 405;
    case Errc::not_acceptable: return 406;
    case Errc::conflict: return 409;
    case Errc::precondition_failed: return 412;
    case Errc::payload_too_large: return 413;
    case Errc::unsupported_media_type: return 415;
    case Errc::validation: return 422;
    case Errc::too_many_requests: return 429;
    case Errc::internal: return 500;
    case Errc::unavailable: return 503;
  }
  return 500;
}

const char* errc_slug(Errc code) noexcept {
  switch (code) {
    case Errc::bad_request: return "bad-request";
    case Errc::unauthorized: return "unauthorized";
    case Errc::forbidden: return "forbidden";
    case Errc::not_found: return "not-found";
    case Errc::method_not_allowed: return "method-not-allowed";
    case Errc::not_acceptable: return "not-acceptable";
    case Errc::conflict: return "conflict";
    case Errc::precondition_failed: return "precondition-failed";
    case Errc::payload_too_large: return "payload-too-large";
    case Errc::unsupported_media_type: return "unsupported-media-type";
    case Errc::validation: return "validation";
    case Errc::too_many_requests: return "too-many-requests";
    case Errc::internal: return "internal";
    case Errc::unavailable: return "unavailable";
  }
  return "internal";
}

void Validation::add(std::string field, std::string message) {
  // One message per field: the first problem found is the one to fix.
  for (const auto& e : errors_)
    if (e.field == field) return;
  errors_.push_back({std::move(field), std::move(message)});
}

void Validation::require(bool ok, std::string field, std::string message) {
  if (!ok) add(std::move(field), std::move(message));
}

void Validation::throw_if_any(const std::string& title) const {
  if (errors_.empty()) return;
  std::string detail = errors_.front().field + ": " + errors_.front().message;
  if (errors_.size() > 1) detail += " (and " + std::to_string(errors_.size() - 1) + " more)";
  throw Error(Errc::validation, title, detail, errors_);
}

}  // namespace mk
