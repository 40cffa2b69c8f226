// PgTx: on-site sessions and their bookings (store/session_rows.hpp). In a write transaction a
// session is read FOR UPDATE: bookings of one session take turns, so "the first free slot" is
// chosen one booker at a time; the partial unique index stays the last line of defence.
#include "store/billing_rows.hpp"
#include "store/postgres/rows.hpp"
#include "store/postgres/tx.hpp"
#include "store/session_rows.hpp"

namespace mk::store::pg {
namespace {
namespace rows = session_rows;
using domain::Booking;
using domain::OnsiteSession;
}  // namespace

std::optional<OnsiteSession> PgTx::onsite_session(std::string_view id) {
  std::string sql = std::string(rows::kSelect) + " WHERE id = $1";
  if (mode_ == Mode::write) sql += " FOR UPDATE";
  auto r = conn_.exec(sql, Params().add(id));
  if (r.rows() == 0) return std::nullopt;
  return rows::session(r.row(0));
}

std::vector<OnsiteSession> PgTx::onsite_sessions(const SessionFilter& f) {
  auto r = conn_.exec(std::string(rows::kSelect) + " WHERE date >= $1 AND date <= $2 ORDER BY date, start_time, id",
                      Params().add_all(f.from ? format_date(*f.from) : std::string("0000-00-00"),
                                       f.to ? format_date(*f.to) : std::string("9999-99-99")));
  std::vector<OnsiteSession> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(rows::session(r.row(i)));
  return out;
}

std::vector<Booking> PgTx::onsite_bookings(std::string_view session_id) {
  auto r = conn_.exec(std::string(rows::kSelectBooking) + " WHERE session_id = $1 AND released_at IS NULL ORDER BY slot",
                      Params().add(session_id));
  std::vector<Booking> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(rows::booking(r.row(i)));
  return out;
}

std::optional<Booking> PgTx::booking_of(const ConsultId& consult) {
  auto r = conn_.exec(std::string(rows::kSelectBooking) + " WHERE consult_id = $1 AND released_at IS NULL",
                      Params().add(consult));
  if (r.rows() == 0) return std::nullopt;
  return rows::booking(r.row(0));
}

void PgTx::insert_onsite_session(const OnsiteSession& s) {
  conn_.exec(std::string("INSERT INTO onsite_sessions (") + rows::kInsertCols + ") VALUES (" +
                 billing_rows::value_list(rows::kInsertColCount, true) + ")",
             Params().add_all(s.id, s.service_id, s.consultant_id, s.location_id, format_date(s.date), s.start, s.end,
                              int64_t{s.slots}, rows::join_ids(s.open_to), std::string(domain::to_string(s.status)),
                              s.cancel_reason, s.created_by, s.created_at, s.updated_at, int64_t{s.version}));
}

void PgTx::update_onsite_session(const OnsiteSession& s, int expected_version) {
  auto r = conn_.exec(
      numbered(std::string("UPDATE onsite_sessions SET ") + rows::kUpdateSet + " WHERE id = ? AND version = ?"),
      Params().add_all(s.location_id, format_date(s.date), s.start, s.end, int64_t{s.slots}, rows::join_ids(s.open_to),
                       std::string(domain::to_string(s.status)), s.cancel_reason, s.updated_at, int64_t{s.version}, s.id,
                       int64_t{expected_version}));
  if (r.affected() != 1) throw Error(Errc::conflict, "Conflict", "the session was changed by someone else; reload it");
}

void PgTx::insert_booking(const Booking& b) {
  conn_.exec("INSERT INTO onsite_bookings (session_id, slot, consult_id, booked_at) VALUES ($1, $2, $3, $4)",
             Params().add_all(b.session_id, int64_t{b.slot}, b.consult_id, b.booked_at));
}

void PgTx::release_booking(const ConsultId& consult, Timestamp at) {
  conn_.exec("UPDATE onsite_bookings SET released_at = $1 WHERE consult_id = $2 AND released_at IS NULL",
             Params().add_all(at, consult));
}

}  // namespace mk::store::pg
