#pragma once
// The audit sealer. Writers commit audit rows in parallel with their chain columns NULL; a
// single chain needs a single order, which is decided here, after commit: a short transaction
// locks the chain head (the one audit_head row — so one sealer at a time across all
// instances), takes the committed unsealed rows by seq, gives each the next chain_pos,
// prev_hash = the hash before it, hash = SHA-256 of its canonical form, and moves the head.
// Writers never wait for the chain; the chain lags the commits by one sealing pass.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>

#include "core/log.hpp"
#include "store/postgres/connection.hpp"

namespace mk::store::pg {

// Seals every committed unsealed row, in batches. `wait`: block on the head lock (a flush
// must finish the job); otherwise leave it to the sealer that holds it. Returns the number
// of rows this call sealed.
int64_t seal_pending(Connection& conn, bool wait);

// Runs seal_pending() on its own connection every `interval` and whenever poked, until
// destroyed (with one last pass when this instance committed audit rows: a read-only command
// such as `meekijk report` leaves without connecting again). A failure is logged once and
// retried on the next pass.
class Sealer {
 public:
  Sealer(std::string url, Logger& log, std::chrono::milliseconds interval = std::chrono::milliseconds(250));
  ~Sealer();
  Sealer(const Sealer&) = delete;
  Sealer& operator=(const Sealer&) = delete;

  void poke();  // audit rows were committed: seal soon

 private:
  void loop(std::stop_token stop);
  void pass();

  const std::string url_;
  Logger& log_;
  const std::chrono::milliseconds interval_;
  std::unique_ptr<Connection> conn_;  // sealer thread only; reopened after a failure
  bool failing_ = false;              // sealer thread only: log a failure once, not every pass
  std::mutex mutex_;
  std::condition_variable_any wake_;
  bool poked_ = false;
  bool ever_poked_ = false;  // under mutex_: this instance committed audit rows
  std::jthread thread_;  // last: started once everything above exists
};

}  // namespace mk::store::pg
