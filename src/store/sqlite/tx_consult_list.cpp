// SqliteTx::consults(): filtered consult lists with keyset paging (no OFFSET).
// The cursor is "<kind>|<sort key>|<id>": kind u = updated_desc, d = due_asc with a due date,
// n = due_asc past the due dates (the NULLs sort last). The API layer base64s it.
#include "store/consult_list_sql.hpp"
#include "store/sqlite/rows.hpp"
#include "store/sqlite/text_fold.hpp"
#include "store/sqlite/tx.hpp"
#include "store/sqlite/where_clause.hpp"

namespace mk::store::sqlite {
namespace {

struct Cursor {
  char kind = 0;
  std::string key;
  std::string id;
};

Cursor parse_cursor(const std::string& text, ConsultOrder order) {
  auto bad = [] { return Error(Errc::bad_request, "Invalid cursor", "the paging cursor is not valid here"); };
  size_t first = text.find('|');
  size_t second = first == std::string::npos ? first : text.find('|', first + 1);
  if (first != 1 || second == std::string::npos) throw bad();
  Cursor c{text[0], text.substr(2, second - 2), text.substr(second + 1)};
  bool fits = order == ConsultOrder::updated_desc ? c.kind == 'u' : (c.kind == 'd' || c.kind == 'n');
  if (!fits || c.id.empty() || (c.kind == 'n') != c.key.empty()) throw bad();
  if (!c.key.empty() && !parse_timestamp(c.key)) throw bad();
  return c;
}

std::string make_cursor(const ConsultSummary& s, ConsultOrder order) {
  if (order == ConsultOrder::updated_desc) return "u|" + format_timestamp(s.updated_at) + "|" + s.id.str();
  if (s.due_at) return "d|" + format_timestamp(*s.due_at) + "|" + s.id.str();
  return "n||" + s.id.str();
}

void add_filter(WhereClause& w, const ConsultFilter& f) {
  if (f.practice_id) w.add("c.practice_id = ?", {f.practice_id->str()});
  std::vector<std::string> services, statuses;
  for (const auto& s : f.service_ids) services.push_back(s.str());
  for (auto s : f.statuses) statuses.push_back(enum_text(s));
  w.add_in("c.service_id", services).add_in("c.status", statuses);
  if (f.assignee_id) w.add("c.assignee_id = ?", {f.assignee_id->str()});
  if (!f.text.empty()) {
    std::string needle = fold_case(f.text);
    w.add("instr(mk_fold(c.reference), ?) > 0 OR instr(mk_fold(p.name), ?) > 0 OR instr(p.bsn, ?) > 0",
          {needle, needle, needle});
  }
  if (f.closed_before) w.add("c.closed_at < ?", {format_timestamp(*f.closed_before)});
  if (f.follow_up_missing) w.add("c.follow_up_referred_within_90d IS NULL");
  if (f.outcome) w.add("c.outcome_result = ?", {enum_text(*f.outcome)});
  if (f.due_before) w.add("c.due_at < ?", {format_timestamp(*f.due_before)});
  if (f.unanswered) w.add("c.first_answer_at IS NULL");
  if (f.exclude_drafts) w.add("c.status <> 'draft'");
  consult_list_sql::add_fhir_conditions(w, f, {&WhereClause::add_in, "?"});
}

constexpr const char* kSummarySelect =
    "SELECT c.id, c.reference, c.modality, c.service_id, c.requester_id, c.practice_id, "
    "p.id, p.bsn, p.name, p.birth_date, p.sex, p.postcode, "
    "c.question, c.urgency, c.status, c.assignee_id, c.created_at, c.updated_at, c.submitted_at, c.due_at, "
    "c.closed_at, c.outcome_result, c.outcome_usefulness, c.outcome_learned, c.outcome_note, "
    "(SELECT count(*) FROM consult_messages m WHERE m.consult_id = c.id), "
    "(SELECT count(*) FROM attachments a WHERE a.consult_id = c.id), c.first_answer_at, c.version "
    "FROM consults c JOIN patients p ON p.id = c.patient_id";

ConsultSummary read_summary(const Query& q) {
  ConsultSummary s;
  s.id = ConsultId(q.text(0));
  s.reference = q.text(1);
  s.modality = enum_col<domain::Modality>(q, 2);
  s.service_id = ServiceId(q.text(3));
  s.requester_id = UserId(q.text(4));
  s.practice_id = OrgId(q.text(5));
  s.patient = Patient{PatientId(q.text(6)), q.text(7), q.text(8), opt_date_col(q, 9),
                      enum_col<domain::Sex>(q, 10), q.text(11)};
  s.question = q.text(12);
  s.urgency = enum_col<domain::Urgency>(q, 13);
  s.status = enum_col<domain::ConsultStatus>(q, 14);
  s.assignee_id = opt_id_col<UserId>(q, 15);
  s.created_at = q.timestamp(16);
  s.updated_at = q.timestamp(17);
  s.submitted_at = q.opt_timestamp(18);
  s.due_at = q.opt_timestamp(19);
  s.closed_at = q.opt_timestamp(20);
  if (!q.is_null(21))
    s.outcome = domain::Outcome{enum_col<domain::OutcomeResult>(q, 21), q.integer(22), q.boolean(23), q.text(24)};
  s.message_count = q.integer(25);
  s.attachment_count = q.integer(26);
  s.first_answer_at = q.opt_timestamp(27);
  s.version = static_cast<int>(q.integer(28));
  return s;
}

// Appends up to `limit` rows matching `where` in `order_by` order.
void fetch(Connection& conn, const WhereClause& where, const char* order_by, size_t limit,
           std::vector<ConsultSummary>& out) {
  auto q = conn.query(kSummarySelect + where.sql() + order_by + " LIMIT ?");
  where.bind(q);
  q.bind(static_cast<int64_t>(limit));
  while (q.step()) out.push_back(read_summary(q));
}

// Row-value comparisons so that SQLite seeks the index to the cursor instead of scanning
// from the start: every page costs the same however deep it is.
void fetch_updated_desc(Connection& conn, const ConsultFilter& f, const std::optional<Cursor>& cursor,
                        size_t limit, std::vector<ConsultSummary>& out) {
  WhereClause w;
  add_filter(w, f);
  if (cursor) w.add("(c.updated_at, c.id) < (?, ?)", {cursor->key, cursor->id});
  fetch(conn, w, " ORDER BY c.updated_at DESC, c.id DESC", limit, out);
}

// Consults with a due date first (due_at, id), then those without (id): two index ranges
// rather than one OR that no index can serve.
void fetch_due_asc(Connection& conn, const ConsultFilter& f, const std::optional<Cursor>& cursor, size_t limit,
                   std::vector<ConsultSummary>& out) {
  if (!cursor || cursor->kind == 'd') {
    WhereClause w;
    add_filter(w, f);
    if (cursor) w.add("(c.due_at, c.id) > (?, ?)", {cursor->key, cursor->id});
    else w.add("c.due_at IS NOT NULL");
    fetch(conn, w, " ORDER BY c.due_at, c.id", limit, out);
  }
  if (out.size() >= limit) return;
  WhereClause w;
  add_filter(w, f);
  w.add("c.due_at IS NULL");
  if (cursor && cursor->kind == 'n') w.add("c.id > ?", {cursor->id});
  fetch(conn, w, " ORDER BY c.id", limit - out.size(), out);
}

}  // namespace

Page<ConsultSummary> SqliteTx::consults(const ConsultFilter& filter, ConsultOrder order, const PageRequest& page) {
  std::optional<Cursor> cursor;
  if (!page.after.empty()) cursor = parse_cursor(page.after, order);
  size_t limit = static_cast<size_t>(page_limit(page.limit));
  Page<ConsultSummary> out;
  // One extra row tells whether there is a next page.
  if (order == ConsultOrder::updated_desc) fetch_updated_desc(conn_, filter, cursor, limit + 1, out.items);
  else fetch_due_asc(conn_, filter, cursor, limit + 1, out.items);
  if (out.items.size() > limit) {
    out.items.pop_back();
    out.next = make_cursor(out.items.back(), order);
  }
  return out;
}

}  // namespace mk::store::sqlite
