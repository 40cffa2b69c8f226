#include "store/postgres/audit_rows.hpp"

namespace mk::store::pg {

const std::string& audit_select() {
  static const std::string sql =
      "SELECT seq, at, event, action, outcome, user_id, user_name, user_email, role, organization_id, "
      "on_behalf_of, patient_bsn, object_type, object_id, ip, request_id, consult_id, subject_practice_id, "
      "subject_provider_org_id, chain_pos, prev_hash, hash FROM audit";
  return sql;
}

AuditEntry read_audit_entry(const Row& r) {
  AuditEntry e;
  e.seq = r.int64(0);
  e.at = r.timestamp(1);
  std::string* fields[] = {&e.event,        &e.action,      &e.outcome,     &e.user_id,    &e.user_name,
                           &e.user_email,   &e.role,        &e.organization_id, &e.on_behalf_of,
                           &e.patient_bsn,  &e.object_type, &e.object_id,   &e.ip,         &e.request_id,
                           &e.consult_id,   &e.subject_practice_id, &e.subject_provider_org_id};
  int col = 2;
  for (auto* f : fields) *f = r.text(col++);
  e.chain_pos = r.is_null(kAuditChainPosColumn) ? 0 : r.int64(kAuditChainPosColumn);
  e.prev_hash = r.text(kAuditChainPosColumn + 1);
  e.hash = r.text(kAuditChainPosColumn + 2);
  return e;
}

}  // namespace mk::store::pg
