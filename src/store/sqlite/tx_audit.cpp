// SqliteTx: the NEN 7513 audit chain — append (chained at once), filtered pages (newest first,
// keyset on seq) and a streaming walk of the whole chain (oldest first; chain_pos = seq).
#include <charconv>

#include "store/audit_hash.hpp"
#include "store/sqlite/rows.hpp"
#include "store/sqlite/tx.hpp"
#include "store/sqlite/where_clause.hpp"

namespace mk::store::sqlite {
namespace {

constexpr const char* kAuditSelect =
    "SELECT seq, at, event, action, outcome, user_id, user_name, user_email, role, organization_id, "
    "on_behalf_of, patient_bsn, object_type, object_id, ip, request_id, consult_id, subject_practice_id, "
    "subject_provider_org_id, prev_hash, hash FROM audit";

AuditEntry read_entry(const Query& q) {
  AuditEntry e;
  e.seq = q.int64(0);
  e.at = q.timestamp(1);
  std::string* fields[] = {&e.event,      &e.action,       &e.outcome,    &e.user_id,
                           &e.user_name,  &e.user_email,   &e.role,       &e.organization_id,
                           &e.on_behalf_of, &e.patient_bsn, &e.object_type, &e.object_id,
                           &e.ip,         &e.request_id,   &e.consult_id, &e.subject_practice_id,
                           &e.subject_provider_org_id, &e.prev_hash, &e.hash};
  int col = 2;
  for (auto* f : fields) *f = q.text(col++);
  e.chain_pos = e.seq;  // one writer: rows are chained in insertion order
  return e;
}

int64_t parse_seq_cursor(const std::string& text) {
  int64_t seq = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seq);
  if (ec != std::errc() || end != text.data() + text.size() || seq <= 0)
    throw Error(Errc::bad_request, "Invalid cursor", "the paging cursor is not valid here");
  return seq;
}

void add_filter(WhereClause& w, const AuditFilter& f) {
  if (!f.subject_orgs.empty()) {
    std::vector<WhereClause::Value> values;
    for (int twice = 0; twice < 2; ++twice)
      for (const auto& o : f.subject_orgs) values.emplace_back(o.str());
    std::string marks = placeholders(f.subject_orgs.size());
    w.add("subject_practice_id IN (" + marks + ") OR subject_provider_org_id IN (" + marks + ")",
          std::move(values));
  }
  if (!f.patient_bsn.empty()) w.add("patient_bsn = ?", {f.patient_bsn});
  if (!f.consult_id.empty()) w.add("consult_id = ?", {f.consult_id});
  if (!f.user_id.empty()) w.add("user_id = ?", {f.user_id});
  if (f.from) w.add("at >= ?", {format_timestamp(*f.from)});
  if (f.to) w.add("at < ?", {format_timestamp(*f.to)});
}

}  // namespace

Page<AuditEntry> SqliteTx::audit(const AuditFilter& filter, const PageRequest& page) {
  WhereClause where;
  add_filter(where, filter);
  if (!page.after.empty()) where.add("seq < ?", {parse_seq_cursor(page.after)});
  int limit = page_limit(page.limit);
  auto q = conn_.query(kAuditSelect + where.sql() + " ORDER BY seq DESC LIMIT ?");
  where.bind(q);
  q.bind(limit + 1);
  Page<AuditEntry> out;
  while (q.step()) out.items.push_back(read_entry(q));
  if (out.items.size() > static_cast<size_t>(limit)) {
    out.items.pop_back();
    out.next = std::to_string(out.items.back().seq);
  }
  return out;
}

// One statement stepped row by row: memory stays flat however long the chain is.
void SqliteTx::for_each_audit(const std::function<bool(const AuditEntry&)>& fn) {
  auto q = conn_.query(std::string(kAuditSelect) + " ORDER BY seq");
  while (q.step())
    if (!fn(read_entry(q))) return;
}

// Inside the write transaction (the single writer holds the database's write lock), the
// newest row is the head, so the entry is chained at once: seq order is chain order. Reading
// the head rather than caching it means a rolled-back SAVEPOINT never leaves a stale hash.
void SqliteTx::append_audit(AuditEntry& e) {
  if (memo_->audit_head) {
    e.prev_hash = *memo_->audit_head;
  } else {
    auto head = conn_.query("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1");
    e.prev_hash = head.step() ? head.text(0) : std::string();
  }
  e.hash = audit_hash(e);
  static const std::string sql =
      "INSERT INTO audit (at, event, action, outcome, user_id, user_name, user_email, role, organization_id, "
      "on_behalf_of, patient_bsn, object_type, object_id, ip, request_id, consult_id, subject_practice_id, "
      "subject_provider_org_id, prev_hash, hash) VALUES (" +
      placeholders(20) + ")";
  auto q = conn_.query(sql);
  q.bind_all(e.at, e.event, e.action, e.outcome, e.user_id, e.user_name, e.user_email, e.role, e.organization_id,
             e.on_behalf_of, e.patient_bsn, e.object_type, e.object_id, e.ip, e.request_id, e.consult_id,
             e.subject_practice_id, e.subject_provider_org_id, e.prev_hash, e.hash);
  q.run();
  e.seq = conn_.last_insert_rowid();
  e.chain_pos = e.seq;
  memo_->audit_head = e.hash;
}

}  // namespace mk::store::sqlite
