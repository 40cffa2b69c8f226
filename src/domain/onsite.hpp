#pragma once
// On-site meekijkconsult (DESIGN §4, issue 8 part 1): a specialist or kader GP visits a practice
// or health centre and sees a list of patients together with their GPs. A session offers
// numbered slots 1..slots; GPs of the practices it is open to book a patient into a free slot,
// and each booking is a consult with modality on_site that follows the normal states after the
// visit. A slot holds at most one active booking; a released booking (the consult was cancelled,
// or the session was) frees it.
#include <optional>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "core/time.hpp"

namespace mk::domain {

enum class SessionStatus { planned, cancelled };

struct OnsiteSession {
  std::string id;
  ServiceId service_id;
  UserId consultant_id;
  OrgId location_id;        // the practice or health centre visited
  Date date{};              // Europe/Amsterdam calendar day
  std::string start, end;   // local "HH:MM", start < end
  int slots = 0;            // 1..kMaxSlots
  std::vector<OrgId> open_to;  // practices, or care groups meaning all their practices
  SessionStatus status = SessionStatus::planned;
  std::string cancel_reason;
  UserId created_by;
  Timestamp created_at{}, updated_at{};
  int version = 1;
};

struct Booking {
  std::string session_id;
  int slot = 0;
  ConsultId consult_id;
  Timestamp booked_at{};
  std::optional<Timestamp> released_at;  // none: the booking holds its slot
};

inline constexpr int kMaxSlots = 60;

std::string_view to_string(SessionStatus s);
std::optional<SessionStatus> parse_session_status(std::string_view s);

// "HH:MM" with 00 ≤ HH ≤ 23 and 00 ≤ MM ≤ 59; minutes since midnight, or none.
std::optional<int> parse_clock_time(std::string_view text);
// The instant a local time of day is reached on a local calendar day (Europe/Amsterdam).
Timestamp amsterdam_at(Date d, std::string_view hh_mm);
// The lowest slot in 1..slots not in `taken`; none when the session is full.
std::optional<int> first_free_slot(int slots, const std::vector<int>& taken);

}  // namespace mk::domain
