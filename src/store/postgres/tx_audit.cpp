// PgTx: the NEN 7513 log — append (unsealed; the sealer chains it after commit), filtered
// pages (newest first, keyset on seq) and a walk of the whole log in chain order.
#include <charconv>

#include "store/postgres/audit_rows.hpp"
#include "store/postgres/tx.hpp"
#include "store/postgres/where_clause.hpp"

namespace mk::store::pg {
namespace {

int64_t parse_seq_cursor(const std::string& text) {
  int64_t seq = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seq);
  if (ec != std::errc() || end != text.data() + text.size() || seq <= 0)
    throw Error(Errc::bad_request, "Invalid cursor", "the paging cursor is not valid here");
  return seq;
}

void add_filter(WhereClause& w, const AuditFilter& f) {
  if (!f.subject_orgs.empty()) {
    std::vector<std::string> orgs;
    for (const auto& o : f.subject_orgs) orgs.push_back(o.str());
    std::string list = array_literal(orgs);
    w.add("subject_practice_id = ANY(?) OR subject_provider_org_id = ANY(?)", {list, list});
  }
  if (!f.patient_bsn.empty()) w.add("patient_bsn = ?", {f.patient_bsn});
  if (!f.consult_id.empty()) w.add("consult_id = ?", {f.consult_id});
  if (!f.user_id.empty()) w.add("user_id = ?", {f.user_id});
  if (f.from) w.add("at >= ?::timestamptz", {format_timestamp(*f.from)});
  if (f.to) w.add("at < ?::timestamptz", {format_timestamp(*f.to)});
}

// Walks `sql` (ending in "> $1 ORDER BY <key> LIMIT <n>") in batches keyed on column `key_col`
// of the select: memory stays flat however long the log is. Returns false when fn stopped.
bool walk(Connection& conn, const std::string& sql, int key_col, const std::function<bool(const AuditEntry&)>& fn) {
  int64_t after = 0;
  for (;;) {
    auto r = conn.exec(sql, Params().add(after));
    for (int i = 0; i < r.rows(); ++i) {
      Row row = r.row(i);
      after = row.int64(key_col);
      if (!fn(read_audit_entry(row))) return false;
    }
    if (r.rows() < kAuditBatch) return true;
  }
}

}  // namespace

void PgTx::append_audit(AuditEntry& e) {
  auto r = conn_.exec(
      "INSERT INTO audit (at, event, action, outcome, user_id, user_name, user_email, role, organization_id, "
      "on_behalf_of, patient_bsn, object_type, object_id, ip, request_id, consult_id, subject_practice_id, "
      "subject_provider_org_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, "
      "$18) RETURNING seq",
      Params().add_all(e.at, e.event, e.action, e.outcome, e.user_id, e.user_name, e.user_email, e.role,
                       e.organization_id, e.on_behalf_of, e.patient_bsn, e.object_type, e.object_id, e.ip,
                       e.request_id, e.consult_id, e.subject_practice_id, e.subject_provider_org_id));
  e.seq = r.first().int64(0);
  e.chain_pos = 0;
  e.prev_hash.clear();
  e.hash.clear();
  appended_audit_ = true;
}

Page<AuditEntry> PgTx::audit(const AuditFilter& filter, const PageRequest& page) {
  WhereClause where;
  add_filter(where, filter);
  if (!page.after.empty()) where.add("seq < ?", parse_seq_cursor(page.after));
  int limit = page_limit(page.limit);
  std::string sql = audit_select() + where.sql() + " ORDER BY seq DESC LIMIT $" + std::to_string(where.next_number());
  where.params().add(limit + 1);
  auto r = conn_.exec(sql, where.params());
  Page<AuditEntry> out;
  for (int i = 0; i < r.rows(); ++i) out.items.push_back(read_audit_entry(r.row(i)));
  if (out.items.size() > static_cast<size_t>(limit)) {
    out.items.pop_back();
    out.next = std::to_string(out.items.back().seq);
  }
  return out;
}

// The sealed chain by chain_pos, then the rows still waiting for the sealer by seq. In a
// read transaction both walks see one snapshot.
void PgTx::for_each_audit(const std::function<bool(const AuditEntry&)>& fn) {
  static const std::string batch = " LIMIT " + std::to_string(kAuditBatch);
  static const std::string sealed =
      audit_select() + " WHERE chain_pos IS NOT NULL AND chain_pos > $1 ORDER BY chain_pos" + batch;
  static const std::string unsealed = audit_select() + " WHERE chain_pos IS NULL AND seq > $1 ORDER BY seq" + batch;
  if (!walk(conn_, sealed, kAuditChainPosColumn, fn)) return;
  walk(conn_, unsealed, kAuditSeqColumn, fn);
}

}  // namespace mk::store::pg
