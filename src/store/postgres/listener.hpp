#pragma once
// The receiving side of WriteTx::notify() with PostgreSQL: one connection per store that
// LISTENs on the `meekijk_events` channel, and a thread that sleeps in poll() on its socket
// and hands every notification to the store's listener. Every instance on the database gets
// every committed notification this way, its own included — that is the fan-out across
// instances. When the connection is lost (database restart, pg_terminate_backend) the thread
// reconnects by itself, logs it, and calls the listener's resync: what was committed in
// between was not received.
#include <atomic>
#include <chrono>
#include <memory>
#include <stop_token>
#include <string>
#include <thread>

#include "core/log.hpp"
#include "store/notify.hpp"
#include "store/postgres/connection.hpp"

namespace mk::store::pg {

inline constexpr const char* kEventsChannel = "meekijk_events";

class Listener {
 public:
  // Listening when the constructor returns, if the database answers; otherwise the thread
  // keeps trying.
  Listener(std::string url, ListenerSlot& slot, Logger& log);
  ~Listener();
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

 private:
  std::unique_ptr<Connection> connect();  // null (logged once) when the database is away
  void loop(std::stop_token stop);
  bool receive();                          // false when the connection is gone
  void pause(std::chrono::milliseconds d);  // returns early when stopping

  const std::string url_;
  ListenerSlot& slot_;
  Logger& log_;
  int wake_[2] = {-1, -1};  // self-pipe: the destructor interrupts poll()
  bool failing_ = false;    // a connect failure was logged; log the recovery
  bool lost_ = false;       // notifications may have been missed: resync after reconnecting
  std::unique_ptr<Connection> conn_;  // the listener thread's once it runs
  std::jthread thread_;               // last; started once conn_ has been tried
};

}  // namespace mk::store::pg
