#pragma once
// The audit row as the transaction and the sealer read it.
#include <string>

#include "store/postgres/connection.hpp"
#include "store/store.hpp"

namespace mk::store::pg {

// "SELECT seq, at, event, ..., subject_provider_org_id, chain_pos, prev_hash, hash FROM audit"
const std::string& audit_select();
constexpr int kAuditSeqColumn = 0;
constexpr int kAuditChainPosColumn = 19;
constexpr int kAuditBatch = 1000;  // rows per round trip when walking or sealing

// Reads a row of audit_select(); unsealed rows have chain_pos 0 and empty hashes.
AuditEntry read_audit_entry(const Row& r);

}  // namespace mk::store::pg
