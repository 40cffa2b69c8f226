#pragma once
// Delivery of WriteTx::notify() payloads, shared by the backends: the one registered listener
// (swapped safely while deliveries run) and, for a backend that learns of its notifications on
// its writer thread (SQLite), a thread that delivers them so the writer never waits for a
// listener.
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <stop_token>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/log.hpp"

namespace mk::store {

// Throws Error{internal} when a payload breaks the port's rules (too long, a NUL byte).
void check_notify_payload(std::string_view payload);

class ListenerSlot {
 public:
  explicit ListenerSlot(Logger& log) : log_(log) {}

  // Waits for a delivery in progress, so the old listener is not running once this returns.
  void set(std::function<void(const std::string&)> listener, std::function<void()> resync);
  bool empty() const;
  // Calls the listener (if any); what it throws is logged, never passed on.
  void deliver(const std::string& payload);
  void resync();

 private:
  Logger& log_;
  mutable std::mutex mutex_;  // held while the listener runs
  std::function<void(const std::string&)> listener_;
  std::function<void()> resync_;
};

// Delivers posted payloads to a ListenerSlot on a thread of its own, in the order posted.
class Dispatcher {
 public:
  explicit Dispatcher(ListenerSlot& slot);
  ~Dispatcher();  // delivers what is still queued, then joins
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  void post(std::vector<std::string> payloads);

 private:
  void loop(std::stop_token stop);

  ListenerSlot& slot_;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::deque<std::string> queue_;
  std::jthread thread_;  // last: started once everything above exists
};

}  // namespace mk::store
