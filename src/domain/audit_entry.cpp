#include "domain/audit_entry.hpp"

#include <string_view>

namespace mk::domain {

// Changing anything here invalidates every stored chain: the bytes are part of the contract
// of `meekijk audit verify` (a new format needs a new tag and both verifiers).
std::string audit_canonical(const AuditEntry& e) {
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
  return canonical;
}

}  // namespace mk::domain
