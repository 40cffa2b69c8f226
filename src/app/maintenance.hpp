#pragma once
// Housekeeping the server runs every few minutes: expired sessions, old login-throttle
// counters and idempotency keys are removed so those tables stay small.
#include <chrono>

#include "core/clock.hpp"
#include "store/store.hpp"

namespace mk::app {

struct MaintenanceSettings {
  std::chrono::hours idempotency_retention{24};    // a client retries within minutes, not days
  std::chrono::hours login_failure_retention{24};  // far beyond the throttle window
};

class Maintenance {
 public:
  Maintenance(store::Store& store, const Clock& clock, MaintenanceSettings settings = {})
      : store_(store), clock_(clock), settings_(settings) {}
  void run_once();

 private:
  store::Store& store_;
  const Clock& clock_;
  MaintenanceSettings settings_;
};

}  // namespace mk::app
