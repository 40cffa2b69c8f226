#include "app/events.hpp"

#include <boost/json.hpp>

#include <algorithm>

#include "app/access.hpp"

namespace mk::app {
namespace json = boost::json;

namespace events {

void changed(store::WriteTx& tx, const domain::Consult& c) {
  json::object o;
  o["type"] = "consult.changed";
  o["consult_id"] = c.id.str();
  o["reference"] = c.reference;
  o["status"] = domain::to_string(c.status);
  o["practice_id"] = c.practice_id.str();
  o["service_id"] = c.service_id.str();
  if (c.assignee_id) o["assignee_id"] = c.assignee_id->str();
  else o["assignee_id"] = nullptr;
  o["version"] = c.version;
  tx.notify(json::serialize(o));
}

}  // namespace events

namespace {

std::string text_field(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace

EventHub::EventHub(store::Store& store, Logger& log) : store_(store), log_(log) {
  store_.listen([this](const std::string& payload) { notified(payload); }, [this] { resync(); });
}

EventHub::~EventHub() { store_.listen(nullptr); }  // waits for a delivery in progress

void EventHub::subscribe(const Actor& actor, std::shared_ptr<EventSink> sink) {
  {
    std::lock_guard lock(mutex_);
    std::erase_if(subscribers_, [](const Subscriber& s) { return !s.sink->open(); });
    subscribers_.push_back({actor, std::move(sink)});
  }
  log_.info("events.subscribed", {{"user_id", actor.id.str()}, {"role", domain::to_string(actor.role)}});
}

size_t EventHub::subscribers() const {
  std::lock_guard lock(mutex_);
  return static_cast<size_t>(std::count_if(subscribers_.begin(), subscribers_.end(),
                                           [](const Subscriber& s) { return s.sink->open(); }));
}

std::vector<EventHub::Subscriber> EventHub::live() {
  std::lock_guard lock(mutex_);
  std::erase_if(subscribers_, [](const Subscriber& s) { return !s.sink->open(); });
  return subscribers_;
}

// The payload comes from the database (any instance wrote it): it is checked, and sent on in
// our own serialisation, so that it is one line of JSON whatever arrived.
void EventHub::notified(const std::string& payload) {
  auto subscribers = live();
  if (subscribers.empty()) return;
  boost::system::error_code ec;
  json::value value = json::parse(payload, ec);
  const json::object* o = ec ? nullptr : value.if_object();
  auto status = o ? domain::parse_enum<domain::ConsultStatus>(text_field(*o, "status")) : std::nullopt;
  OrgId practice(o ? text_field(*o, "practice_id") : "");
  ServiceId service(o ? text_field(*o, "service_id") : "");
  if (!o || text_field(*o, "type") != "consult.changed" || !status || practice.empty() || service.empty()) {
    log_.warn("events.notification_ignored", {{"bytes", std::to_string(payload.size())}});
    return;
  }
  std::string frame =
      "id: " + std::to_string(++last_id_) + "\nevent: consult.changed\ndata: " + json::serialize(*o) + "\n\n";
  try {
    store_.read([&](store::ReadTx& tx) {
      for (const auto& s : subscribers)
        if (access::can_view_ids(tx, s.actor, practice, service, *status)) s.sink->send(frame);
    });
  } catch (const std::exception& e) {
    // Without the database access cannot be decided: nobody more hears of this change.
    log_.warn("events.delivery_failed", {{"what", e.what()}});
  }
}

void EventHub::resync() {
  auto subscribers = live();
  log_.info("events.resync", {{"subscribers", std::to_string(subscribers.size())}});
  for (const auto& s : subscribers) s.sink->send("event: resync\ndata: {}\n\n");
}

}  // namespace mk::app
