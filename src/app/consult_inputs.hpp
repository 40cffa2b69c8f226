#pragma once
// What the API hands to the consult use cases: fields as the client sent them (absent ones
// empty), so that the use case validates everything in one place and names every bad field.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>
#include <string>

#include "app/context.hpp"
#include "core/error.hpp"
#include "domain/consult.hpp"

namespace mk::app {

struct PatientInput {
  std::optional<std::string> bsn, name, birth_date, sex, postcode;
};

struct ConsultFields {
  std::optional<std::string> service_id, question, clinical_context, patient_narrative, urgency,
      intended_referral, modality;
  std::optional<bool> patient_informed;
  std::optional<PatientInput> patient;
  std::optional<std::string> requester_id;  // an assistant prepares a draft for this GP
  std::optional<std::string> consultant_id;  // direct routing: the named consultant
  std::optional<domain::IntakeValues> intake;  // replaces the draft's intake values
  // Problems the transport already found (wrong JSON types, unknown fields), reported
  // together with the use case's own findings in one response.
  std::vector<FieldError> input_errors;
};

struct NewConsultInput {
  ConsultFields fields;
  bool draft = false;
};

struct AnswerInput {
  std::optional<std::string> advice;
  std::optional<bool> referral_advised;
  std::optional<int64_t> minutes_spent;
};

struct RedirectInput {
  std::optional<std::string> service_id, reason;
};

struct CloseInput {
  std::optional<std::string> result, note;
  std::optional<int64_t> usefulness;
  std::optional<bool> learned;
};

struct UploadInput {
  std::filesystem::path temp_file;  // streamed to disk by the transport
  uint64_t size = 0;
  std::string declared_content_type;  // what the client claimed
  std::string filename;
};

struct ListInput {
  std::string box;     // practice | service | assigned | follow_up; "" = the role's default
  std::string status;  // comma-separated statuses
  std::string q;
  std::string cursor;
  int limit = 50;
  bool overdue = false;  // only consults past due_at without a first answer
};

}  // namespace mk::app
