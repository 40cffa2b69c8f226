#pragma once
// The consult aggregate (DESIGN §4): header fields, the patient as entered by the GP, and the
// thread (messages), attachments and timeline (events).
#include <optional>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "core/time.hpp"
#include "domain/enums.hpp"
#include "domain/intake.hpp"

namespace mk::domain {

struct Patient {
  PatientId id;
  std::string bsn;  // 9 digits, 11-check
  std::string name;
  std::optional<Date> birth_date;
  Sex sex = Sex::unknown;
  std::string postcode;  // "3083AB" (normalised: no space, upper case)
};

// An identifier a client system gave a consult at create (FHIR ServiceRequest.identifier):
// unique per requesting practice, system and value.
struct ExternalIdentifier {
  std::string system;
  std::string value;
  bool operator==(const ExternalIdentifier&) const = default;
};

struct Answer {
  std::string advice;
  bool referral_advised = false;
  int minutes_spent = 0;
};

struct Outcome {
  OutcomeResult result = OutcomeResult::treated_by_gp;
  int usefulness = 0;  // 1..5
  bool learned = false;
  std::string note;
};

struct FollowUp {
  bool referred_within_90d = false;
  Timestamp recorded_at;
  UserId recorded_by;
};

struct Message {
  MessageId id;
  ConsultId consult_id;
  Timestamp at;
  UserId author_id;
  std::string author_name;
  MessageKind kind = MessageKind::question;
  std::string text;
};

struct Attachment {
  AttachmentId id;
  ConsultId consult_id;
  std::string sha256;  // hex; also the content-addressed file name
  std::string filename;
  std::string content_type;  // sniffed, never the client's claim
  int64_t size = 0;
  Timestamp at;
  UserId uploaded_by;
};

// One line of the timeline. `detail` is free text for humans (a redirect reason), `subject`
// the id an event is about (the new service, the assignee, the attachment).
struct ConsultEvent {
  EventId id;
  ConsultId consult_id;
  Timestamp at;
  std::string type;  // "created", "submitted", "accepted", "answered", ...
  UserId actor_id;
  std::string actor_name;
  std::optional<ConsultStatus> from_status;
  std::optional<ConsultStatus> to_status;
  std::string subject;
  std::string detail;
};

struct Consult {
  ConsultId id;
  std::string reference;  // "MK-2026-000123"
  Modality modality = Modality::e_consult;
  ServiceId service_id;
  UserId requester_id;  // the GP who asks (and stays treating physician)
  OrgId practice_id;
  UserId created_by;  // the GP, or the assistant who prepared the draft
  Patient patient;
  std::string question;
  std::string clinical_context;
  std::string patient_narrative;
  Urgency urgency = Urgency::routine;
  // Asked before the consult (how avoided referrals are measured); a draft may lack it,
  // a submitted consult never does.
  std::optional<IntendedReferral> intended_referral;
  bool patient_informed = false;
  IntakeValues intake;  // the service's intake form as filled in (keys of the service at submit)

  ConsultStatus status = ConsultStatus::draft;
  std::optional<UserId> assignee_id;
  Timestamp created_at;
  Timestamp updated_at;
  std::optional<Timestamp> submitted_at;  // first submission; the clock of the indicators
  std::optional<Timestamp> due_at;
  std::optional<Timestamp> first_answer_at;
  std::optional<Timestamp> answered_at;  // latest answer
  std::optional<Timestamp> closed_at;
  std::optional<Timestamp> cancelled_at;
  std::optional<Answer> answer;  // latest answer
  int minutes_spent_total = 0;
  int redirect_count = 0;
  std::optional<Outcome> outcome;
  std::optional<FollowUp> follow_up;
  int version = 1;  // bumped on every change; optimistic concurrency and ETags

  std::vector<Message> messages;
  std::vector<Attachment> attachments;
  std::vector<ConsultEvent> events;
};

// A row of a consult list: the header without thread, enough for an inbox.
struct ConsultSummary {
  ConsultId id;
  std::string reference;
  Modality modality = Modality::e_consult;
  ServiceId service_id;
  UserId requester_id;
  OrgId practice_id;
  Patient patient;
  std::string question;
  Urgency urgency = Urgency::routine;
  ConsultStatus status = ConsultStatus::draft;
  std::optional<UserId> assignee_id;
  Timestamp created_at;
  Timestamp updated_at;
  std::optional<Timestamp> submitted_at;
  std::optional<Timestamp> due_at;
  std::optional<Timestamp> first_answer_at;
  std::optional<Timestamp> closed_at;
  std::optional<Outcome> outcome;
  int message_count = 0;
  int attachment_count = 0;
  int version = 1;  // as Consult::version: a client sees that something changed
};

}  // namespace mk::domain
