#pragma once
// What a Store::listen listener received, for the notification tests; waits are bounded.
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace mk::store::test {

class Received {
 public:
  std::function<void(const std::string&)> listener() {
    return [this](const std::string& payload) {
      std::lock_guard lock(mutex_);
      items_.push_back(payload);
      cv_.notify_all();
    };
  }
  std::function<void()> resync_counter() {
    return [this] {
      std::lock_guard lock(mutex_);
      ++resyncs_;
      cv_.notify_all();
    };
  }
  std::vector<std::string> items() const {
    std::lock_guard lock(mutex_);
    return items_;
  }
  int resyncs() const {
    std::lock_guard lock(mutex_);
    return resyncs_;
  }
  bool wait_for(const std::string& payload, std::chrono::milliseconds within = std::chrono::seconds(15)) {
    return wait(within, [&] { return std::find(items_.begin(), items_.end(), payload) != items_.end(); });
  }
  bool wait_for_count(size_t n, std::chrono::milliseconds within = std::chrono::seconds(15)) {
    return wait(within, [&] { return items_.size() >= n; });
  }
  bool wait_for_resync(std::chrono::milliseconds within = std::chrono::seconds(15)) {
    return wait(within, [&] { return resyncs_ > 0; });
  }

 private:
  template <class Pred>
  bool wait(std::chrono::milliseconds within, Pred pred) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, within, pred);
  }

  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<std::string> items_;
  int resyncs_ = 0;
};

}  // namespace mk::store::test
