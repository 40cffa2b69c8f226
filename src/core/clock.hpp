#pragma once
// The injected clock: production reads the system clock, tests set the time.
#include <atomic>
#include <chrono>

#include "core/time.hpp"

namespace mk {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Timestamp now() const override {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  }
};

// A clock that only moves when told to; safe to read from several threads.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start) : ms_(to_unix_ms(start)) {}
  Timestamp now() const override { return from_unix_ms(ms_.load()); }
  void set(Timestamp t) { ms_.store(to_unix_ms(t)); }
  void advance(std::chrono::milliseconds d) { ms_.fetch_add(d.count()); }

 private:
  std::atomic<int64_t> ms_;
};

}  // namespace mk
