// PgTx::consults(): filtered consult lists with keyset paging (no OFFSET). The cursor is the
// SQLite backend's: "<kind>|<sort key>|<id>", kind u = updated_desc, d = due_asc with a due
// date, n = due_asc past the due dates (the NULLs sort last). The API layer base64s it.
#include "store/consult_list_sql.hpp"
#include "store/postgres/rows.hpp"
#include "store/postgres/tx.hpp"
#include "store/postgres/where_clause.hpp"

namespace mk::store::pg {
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
  w.add_any("c.service_id", services).add_any("c.status", statuses);
  if (f.assignee_id) w.add("c.assignee_id = ?", {f.assignee_id->str()});
  if (!f.text.empty())  // mk_fold (schema 0001) folds exactly like the SQLite backend's
    w.add("strpos(mk_fold(c.reference), mk_fold(?)) > 0 OR strpos(mk_fold(p.name), mk_fold(?)) > 0 OR "
          "strpos(p.bsn, mk_fold(?)) > 0",
          {f.text, f.text, f.text});
  if (f.closed_before) w.add("c.closed_at < ?", {format_timestamp(*f.closed_before)});
  if (f.follow_up_missing) w.add("c.follow_up_referred_within_90d IS NULL");
  if (f.outcome) w.add("c.outcome_result = ?", {enum_text(*f.outcome)});
  if (f.due_before) w.add("c.due_at < ?", {format_timestamp(*f.due_before)});
  if (f.unanswered) w.add("c.first_answer_at IS NULL");
  if (f.exclude_drafts) w.add("c.status <> 'draft'");
  consult_list_sql::add_fhir_conditions(w, f, {&WhereClause::add_any, "?::timestamptz"});
}

constexpr const char* kSummarySelect =
    "SELECT c.id, c.reference, c.modality, c.service_id, c.requester_id, c.practice_id, "
    "p.id, p.bsn, p.name, p.birth_date, p.sex, p.postcode, "
    "c.question, c.urgency, c.status, c.assignee_id, c.created_at, c.updated_at, c.submitted_at, c.due_at, "
    "c.closed_at, c.outcome_result, c.outcome_usefulness, c.outcome_learned, c.outcome_note, "
    "(SELECT count(*) FROM consult_messages m WHERE m.consult_id = c.id), "
    "(SELECT count(*) FROM attachments a WHERE a.consult_id = c.id), c.first_answer_at, c.version "
    "FROM consults c JOIN patients p ON p.id = c.patient_id";

ConsultSummary read_summary(const Row& r) {
  ConsultSummary s;
  s.id = ConsultId(r.text(0));
  s.reference = r.text(1);
  s.modality = enum_col<domain::Modality>(r, 2);
  s.service_id = ServiceId(r.text(3));
  s.requester_id = UserId(r.text(4));
  s.practice_id = OrgId(r.text(5));
  s.patient = Patient{PatientId(r.text(6)), r.text(7), r.text(8), r.opt_date(9), enum_col<domain::Sex>(r, 10),
                      r.text(11)};
  s.question = r.text(12);
  s.urgency = enum_col<domain::Urgency>(r, 13);
  s.status = enum_col<domain::ConsultStatus>(r, 14);
  s.assignee_id = opt_id_col<UserId>(r, 15);
  s.created_at = r.timestamp(16);
  s.updated_at = r.timestamp(17);
  s.submitted_at = r.opt_timestamp(18);
  s.due_at = r.opt_timestamp(19);
  s.closed_at = r.opt_timestamp(20);
  if (!r.is_null(21))
    s.outcome = domain::Outcome{enum_col<domain::OutcomeResult>(r, 21), r.integer(22), r.boolean(23), r.text(24)};
  s.message_count = r.integer(25);
  s.attachment_count = r.integer(26);
  s.first_answer_at = r.opt_timestamp(27);
  s.version = static_cast<int>(r.integer(28));
  return s;
}

// Appends up to `limit` rows matching `where` in `order_by` order.
void fetch(Connection& conn, WhereClause& where, const char* order_by, size_t limit,
           std::vector<ConsultSummary>& out) {
  std::string sql = kSummarySelect + where.sql() + order_by + " LIMIT $" + std::to_string(where.next_number());
  where.params().add(static_cast<int64_t>(limit));
  auto r = conn.exec(sql, where.params());
  for (int i = 0; i < r.rows(); ++i) out.push_back(read_summary(r.row(i)));
}

// Row-value comparisons so that the index is entered at the cursor instead of scanned from
// the start: every page costs the same however deep it is.
void fetch_updated_desc(Connection& conn, const ConsultFilter& f, const std::optional<Cursor>& cursor, size_t limit,
                        std::vector<ConsultSummary>& out) {
  WhereClause w;
  add_filter(w, f);
  if (cursor) w.add("(c.updated_at, c.id) < (?::timestamptz, ?)", {cursor->key, cursor->id});
  fetch(conn, w, " ORDER BY c.updated_at DESC, c.id DESC", limit, out);
}

// Consults with a due date first (due_at, id), then those without (id): two index ranges
// rather than one OR that no index can serve.
void fetch_due_asc(Connection& conn, const ConsultFilter& f, const std::optional<Cursor>& cursor, size_t limit,
                   std::vector<ConsultSummary>& out) {
  if (!cursor || cursor->kind == 'd') {
    WhereClause w;
    add_filter(w, f);
    if (cursor) w.add("(c.due_at, c.id) > (?::timestamptz, ?)", {cursor->key, cursor->id});
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

Page<ConsultSummary> PgTx::consults(const ConsultFilter& filter, ConsultOrder order, const PageRequest& page) {
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

}  // namespace mk::store::pg
