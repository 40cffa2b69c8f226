#pragma once
// NEN 7513 access log: every read or write of patient data appends one entry, in the same
// transaction as the access; the store links the entries into one SHA-256 hash chain
// (DESIGN §8), at once (SQLite) or by a sealer right after commit (PostgreSQL).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "app/context.hpp"
#include "core/clock.hpp"
#include "store/store.hpp"

namespace mk::app {

// What an access was about.
struct AuditSubject {
  std::string patient_bsn;
  std::string object_type;  // "consult", "attachment", "audit", "session", "user", ...
  std::string object_id;
  std::string consult_id;
  std::string practice_id;      // the requesting practice of the consult
  std::string provider_org_id;  // the organisation of the consult's service at the time
};

// Audit subject of a consult: looks up the service's organisation.
AuditSubject consult_subject(store::ReadTx& tx, const domain::Consult& c);

struct AuditAction {
  std::string_view event;   // "consult.read"
  std::string_view action;  // "C" create, "R" read, "U" update, "D" delete, "E" execute
  std::string_view outcome = "success";
};

class AuditTrail {
 public:
  explicit AuditTrail(const Clock& clock) : clock_(clock) {}

  void record(store::WriteTx& tx, const RequestContext& ctx, AuditAction what, const AuditSubject& subject);
  // Before authentication (a failed login): only the claimed e-mail, ip and request id are known.
  void record_unauthenticated(store::WriteTx& tx, std::string_view email, std::string_view ip,
                              std::string_view request_id, AuditAction what);

  // SHA-256 of domain::audit_canonical(e): prev_hash and every field except seq, chain_pos, hash.
  static std::string compute_hash(const domain::AuditEntry& e);

 private:
  void append(store::WriteTx& tx, domain::AuditEntry& e);
  const Clock& clock_;
};

struct AuditVerification {
  bool ok = true;
  int64_t entries = 0;
  int64_t first_broken_seq = 0;  // when !ok: the seq of the broken entry
  std::string problem;           // when !ok: what is wrong with that entry
};

// Seals what is committed (Store::flush_audit), then walks the whole chain in chain order:
// positions contiguous, each prev_hash the hash before it, each hash its contents' hash.
// An entry still unsealed after a second flush is reported as broken.
AuditVerification verify_audit_chain(store::Store& store);

}  // namespace mk::app
