#pragma once
// The on-site session tables' columns and row decoding, shared by both backends
// (tx_sessions.cpp); see billing_rows.hpp for why one template serves sqlite::Query and pg::Row.
#include <string>
#include <vector>

#include "core/error.hpp"
#include "domain/onsite.hpp"
#include "store/desk_rows.hpp"

namespace mk::store::session_rows {

inline constexpr const char* kSelect =
    "SELECT id, service_id, consultant_id, location_id, date, start_time, end_time, slots, open_to, status, "
    "cancel_reason, created_by, created_at, updated_at, version FROM onsite_sessions";
inline constexpr const char* kInsertCols =
    "id, service_id, consultant_id, location_id, date, start_time, end_time, slots, open_to, status, cancel_reason, "
    "created_by, created_at, updated_at, version";
inline constexpr int kInsertColCount = 15;
inline constexpr const char* kUpdateSet =
    "location_id = ?, date = ?, start_time = ?, end_time = ?, slots = ?, open_to = ?, status = ?, cancel_reason = ?, "
    "updated_at = ?, version = ?";
inline constexpr const char* kSelectBooking =
    "SELECT session_id, slot, consult_id, booked_at, released_at FROM onsite_bookings";

inline std::string join_ids(const std::vector<OrgId>& ids) {
  std::vector<std::string> text;
  for (const auto& id : ids) text.push_back(id.str());
  return desk_rows::join_pc4(text);  // the same comma-separated list
}

inline std::vector<OrgId> split_ids(const std::string& text) {
  std::vector<OrgId> out;
  if (text.empty()) return out;
  for (auto& s : desk_rows::split_pc4(text)) out.emplace_back(s);
  return out;
}

template <class R>
domain::OnsiteSession session(const R& r) {
  domain::OnsiteSession s;
  s.id = r.text(0);
  s.service_id = ServiceId(r.text(1));
  s.consultant_id = UserId(r.text(2));
  s.location_id = OrgId(r.text(3));
  auto date = parse_date(r.text(4));
  auto status = domain::parse_session_status(r.text(9));
  if (!date || !status) throw Error(Errc::internal, "Database error", "unknown value in onsite_sessions");
  s.date = *date;
  s.start = r.text(5);
  s.end = r.text(6);
  s.slots = r.integer(7);
  s.open_to = split_ids(r.text(8));
  s.status = *status;
  s.cancel_reason = r.text(10);
  s.created_by = UserId(r.text(11));
  s.created_at = r.timestamp(12);
  s.updated_at = r.timestamp(13);
  s.version = r.integer(14);
  return s;
}

template <class R>
domain::Booking booking(const R& r) {
  domain::Booking b;
  b.session_id = r.text(0);
  b.slot = r.integer(1);
  b.consult_id = ConsultId(r.text(2));
  b.booked_at = r.timestamp(3);
  if (!r.is_null(4)) b.released_at = r.timestamp(4);
  return b;
}

}  // namespace mk::store::session_rows
