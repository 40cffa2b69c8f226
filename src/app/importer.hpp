#pragma once
// `meekijk import FILE.json` (DESIGN §10): organisations, services and users, idempotent by
// `ref` — a second import of the same file changes nothing, an edited file updates in place.
// The whole file is checked first and written in one transaction: all or nothing.
#include <string>
#include <string_view>
#include <vector>

#include "app/crypto.hpp"
#include "core/clock.hpp"
#include "core/ids.hpp"
#include "store/store.hpp"

namespace mk::app {

struct ImportReport {
  int organizations_created = 0, organizations_updated = 0;
  int services_created = 0, services_updated = 0;
  int users_created = 0, users_updated = 0;
  int contracts_created = 0, contracts_updated = 0;
  std::vector<std::string> warnings;
};

class Importer {
 public:
  // `clock` stamps contracts' updated_at (none: the system clock).
  Importer(store::Store& store, IdGenerator& ids, PasswordCost cost, const Clock* clock = nullptr)
      : store_(store), ids_(ids), cost_(cost), clock_(clock) {}
  // Throws Error{validation} listing every problem as "users[2].organization: ...".
  ImportReport import_json(std::string_view text);

 private:
  store::Store& store_;
  IdGenerator& ids_;
  PasswordCost cost_;
  const Clock* clock_;
};

}  // namespace mk::app
