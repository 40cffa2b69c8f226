#include "http/request_id.hpp"

#include <algorithm>

namespace mk::http {

bool valid_request_id(std::string_view id) noexcept {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-';
  });
}

// Request ids correlate log lines; they are not secrets, so a seeded PRNG is enough.
RequestIds::RequestIds() : engine_(std::random_device{}()) {}

std::string RequestIds::next() {
  uint64_t value;
  {
    std::lock_guard lock(mutex_);
    value = engine_();
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, value >>= 4) out[static_cast<size_t>(i)] = kHex[value & 0xf];
  return out;
}

}  // namespace mk::http
