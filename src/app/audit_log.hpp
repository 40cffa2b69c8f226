#pragma once
// The privacy officer's view of the NEN 7513 log: every access to its organisation's
// consults (requested by its practices or addressed to its services), filterable by patient,
// consult, user and period. Reading the log is itself logged.
#include <optional>
#include <string>

#include "app/audit.hpp"
#include "app/context.hpp"
#include "store/store.hpp"

namespace mk::app {

struct AuditQueryInput {
  std::string patient_bsn, consult_id, user_id, from, to, cursor;
  std::string patient_id;  // a consult's patient row (FHIR Patient/{id}): searched by its BSN
  int limit = 100;
};

struct AuditPage {
  std::vector<domain::AuditEntry> items;
  std::string next_cursor;
};

class AuditLog {
 public:
  AuditLog(store::Store& store, AuditTrail& trail) : store_(store), trail_(trail) {}
  AuditPage search(const RequestContext& ctx, const AuditQueryInput& in);

 private:
  store::Store& store_;
  AuditTrail& trail_;
};

}  // namespace mk::app
