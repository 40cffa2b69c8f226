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

struct UploadInput {
  std::filesystem::path temp_file;  // streamed to disk by the transport
  uint64_t size = 0;
  std::string declared_content_type;  // what the client claimed
  std::string filename;
};

struct NewConsultInput {
  ConsultFields fields;
  bool draft = false;
  // Identifiers of the client's own system (FHIR ServiceRequest.identifier), unique per practice.
  std::vector<domain::ExternalIdentifier> identifiers;
  // Files attached in the same transaction as the create (a FHIR transaction Bundle).
  std::vector<UploadInput> attachments;
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

struct ListInput {
  std::string box;     // practice | service | assigned | follow_up; "" = the role's default
  std::string status;  // comma-separated statuses
  std::string q;
  std::string cursor;
  int limit = 50;
  bool overdue = false;  // only consults past due_at without a first answer
};

// The FHIR searches (issue 7) over the consults the caller may see: each set field must match.
struct ConsultSearch {
  std::vector<ConsultId> ids;
  std::vector<domain::ConsultStatus> statuses;  // any of these
  std::vector<ServiceId> service_ids;           // any of these (performer, Task.owner)
  std::optional<UserId> assignee_id;
  bool unassigned = false;
  std::optional<PatientId> patient_id;
  std::string patient_bsn;
  std::optional<UserId> requester_id;
  std::string reference;
  std::optional<domain::ExternalIdentifier> identifier;
  std::optional<Timestamp> submitted_from, submitted_to;  // [from, to)
  std::optional<Timestamp> updated_from, updated_to;      // [from, to)
  std::string cursor;
  int limit = 20;
};

}  // namespace mk::app
