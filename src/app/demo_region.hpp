#pragma once
// `meekijk demo`: the Rotterdam demo region — the organisations named in the source
// documents, ~180 synthetic practices and GPs, services for 12+ specialties plus kader-GP
// pools, and two years of synthetic consult history with a realistic shape.
#include <cstdint>
#include <string>
#include <vector>

#include "app/audit.hpp"
#include "app/crypto.hpp"
#include "core/clock.hpp"
#include "core/ids.hpp"
#include "store/store.hpp"

namespace mk::app {

struct DemoOptions {
  int practices = 180;
  int history_days = 730;
  uint64_t seed = 20261122;  // same seed, same region
  std::string password = "meekijk-demo";
  PasswordCost password_cost = PasswordCost::interactive();
};

struct DemoLogin {
  std::string role;
  std::string email;
  std::string description;  // "GP, Huisartsenpraktijk Janson"
};

struct DemoReport {
  std::vector<DemoLogin> logins;  // all share DemoOptions::password
  int organizations = 0, practices = 0, users = 0, services = 0, consults = 0;
};

// True when the store already holds the demo region (or any organisations).
bool region_present(store::Store& store);

// Seeds an empty store. Throws Error{conflict} when organisations already exist.
DemoReport seed_demo_region(store::Store& store, IdGenerator& ids, const Clock& clock, AuditTrail& audit,
                            const DemoOptions& options);

// The logins to print for an already seeded region.
std::vector<DemoLogin> demo_logins();

}  // namespace mk::app
