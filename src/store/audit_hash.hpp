#pragma once
// The hash every backend gives an audit entry when it chains it: lower-case hex SHA-256 of
// domain::audit_canonical(e) (app::AuditTrail::compute_hash verifies the same bytes).
#include <string>

#include "domain/audit_entry.hpp"

namespace mk::store {

std::string audit_hash(const domain::AuditEntry& e);

}  // namespace mk::store
