#pragma once
// One NEN 7513 access-log entry (DESIGN §8). Append-only; `hash` covers every other field and
// `prev_hash`, so any change to an entry, or a removed entry, breaks the chain. The store
// chains entries (store.hpp WriteTx::append_audit); `chain_pos` is the entry's place in the
// chain, which with several concurrent writers need not be the order of `seq`.
#include <cstdint>
#include <optional>
#include <string>

#include "core/ids.hpp"
#include "core/time.hpp"

namespace mk::domain {

struct AuditEntry {
  int64_t seq = 0;        // insertion number, assigned by the store; newest-first paging order
  int64_t chain_pos = 0;  // 1, 2, 3, ... in chain order once the store has chained it; 0 = not yet
  Timestamp at;
  std::string event;    // "consult.read", "consult.create", "session.login", ...
  std::string action;   // NEN 7513 / FHIR AuditEvent action: C R U D E
  std::string outcome;  // "success" | "denied" | "failed"
  std::string user_id;
  std::string user_name;
  std::string user_email;
  std::string role;
  std::string organization_id;
  std::string on_behalf_of;
  std::string patient_bsn;
  std::string object_type;  // "consult", "attachment", "audit", "session", ...
  std::string object_id;
  std::string ip;
  std::string request_id;
  std::string consult_id;  // the consult an access concerned, also for attachment reads
  // Whose data this was: lets a privacy officer see every access to its organisation's consults.
  std::string subject_practice_id;
  std::string subject_provider_org_id;
  std::string prev_hash;
  std::string hash;
};

// The exact bytes whose SHA-256 is `hash`: prev_hash and every field except seq, chain_pos
// and hash, each length-prefixed so that no choice of field contents makes two entries collide.
std::string audit_canonical(const AuditEntry& e);

}  // namespace mk::domain
