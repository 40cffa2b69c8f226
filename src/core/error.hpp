#pragma once
// The one error type: thrown to end a request, caught in one place (http/), mapped to a
// status and a problem+json (API) or OperationOutcome (FHIR).
#include <exception>
#include <string>
#include <vector>

namespace mk {

enum class Errc {
  bad_request,             // 400: malformed syntax (JSON, headers, query)
  unauthorized,            // 401: no or bad credentials
  forbidden,               // 403: visible, but this role may not do this
  not_found,               // 404: absent, or invisible to the caller (no existence leak)
  method_not_allowed,      // 405
  not_acceptable,          // 406: no representation the client accepts (FHIR: XML asked for)
  conflict,                // 409: state machine refuses, or a key is reused
  precondition_failed,     // 412
  payload_too_large,       // 413
  unsupported_media_type,  // 415
  validation,              // 422: well-formed but invalid fields
  too_many_requests,       // 429
  internal,                // 500: our own bug
  unavailable,             // 503: database gone, overloaded, shutting down
};

struct FieldError {
  std::string field;
  std::string message;
};

class Error : public std::exception {
 public:
  Error(Errc code, std::string title, std::string detail = {}, std::vector<FieldError> errors = {});

  Errc code() const noexcept { return code_; }
  const std::string& title() const noexcept { return title_; }
  const std::string& detail() const noexcept { return detail_; }
  const std::vector<FieldError>& errors() const noexcept { return errors_; }
  const char* what() const noexcept override { return what_.c_str(); }

 private:
  Errc code_;
  std::string title_;
  std::string detail_;
  std::vector<FieldError> errors_;
  std::string what_;
};

int http_status(Errc code) noexcept;
const char* errc_slug(Errc code) noexcept;  // stable name used in problem type URIs

// Validation collects every issue before failing, so a client sees all of them at once.
class Validation {
 public:
  void add(std::string field, std::string message);  // keeps the first message per field
  void require(bool ok, std::string field, std::string message);
  bool ok() const noexcept { return errors_.empty(); }
  // Throws Error{Errc::validation} when any issue was added.
  void throw_if_any(const std::string& title = "The request has invalid fields") const;
  const std::vector<FieldError>& errors() const noexcept { return errors_; }

 private:
  std::vector<FieldError> errors_;
};

}  // namespace mk
