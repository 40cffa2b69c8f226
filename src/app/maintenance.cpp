#include "app/maintenance.hpp"

namespace mk::app {

void Maintenance::run_once() {
  auto now = clock_.now();
  store_.write([&](store::WriteTx& tx) {
    tx.delete_sessions_expired_before(now);
    tx.delete_login_failures_before(now - settings_.login_failure_retention);
    tx.delete_idempotency_before(now - settings_.idempotency_retention);
  });
}

}  // namespace mk::app
