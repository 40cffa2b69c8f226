#pragma once
// The bulk path of the storage port (`meekijk generate`): millions of synthetic consults
// written into an EMPTY store without the use cases — no audit entry per row, no events, no
// mail. Each backend makes it fast its own way (SQLite: one connection, journal off, huge
// transactions, statements prepared once; PostgreSQL: COPY … FROM STDIN). Only the
// composition root opens one (store/sqlite/sqlite_store.hpp, store/postgres/postgres_store.hpp);
// app/ sees this interface.
//
// Rules: the directory (organisations, services, users, contracts) is written through the
// normal Store first; then the loader gets patients before the consults that name them, and a
// consult before its declaration lines. Rows are buffered: commit() makes everything added so
// far durable enough to continue from (one transaction per call); finish() rebuilds what was
// set aside (secondary indexes), brings the planner statistics up to date and restores the
// normal durability settings. A loader destroyed without finish() leaves a store to delete.
#include <cstdint>
#include <vector>

#include "domain/billing.hpp"
#include "domain/consult.hpp"
#include "store/store.hpp"

namespace mk::store {

struct BulkOptions {
  // Drop the secondary (non-unique) indexes of the bulk tables before loading and build them
  // again in finish(): one sort instead of millions of random index inserts. PostgreSQL also
  // sets aside the bulk tables' primary and unique keys and the foreign keys from and to them
  // (a trigger query per row), and checks each foreign key with one join when it comes back.
  bool rebuild_indexes = true;
};

class BulkLoader {
 public:
  virtual ~BulkLoader() = default;
  virtual void add_patient(const domain::Patient& p) = 0;
  // The header with its messages, events and attachments; its patient must be added first.
  virtual void add_consult(const domain::Consult& c) = 0;
  virtual void add_declarations(const std::vector<domain::DeclarationLine>& lines) = 0;
  // A pre-aggregated report cell (store/report_cells.hpp) that is not in the store yet.
  virtual void add_report_cell(const ReportCell& c) = 0;
  // The per-year counter of human references continues after `last` (MK-YYYY-<last+1>).
  virtual void set_reference_counter(int year, int64_t last) = 0;
  virtual void commit() = 0;
  virtual void finish() = 0;
};

}  // namespace mk::store
