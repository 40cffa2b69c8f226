#include "app/audit.hpp"

#include <algorithm>
#include <vector>

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
  // The store chains the entry (prev_hash, hash, chain position), in this transaction or,
  // with concurrent committers, right after it commits.
  tx.append_audit(e);
}

std::string AuditTrail::compute_hash(const domain::AuditEntry& e) {
  return sha256_hex(domain::audit_canonical(e));
}

namespace {

// Checks one entry against the chain so far; "" when it fits.
std::string chain_problem(const domain::AuditEntry& e, int64_t expected_pos, const std::string& prev) {
  if (expected_pos != 0 && e.chain_pos != expected_pos)
    return "entries missing before it (chain position jumps from " + std::to_string(expected_pos - 1) + ")";
  if (e.prev_hash != prev) return "prev_hash does not match the hash of the entry before it";
  if (e.hash != AuditTrail::compute_hash(e)) return "its contents do not match its hash (the entry was changed)";
  return "";
}

// One walk in chain order. Entries not yet sealed come last; their seqs are collected in
// `unsealed` instead of being reported, because a writer may have committed them after
// the flush. With `fail_unsealed`, those of them also unsealed in an earlier walk are broken.
AuditVerification walk_chain(store::Store& store, std::vector<int64_t>& unsealed, bool fail_unsealed) {
  AuditVerification result;
  std::vector<int64_t> earlier = std::move(unsealed);
  unsealed.clear();
  store.read([&](store::ReadTx& tx) {
    std::string prev;
    int64_t expected_pos = 0;
    tx.for_each_audit([&](const domain::AuditEntry& e) {
      ++result.entries;
      std::string problem;
      if (e.chain_pos == 0) {
        bool stuck = fail_unsealed && std::find(earlier.begin(), earlier.end(), e.seq) != earlier.end();
        if (!stuck) {
          unsealed.push_back(e.seq);
          return true;
        }
        problem = "it was never sealed into the chain";
      } else {
        problem = chain_problem(e, expected_pos, prev);
      }
      expected_pos = e.chain_pos + 1;
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

}  // namespace

AuditVerification verify_audit_chain(store::Store& store) {
  store.flush_audit();
  std::vector<int64_t> unsealed;
  AuditVerification result = walk_chain(store, unsealed, false);
  if (!result.ok || unsealed.empty()) return result;
  // Entries committed while we walked are sealed by a second flush; one that is still
  // unsealed after it is a fault (the sealer skipped it, or someone cleared its chain fields).
  store.flush_audit();
  return walk_chain(store, unsealed, true);
}

}  // namespace mk::app
