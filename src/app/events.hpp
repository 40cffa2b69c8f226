#pragma once
// Live events for the web app (GET /api/v1/events, Server-Sent Events). A use case that
// changes a consult calls events::changed() inside its write transaction; the store delivers
// the notification after commit to the EventHub of every instance on the database; each hub
// sends it to its own subscribers who may see that consult (app/access decides, from the ids
// in the notification). A notification carries ids and codes only, never patient data, so
// receiving one is not a patient-data read and writes no audit entry.
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "app/context.hpp"
#include "core/http_message.hpp"
#include "core/log.hpp"
#include "store/store.hpp"

namespace mk::app {

namespace events {

// Inside the write transaction, after the change: {"type":"consult.changed", "consult_id",
// "reference", "status", "practice_id", "service_id", "assignee_id" (or null), "version"}.
void changed(store::WriteTx& tx, const domain::Consult& c);

}  // namespace events

class EventHub {
 public:
  // Registers itself as the store's listener; unregisters when destroyed.
  EventHub(store::Store& store, Logger& log);
  ~EventHub();
  EventHub(const EventHub&) = delete;
  EventHub& operator=(const EventHub&) = delete;

  // From now until the sink closes, the actor hears of every change to a consult it may see:
  //   id: <n>\nevent: consult.changed\ndata: <the notification's JSON>\n\n
  // and, when notifications may have been lost, `event: resync` (reload what is shown).
  // Does not block.
  void subscribe(const Actor& actor, std::shared_ptr<EventSink> sink);
  size_t subscribers() const;

 private:
  struct Subscriber {
    Actor actor;
    std::shared_ptr<EventSink> sink;
  };

  void notified(const std::string& payload);  // on the store's listener thread
  void resync();
  std::vector<Subscriber> live();  // drops the closed ones; a snapshot of the rest

  store::Store& store_;
  Logger& log_;
  mutable std::mutex mutex_;
  std::vector<Subscriber> subscribers_;
  uint64_t last_id_ = 0;  // listener thread only
};

}  // namespace mk::app
