#pragma once
// Domain objects for the store suite: a small region (care group → practice, a hospital with
// one service, a GP, an assistant, a consultant) and consults with every field filled.
#include <string>

#include "store/store.hpp"

namespace mk::store::test {

Timestamp ts(const std::string& iso);  // "2026-03-01T10:00:00Z"
Timestamp t0();                        // 2026-03-01T10:00:00.000Z
Timestamp at_minute(int minutes);      // t0() + minutes

struct Region {
  Organization care_group, practice, other_practice, hospital;
  Service service, other_service;
  User gp, assistant, consultant, other_gp;
};

// The objects of the region (not yet stored).
Region make_region();
// Stores the region in one write.
void save_region(Store& store, const Region& r);

Patient make_patient(const std::string& id, const std::string& bsn, const std::string& name);

// A submitted consult at r.service from r.practice, with no children yet; `n` makes the id,
// the reference ("MK-2026-00000n") and the texts unique.
Consult make_consult(const Region& r, int n, const Patient& p, Timestamp updated_at);

// A consult with every optional field and children set: answer, outcome, follow-up, two
// messages, three events, an attachment.
Consult make_full_consult(const Region& r, const Patient& p);

// Saves p (taking the stored id) and inserts c with it.
void insert_with_patient(WriteTx& tx, Consult& c);

domain::Message make_message(const Consult& c, const std::string& id, Timestamp at, const std::string& text);
domain::ConsultEvent make_event(const Consult& c, const std::string& id, Timestamp at, const std::string& type);
Attachment make_attachment(const Consult& c, const std::string& id, Timestamp at, char hex_digit);

// Field-by-field equality with readable failures (gtest EXPECTs). Audit entries: the chain
// fields too when both are chained (a PostgreSQL entry is chained only after commit).
void expect_same(const Consult& a, const Consult& b);
void expect_same(const AuditEntry& a, const AuditEntry& b);

// The whole log after Store::flush_audit(), as for_each_audit() walks it.
std::vector<AuditEntry> audit_chain(Store& store);
// EXPECTs one valid chain: chain_pos 1, 2, ..., n; each prev_hash the hash before it (""
// first); each hash the SHA-256 of domain::audit_canonical(), computed here independently.
void expect_valid_chain(const std::vector<AuditEntry>& chain);

}  // namespace mk::store::test
