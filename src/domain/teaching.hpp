#pragma once
// The teaching-case library (issue 8, part 3): a closed consult that both the asking GP and the
// advising consultant agreed to publish, as question and advice for the region's GPs — without
// any patient data. Attachments only when both included them.
#include <optional>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "core/time.hpp"
#include "domain/consult.hpp"

namespace mk::domain {

// One side's agreement: the GP's or the consultant's.
struct TeachingConsent {
  ConsultId consult_id;
  std::string party;  // "gp" | "consultant"
  UserId user_id;
  bool agree = false;
  std::vector<AttachmentId> attachments;  // the attachments this side wants included
  Timestamp at{};
};

struct TeachingCase {
  std::string id;
  ConsultId consult_id;  // internal only: never shown (it leads back to the patient)
  ServiceId service_id;
  std::string specialty;
  std::string title;
  std::string question;
  std::string advice;
  std::vector<AttachmentId> attachments;  // both sides included them; shown without file names
  Timestamp published_at{};
  int64_t reads = 0;
};

// The text with the patient's data replaced: every 9-digit number that passes the BSN 11-check
// (also written with dots, spaces or dashes) → "[BSN]", the patient's names (each part of two or
// more letters, whole words, ignoring case and accents) → "[naam]", the birth date in the usual
// Dutch and ISO notations → "[geboortedatum]", the postcode (with or without the space) →
// "[postcode]".
std::string scrub_patient_data(std::string_view text, const Patient& patient);

// Whether `text` still holds one of the patient's data (the check behind scrub_patient_data,
// used by tests and as a last guard before publishing).
bool mentions_patient(std::string_view text, const Patient& patient);

}  // namespace mk::domain
