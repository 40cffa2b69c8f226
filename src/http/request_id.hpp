#pragma once
// Request ids: a client's (or nginx's) X-Request-Id is kept when it looks safe to log and
// echo, otherwise the server makes one.
#include <cstdint>
#include <mutex>
#include <random>
#include <string>
#include <string_view>

namespace mk::http {

// [A-Za-z0-9._-]{1,64}
bool valid_request_id(std::string_view id) noexcept;

class RequestIds {
 public:
  RequestIds();
  std::string next();  // 16 random hex characters; thread-safe

 private:
  std::mutex mutex_;
  std::mt19937_64 engine_;
};

}  // namespace mk::http
