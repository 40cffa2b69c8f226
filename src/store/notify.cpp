#include "store/notify.hpp"

#include "core/error.hpp"
#include "store/store.hpp"

namespace mk::store {

void check_notify_payload(std::string_view payload) {
  if (payload.size() > kMaxNotifyPayload)
    throw Error(Errc::internal, "Notification too large",
                "a notification payload has " + std::to_string(payload.size()) + " bytes; the limit is " +
                    std::to_string(kMaxNotifyPayload));
  if (payload.find('\0') != std::string_view::npos)
    throw Error(Errc::internal, "Bad notification", "a notification payload must not contain a NUL byte");
}

void ListenerSlot::set(std::function<void(const std::string&)> listener, std::function<void()> resync) {
  std::lock_guard lock(mutex_);
  listener_ = std::move(listener);
  resync_ = std::move(resync);
}

bool ListenerSlot::empty() const {
  std::lock_guard lock(mutex_);
  return !listener_;
}

void ListenerSlot::deliver(const std::string& payload) {
  std::lock_guard lock(mutex_);
  if (!listener_) return;
  try {
    listener_(payload);
  } catch (const std::exception& e) {
    log_.error("store.listener_failed", {{"what", e.what()}});
  } catch (...) {
    log_.error("store.listener_failed", {{"what", "unknown"}});
  }
}

void ListenerSlot::resync() {
  std::lock_guard lock(mutex_);
  if (!resync_) return;
  try {
    resync_();
  } catch (const std::exception& e) {
    log_.error("store.listener_failed", {{"what", e.what()}});
  } catch (...) {
    log_.error("store.listener_failed", {{"what", "unknown"}});
  }
}

Dispatcher::Dispatcher(ListenerSlot& slot) : slot_(slot), thread_([this](std::stop_token s) { loop(s); }) {}

Dispatcher::~Dispatcher() {
  thread_.request_stop();
  thread_.join();
}

void Dispatcher::post(std::vector<std::string> payloads) {
  if (payloads.empty()) return;
  {
    std::lock_guard lock(mutex_);
    for (auto& p : payloads) queue_.push_back(std::move(p));
  }
  wake_.notify_one();
}

void Dispatcher::loop(std::stop_token stop) {
  for (;;) {
    std::deque<std::string> batch;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, stop, [this] { return !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything is delivered
      batch.swap(queue_);
    }
    for (const auto& payload : batch) slot_.deliver(payload);
  }
}

}  // namespace mk::store
