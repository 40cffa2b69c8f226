#pragma once
// Overdue escalation (issue 5): a consult still waiting for its first answer after its due
// time is flagged on its timeline ("overdue", once per due time) by a thread of every serving
// instance, once a minute. The flag is a change like any other: the version moves, and the
// live events reach everyone who sees the consult — its service's coordinators' overdue list
// and queue update at once (GET /api/v1/events). E-mail to the coordinators is filed by
// app::MailRelay when mail is configured. Several instances may scan at the same time: the
// consult's row lock and the "once per due time" rule make one flag.
#include <chrono>
#include <thread>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/log.hpp"
#include "store/store.hpp"

namespace mk::app {

class OverdueWatch {
 public:
  // interval 0: no thread (the caller runs escalate()).
  OverdueWatch(store::Store& store, const Clock& clock, IdGenerator& ids, Logger& log,
               std::chrono::milliseconds interval = std::chrono::minutes(1));
  ~OverdueWatch();  // stops the thread
  OverdueWatch(const OverdueWatch&) = delete;
  OverdueWatch& operator=(const OverdueWatch&) = delete;

  // One pass: flags the consults that are overdue now; returns how many were new.
  int escalate();

 private:
  void loop(std::stop_token stop);
  store::Store& store_;
  const Clock& clock_;
  IdGenerator& ids_;
  Logger& log_;
  std::chrono::milliseconds interval_;
  std::jthread thread_;  // last
};

}  // namespace mk::app
