#include "app/audit.hpp"

#include "app/crypto.hpp"

namespace mk::app {

AuditSubject consult_subject(store::ReadTx& tx, const domain::Consult& c) {
  AuditSubject s;
  s.patient_bsn = c.patient.bsn;
  s.object_type = "consult";
  s.object_id = c.id.str();
  s.consult_id = c.id.str();
  s.practice_id = c.practice_id.str();
  if (auto service = tx.service(c.service_id)) s.provider_org_id = service->organization_id.str();
  return s;
}

void AuditTrail::record(store::WriteTx& tx, const RequestContext& ctx, AuditAction what,
                        const AuditSubject& subject) {
  domain::AuditEntry e;
  e.at = clock_.now();
  e.event = what.event;
  e.action = what.action;
  e.outcome = what.outcome;
  e.user_id = ctx.actor.id.str();
  e.user_name = ctx.actor.name;
  e.user_email = ctx.actor.email;
  e.role = std::string(domain::to_string(ctx.actor.role));
  e.organization_id = ctx.actor.organization_id.str();
  e.on_behalf_of = ctx.actor.on_behalf_of ? ctx.actor.on_behalf_of->str() : "";
  e.patient_bsn = subject.patient_bsn;
  e.object_type = subject.object_type;
  e.object_id = subject.object_id;
  e.consult_id = subject.consult_id;
  e.ip = ctx.ip;
  e.request_id = ctx.request_id;
  e.subject_practice_id = subject.practice_id;
  e.subject_provider_org_id = subject.provider_org_id;
  append(tx, e);
}

void AuditTrail::record_unauthenticated(store::WriteTx& tx, std::string_view email, std::string_view ip,
                                        std::string_view request_id, AuditAction what) {
  domain::AuditEntry e;
  e.at = clock_.now();
  e.event = what.event;
  e.action = what.action;
  e.outcome = what.outcome;
  e.user_email = email;
  e.object_type = "session";
  e.ip = ip;
  e.request_id = request_id;
  append(tx, e);
}

void AuditTrail::append(store::WriteTx& tx, domain::AuditEntry& e) {
  e.prev_hash = tx.lock_audit_head();
  e.hash = compute_hash(e);
  tx.append_audit(e);
}

std::string AuditTrail::compute_hash(const domain::AuditEntry& e) {
  // Length-prefixed fields: no choice of field contents can make two entries collide.
  std::string canonical;
  canonical.reserve(512);
  auto field = [&](std::string_view v) {
    canonical += std::to_string(v.size());
    canonical += ':';
    canonical += v;
  };
  field("meekijk-audit-v1");
  field(e.prev_hash);
  field(format_timestamp(e.at));
  for (const std::string* f : {&e.event, &e.action, &e.outcome, &e.user_id, &e.user_name, &e.user_email, &e.role,
                               &e.organization_id, &e.on_behalf_of, &e.patient_bsn, &e.object_type, &e.object_id,
                               &e.consult_id, &e.ip, &e.request_id, &e.subject_practice_id,
                               &e.subject_provider_org_id})
    field(*f);
  return sha256_hex(canonical);
}

AuditVerification verify_audit_chain(store::Store& store) {
  AuditVerification result;
  store.read([&](store::ReadTx& tx) {
    std::string prev;
    int64_t expected_seq = 0;
    tx.for_each_audit([&](const domain::AuditEntry& e) {
      ++result.entries;
      std::string problem;
      if (expected_seq != 0 && e.seq != expected_seq + 1)
        problem = "entries missing before it (sequence jumps from " + std::to_string(expected_seq) + ")";
      else if (e.prev_hash != prev)
        problem = "prev_hash does not match the hash of the entry before it";
      else if (e.hash != AuditTrail::compute_hash(e))
        problem = "its contents do not match its hash (the entry was changed)";
      expected_seq = e.seq;
      prev = e.hash;
      if (problem.empty()) return true;
      result.ok = false;
      result.first_broken_seq = e.seq;
      result.problem = std::move(problem);
      return false;
    });
  });
  return result;
}

}  // namespace mk::app
