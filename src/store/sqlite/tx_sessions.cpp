// SqliteTx: on-site sessions and their bookings (store/session_rows.hpp). One writer: a session
// read in a write transaction cannot change before commit, so bookings take turns by themselves.
#include "store/billing_rows.hpp"
#include "store/session_rows.hpp"
#include "store/sqlite/tx.hpp"

namespace mk::store::sqlite {
namespace {
namespace rows = session_rows;
using domain::Booking;
using domain::OnsiteSession;
}  // namespace

std::optional<OnsiteSession> SqliteTx::onsite_session(std::string_view id) {
  auto q = conn_.query(std::string(rows::kSelect) + " WHERE id = ?");
  q.bind(id);
  if (!q.step()) return std::nullopt;
  return rows::session(q);
}

std::vector<OnsiteSession> SqliteTx::onsite_sessions(const SessionFilter& f) {
  auto q = conn_.query(std::string(rows::kSelect) + " WHERE date >= ? AND date <= ? ORDER BY date, start_time, id");
  q.bind_all(f.from ? format_date(*f.from) : std::string("0000-00-00"), f.to ? format_date(*f.to) : std::string("9999-99-99"));
  std::vector<OnsiteSession> out;
  while (q.step()) out.push_back(rows::session(q));
  return out;
}

std::vector<Booking> SqliteTx::onsite_bookings(std::string_view session_id) {
  auto q = conn_.query(std::string(rows::kSelectBooking) + " WHERE session_id = ? AND released_at IS NULL ORDER BY slot");
  q.bind(session_id);
  std::vector<Booking> out;
  while (q.step()) out.push_back(rows::booking(q));
  return out;
}

std::optional<Booking> SqliteTx::booking_of(const ConsultId& consult) {
  auto q = conn_.query(std::string(rows::kSelectBooking) + " WHERE consult_id = ? AND released_at IS NULL");
  q.bind(consult);
  if (!q.step()) return std::nullopt;
  return rows::booking(q);
}

void SqliteTx::insert_onsite_session(const OnsiteSession& s) {
  conn_.query(std::string("INSERT INTO onsite_sessions (") + rows::kInsertCols + ") VALUES (" +
              billing_rows::value_list(rows::kInsertColCount, false) + ")")
      .bind_all(s.id, s.service_id, s.consultant_id, s.location_id, format_date(s.date), s.start, s.end,
                int64_t{s.slots}, rows::join_ids(s.open_to), std::string(domain::to_string(s.status)),
                s.cancel_reason, s.created_by, s.created_at, s.updated_at, int64_t{s.version})
      .run();
}

void SqliteTx::update_onsite_session(const OnsiteSession& s, int expected_version) {
  conn_.query(std::string("UPDATE onsite_sessions SET ") + rows::kUpdateSet + " WHERE id = ? AND version = ?")
      .bind_all(s.location_id, format_date(s.date), s.start, s.end, int64_t{s.slots}, rows::join_ids(s.open_to),
                std::string(domain::to_string(s.status)), s.cancel_reason, s.updated_at, int64_t{s.version}, s.id,
                int64_t{expected_version})
      .run();
  if (conn_.changes() != 1) throw Error(Errc::conflict, "Conflict", "the session was changed by someone else; reload it");
}

void SqliteTx::insert_booking(const Booking& b) {
  conn_.query("INSERT INTO onsite_bookings (session_id, slot, consult_id, booked_at) VALUES (?, ?, ?, ?)")
      .bind_all(b.session_id, int64_t{b.slot}, b.consult_id, b.booked_at)
      .run();
}

void SqliteTx::release_booking(const ConsultId& consult, Timestamp at) {
  conn_.query("UPDATE onsite_bookings SET released_at = ? WHERE consult_id = ? AND released_at IS NULL")
      .bind_all(at, consult)
      .run();
}

}  // namespace mk::store::sqlite
