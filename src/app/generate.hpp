#pragma once
// `meekijk generate`: a synthetic region at Rotterdam or national scale with years of consult
// history, for benchmarks (issue 6). The directory (organisations, services, users, contracts,
// referral costs) goes through the ordinary store with ONE audit entry "generate.seed"; the
// patients, consults, their messages and timeline, and the declaration lines of every closed
// consult go through the store's bulk path (store/bulk.hpp): synthetic data gets no audit
// entry per row. Consults are made by the demo's planner and replay (the live workflow) and
// billed with app::declaration_lines, as Consults::close would. Deterministic for a seed and
// an end date; generated on the calling thread while a second thread loads, in batches, so
// memory stays bounded whatever the number of years.
#include <cstdint>
#include <memory>
#include <ostream>
#include <string>

#include "app/audit.hpp"
#include "core/time.hpp"
#include "store/bulk.hpp"
#include "store/store.hpp"

namespace mk::app {

struct GenerateOptions {
  std::string scale = "rotterdam";  // rotterdam | national
  int years = 5;
  uint64_t seed = 1;
  int64_t consults_per_year = 0;  // 0: the scale's (rotterdam 100,000; national 2,000,000)
  Date end{};                     // the history ends on this day (exclusive); required (the CLI: today)
  std::string password = "meekijk-generate";  // every generated user's
};

struct GenerateSummary {
  int organizations = 0, practices = 0, gps = 0, hospitals = 0, services = 0, users = 0, contracts = 0;
  int64_t patients = 0, consults = 0, closed = 0, declarations = 0, messages = 0, events = 0;
  Date first_day{}, end{};
};

class Generator {
 public:
  // Builds the directory in memory. Throws Error{validation} for an unknown scale.
  Generator(const GenerateOptions& options, std::ostream& progress);
  ~Generator();
  // Phase 1, through the use-case store: refuses (Error{conflict}) a store with organisations.
  void save_directory(store::Store& store, AuditTrail& audit);
  // Phase 2: patients, consults and declarations through the bulk path, then loader.finish().
  GenerateSummary load(store::BulkLoader& loader);
  // Phase 3: the rest of the report cells of the loaded consults, gathered during load()
  // (which wrote the months it had finished through the loader) instead of a rebuild that
  // reads them all back; marks the cells built and returns the closed consults they hold.
  int64_t write_report_cells(store::Store& store);

 private:
  struct State;
  std::unique_ptr<State> s_;
};

}  // namespace mk::app
