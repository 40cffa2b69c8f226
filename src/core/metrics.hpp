#pragma once
// Lock-free counters and fixed-bucket histograms; http/ renders them as Prometheus text.
#include <array>
#include <atomic>
#include <cstdint>

namespace mk {

// Latency histogram in seconds with Prometheus-style cumulative buckets.
class Histogram {
 public:
  static constexpr std::array<double, 14> kBounds = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                     0.025,  0.05,    0.1,    0.25,  0.5,    1.0,  2.5};
  void observe(double seconds) noexcept {
    size_t i = 0;
    while (i < kBounds.size() && seconds > kBounds[i]) ++i;
    buckets_[i].fetch_add(1, std::memory_order_relaxed);
    sum_micros_.fetch_add(static_cast<uint64_t>(seconds * 1e6), std::memory_order_relaxed);
  }
  // Non-cumulative count of bucket i (i == kBounds.size() is +Inf).
  uint64_t bucket(size_t i) const noexcept { return buckets_[i].load(std::memory_order_relaxed); }
  double sum_seconds() const noexcept { return double(sum_micros_.load(std::memory_order_relaxed)) / 1e6; }
  uint64_t count() const noexcept {
    uint64_t n = 0;
    for (const auto& b : buckets_) n += b.load(std::memory_order_relaxed);
    return n;
  }

 private:
  std::array<std::atomic<uint64_t>, kBounds.size() + 1> buckets_{};
  std::atomic<uint64_t> sum_micros_{0};
};

class Counter {
 public:
  void add(uint64_t n = 1) noexcept { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t value() const noexcept { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

}  // namespace mk
