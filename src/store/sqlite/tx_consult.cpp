// SqliteTx: the consult aggregate (header + messages, events, attachments), patients and the
// per-year reference counter.
#include "store/report_cells.hpp"
#include "store/sqlite/consult_rows.hpp"
#include "store/sqlite/rows.hpp"
#include "store/sqlite/tx.hpp"

namespace mk::store::sqlite {
namespace {

domain::Message read_message(const Query& q) {
  return domain::Message{MessageId(q.text(0)), ConsultId(q.text(1)), q.timestamp(2), UserId(q.text(3)),
                         q.text(4), enum_col<domain::MessageKind>(q, 5), q.text(6)};
}

domain::ConsultEvent read_event(const Query& q) {
  return domain::ConsultEvent{EventId(q.text(0)),
                              ConsultId(q.text(1)),
                              q.timestamp(2),
                              q.text(3),
                              UserId(q.text(4)),
                              q.text(5),
                              opt_enum_col<domain::ConsultStatus>(q, 6),
                              opt_enum_col<domain::ConsultStatus>(q, 7),
                              q.text(8),
                              q.text(9)};
}

constexpr const char* kAttachmentSelect =
    "SELECT id, consult_id, sha256, filename, content_type, size, at, uploaded_by FROM attachments ";

Attachment read_attachment(const Query& q) {
  return Attachment{AttachmentId(q.text(0)), ConsultId(q.text(1)), q.text(2), q.text(3), q.text(4),
                    q.int64(5), q.timestamp(6), UserId(q.text(7))};
}

}  // namespace

int64_t SqliteTx::next_reference_number(int year) {
  auto q = conn_.query(
      "INSERT INTO reference_counters (year, last) VALUES (?, 1) "
      "ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last");
  q.bind(year);
  if (!q.step()) throw Error(Errc::internal, "Database error", "reference counter returned no row");
  return q.int64(0);
}

PatientId SqliteTx::save_patient(const Patient& p) {
  report_cells::Change cells(*this, report_cells::of_patient(p.id));
  auto q = conn_.query(
      "INSERT INTO patients (id, bsn, name, birth_date, sex, postcode) VALUES (?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (id) DO UPDATE SET bsn = excluded.bsn, name = excluded.name, birth_date = excluded.birth_date, "
      "sex = excluded.sex, postcode = excluded.postcode RETURNING id");
  q.bind_all(p.id, p.bsn, p.name, opt_date_text(p.birth_date), enum_text(p.sex), p.postcode);
  if (!q.step()) throw Error(Errc::internal, "Database error", "patient upsert returned no row");
  cells.apply();
  return PatientId(q.text(0));
}

std::optional<Consult> SqliteTx::consult(const ConsultId& id) {
  auto q = conn_.query(consult_header_select() + "WHERE c.id = ?");
  q.bind(id);
  if (!q.step()) return std::nullopt;
  Consult c = read_consult_header(q);
  load_children(c);
  return c;
}

// SQLite has no row locks to avoid: a write transaction runs alone on the one writer, so
// nothing changes the consult while it is read.
std::optional<Consult> SqliteTx::consult_for_read(const ConsultId& id) { return consult(id); }

void SqliteTx::load_children(Consult& c) {
  auto m = conn_.query(
      "SELECT id, consult_id, at, author_id, author_name, kind, text FROM consult_messages "
      "WHERE consult_id = ? ORDER BY at, seq");
  m.bind(c.id);
  while (m.step()) c.messages.push_back(read_message(m));
  auto e = conn_.query(
      "SELECT id, consult_id, at, type, actor_id, actor_name, from_status, to_status, subject, detail "
      "FROM consult_events WHERE consult_id = ? ORDER BY at, seq");
  e.bind(c.id);
  while (e.step()) c.events.push_back(read_event(e));
  auto a = conn_.query(std::string(kAttachmentSelect) + "WHERE consult_id = ? ORDER BY at, seq");
  a.bind(c.id);
  while (a.step()) c.attachments.push_back(read_attachment(a));
}

std::optional<Attachment> SqliteTx::attachment(const ConsultId& consult, const AttachmentId& id) {
  auto q = conn_.query(std::string(kAttachmentSelect) + "WHERE consult_id = ? AND id = ?");
  q.bind_all(consult, id);
  if (!q.step()) return std::nullopt;
  return read_attachment(q);
}

void SqliteTx::insert_consult(const Consult& c) {
  auto cells = report_cells::change_of_new_consult(*this, c);
  static const std::string sql = [] {
    std::string marks = "?";
    for (size_t n = consult_header_column_count(), i = 0; i < n; ++i) marks += ", ?";
    return "INSERT INTO consults (id, " + consult_header_columns() + ") VALUES (" + marks + ")";
  }();
  const PatientId& patient = c.patient.id;
  auto q = conn_.query(sql);
  q.bind(c.id);
  bind_consult_header(q, c, patient);
  q.run();
  for (const auto& m : c.messages) insert_message(c.id, m);
  for (const auto& e : c.events) insert_event(c.id, e);
  for (const auto& a : c.attachments) insert_attachment(c.id, a);
  if (cells) cells->apply();
}

void SqliteTx::update_consult(const Consult& c, const ConsultMark& before) {
  report_cells::Change cells(*this, report_cells::of_consult(c.id));
  static const std::string sql = [] {
    std::string set = consult_header_columns();
    std::string out;
    size_t start = 0;
    while (start <= set.size()) {  // "a, b" → "a = ?, b = ?"
      size_t comma = set.find(", ", start);
      if (comma == std::string::npos) comma = set.size();
      out += (out.empty() ? "" : ", ") + set.substr(start, comma - start) + " = ?";
      start = comma + 2;
    }
    return "UPDATE consults SET " + out + " WHERE id = ? AND version = ?";
  }();
  const PatientId& patient = c.patient.id;
  auto q = conn_.query(sql);
  bind_consult_header(q, c, patient);
  q.bind_all(c.id, before.version);
  q.run();
  if (conn_.changes() == 0)
    throw Error(Errc::conflict, "Concurrent change",
                "consult " + c.id.str() + " is no longer at version " + std::to_string(before.version));
  for (size_t i = before.messages; i < c.messages.size(); ++i) insert_message(c.id, c.messages[i]);
  for (size_t i = before.events; i < c.events.size(); ++i) insert_event(c.id, c.events[i]);
  for (size_t i = before.attachments; i < c.attachments.size(); ++i) insert_attachment(c.id, c.attachments[i]);
  cells.apply();
}

void SqliteTx::insert_message(const ConsultId& consult, const domain::Message& m) {
  conn_.query(
           "INSERT INTO consult_messages (id, consult_id, at, author_id, author_name, kind, text) "
           "VALUES (?, ?, ?, ?, ?, ?, ?)")
      .bind_all(m.id, consult, m.at)
      .bind_or_null(m.author_id.str())
      .bind_all(m.author_name, enum_text(m.kind), m.text)
      .run();
}

void SqliteTx::insert_event(const ConsultId& consult, const domain::ConsultEvent& e) {
  conn_.query(
           "INSERT INTO consult_events (id, consult_id, at, type, actor_id, actor_name, from_status, to_status, "
           "subject, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all(e.id, consult, e.at, e.type)
      .bind_or_null(e.actor_id.str())
      .bind_all(e.actor_name, opt_enum_text(e.from_status), opt_enum_text(e.to_status), e.subject, e.detail)
      .run();
}

void SqliteTx::insert_attachment(const ConsultId& consult, const Attachment& a) {
  conn_.query(
           "INSERT INTO attachments (id, consult_id, sha256, filename, content_type, size, at, uploaded_by) "
           "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all(a.id, consult, a.sha256, a.filename, a.content_type, a.size, a.at)
      .bind_or_null(a.uploaded_by.str())
      .run();
}

}  // namespace mk::store::sqlite
