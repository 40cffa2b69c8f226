// PgTx: the consult aggregate (header + messages, events, attachments), patients and the
// per-year reference counter.
#include "store/report_cells.hpp"
#include "store/postgres/consult_rows.hpp"
#include "store/postgres/rows.hpp"
#include "store/postgres/tx.hpp"

namespace mk::store::pg {
namespace {

domain::Message read_message(const Row& r) {
  return domain::Message{MessageId(r.text(0)), ConsultId(r.text(1)), r.timestamp(2), UserId(r.text(3)),
                         r.text(4), enum_col<domain::MessageKind>(r, 5), r.text(6)};
}

domain::ConsultEvent read_event(const Row& r) {
  return domain::ConsultEvent{EventId(r.text(0)),
                              ConsultId(r.text(1)),
                              r.timestamp(2),
                              r.text(3),
                              UserId(r.text(4)),
                              r.text(5),
                              opt_enum_col<domain::ConsultStatus>(r, 6),
                              opt_enum_col<domain::ConsultStatus>(r, 7),
                              r.text(8),
                              r.text(9)};
}

constexpr const char* kAttachmentSelect =
    "SELECT id, consult_id, sha256, filename, content_type, size, at, uploaded_by FROM attachments ";

Attachment read_attachment(const Row& r) {
  return Attachment{AttachmentId(r.text(0)), ConsultId(r.text(1)), r.text(2), r.text(3), r.text(4),
                    r.int64(5), r.timestamp(6), UserId(r.text(7))};
}

}  // namespace

// The upsert takes the year's row lock: concurrent writers queue on it and each sees the
// number its predecessor committed, so numbers stay dense and unique without retries; a
// rolled-back transaction releases its increment.
int64_t PgTx::next_reference_number(int year) {
  auto r = conn_.exec(
      "INSERT INTO reference_counters (year, last) VALUES ($1, 1) "
      "ON CONFLICT (year) DO UPDATE SET last = reference_counters.last + 1 RETURNING last",
      Params().add(year));
  return r.first().int64(0);
}

PatientId PgTx::save_patient(const Patient& p) {
  report_cells::Change cells(*this, report_cells::of_patient(p.id));
  auto r = conn_.exec(
      "INSERT INTO patients (id, bsn, name, birth_date, sex, postcode) VALUES ($1, $2, $3, $4, $5, $6) "
      "ON CONFLICT (id) DO UPDATE SET bsn = excluded.bsn, name = excluded.name, birth_date = excluded.birth_date, "
      "sex = excluded.sex, postcode = excluded.postcode RETURNING id",
      patient_params(p));
  cells.apply();
  return PatientId(r.first().text(0));
}

// In a write transaction the row is locked until commit (FOR UPDATE): a concurrent change
// of the same consult waits, then reads the version this one committed.
std::optional<Consult> PgTx::consult(const ConsultId& id) { return load_consult(id, mode_ == Mode::write); }

// A read transaction has one snapshot (REPEATABLE READ). A write transaction is READ
// COMMITTED, where each statement sees what was committed when it began: a change committed
// between the header and the children would mix two versions. Every change of a consult
// moves its version (the Workflow counts it, update_consult checks it), so the version read
// again after the children tells whether they belong to the header; if not, read again — and
// when the consult keeps changing, take the lock after all and wait like a change.
std::optional<Consult> PgTx::consult_for_read(const ConsultId& id) {
  if (mode_ == Mode::read) return load_consult(id, false);
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto c = load_consult(id, false);
    if (!c) return c;
    auto now = conn_.exec("SELECT version FROM consults WHERE id = $1", Params().add(id));
    if (now.rows() == 1 && now.first().integer(0) == c->version) return c;
  }
  return load_consult(id, true);
}

std::optional<Consult> PgTx::load_consult(const ConsultId& id, bool lock) {
  static const std::string read_sql = consult_header_select() + "WHERE c.id = $1";
  static const std::string lock_sql = read_sql + " FOR UPDATE OF c";
  auto r = conn_.exec(lock ? lock_sql : read_sql, Params().add(id));
  if (r.rows() == 0) return std::nullopt;
  Consult c = read_consult_header(r.row(0));
  load_children(c);
  return c;
}

void PgTx::load_children(Consult& c) {
  auto m = conn_.exec(
      "SELECT id, consult_id, at, author_id, author_name, kind, text FROM consult_messages "
      "WHERE consult_id = $1 ORDER BY at, seq",
      Params().add(c.id));
  for (int i = 0; i < m.rows(); ++i) c.messages.push_back(read_message(m.row(i)));
  auto e = conn_.exec(
      "SELECT id, consult_id, at, type, actor_id, actor_name, from_status, to_status, subject, detail "
      "FROM consult_events WHERE consult_id = $1 ORDER BY at, seq",
      Params().add(c.id));
  for (int i = 0; i < e.rows(); ++i) c.events.push_back(read_event(e.row(i)));
  auto a = conn_.exec(std::string(kAttachmentSelect) + "WHERE consult_id = $1 ORDER BY at, seq", Params().add(c.id));
  for (int i = 0; i < a.rows(); ++i) c.attachments.push_back(read_attachment(a.row(i)));
}

std::optional<Attachment> PgTx::attachment(const ConsultId& consult, const AttachmentId& id) {
  auto r = conn_.exec(std::string(kAttachmentSelect) + "WHERE consult_id = $1 AND id = $2",
                      Params().add_all(consult, id));
  if (r.rows() == 0) return std::nullopt;
  return read_attachment(r.row(0));
}

void PgTx::insert_consult(const Consult& c) {
  auto cells = report_cells::change_of_new_consult(*this, c);
  const PatientId& patient = c.patient.id;
  Params p;
  p.add(c.id);
  add_consult_header(p, c, patient);
  conn_.exec(consult_insert_sql(), p);
  for (const auto& m : c.messages) insert_message(c.id, m);
  for (const auto& e : c.events) insert_event(c.id, e);
  for (const auto& a : c.attachments) insert_attachment(c.id, a);
  if (cells) cells->apply();
}

void PgTx::update_consult(const Consult& c, const ConsultMark& before) {
  report_cells::Change cells(*this, report_cells::of_consult(c.id));
  const PatientId& patient = c.patient.id;
  Params p;
  add_consult_header(p, c, patient);
  p.add_all(c.id, before.version);
  if (conn_.exec(consult_update_sql(), p).affected() == 0)
    throw Error(Errc::conflict, "Concurrent change",
                "consult " + c.id.str() + " is no longer at version " + std::to_string(before.version));
  for (size_t i = before.messages; i < c.messages.size(); ++i) insert_message(c.id, c.messages[i]);
  for (size_t i = before.events; i < c.events.size(); ++i) insert_event(c.id, c.events[i]);
  for (size_t i = before.attachments; i < c.attachments.size(); ++i) insert_attachment(c.id, c.attachments[i]);
  cells.apply();
}

void PgTx::insert_message(const ConsultId& consult, const domain::Message& m) {
  static const std::string sql = insert_sql("consult_messages", kMessageCols, 7);
  conn_.exec(sql, message_params(consult, m));
}

void PgTx::insert_event(const ConsultId& consult, const domain::ConsultEvent& e) {
  static const std::string sql = insert_sql("consult_events", kEventCols, 10);
  conn_.exec(sql, event_params(consult, e));
}

void PgTx::insert_attachment(const ConsultId& consult, const Attachment& a) {
  static const std::string sql = insert_sql("attachments", kAttachmentCols, 8);
  conn_.exec(sql, attachment_params(consult, a));
}

}  // namespace mk::store::pg
