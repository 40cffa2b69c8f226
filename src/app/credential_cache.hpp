#pragma once
// A short-lived memory of verified credentials (session cookies and bearer tokens), so a busy
// integration or inbox does not pay a database lookup on every request. Keyed by the
// credential's SHA-256 (the raw token is never kept); only successful lookups are remembered,
// so a token created a moment ago works at once and invalid tokens cannot fill the cache.
// An entry lives `ttl` (monotonic time): a user deactivated or a token revoked elsewhere (the
// import, another instance) loses access within that bound. In this process, logout forgets its
// session at once, and a change of users (pool membership: app::ServiceAdmin) calls
// invalidate_all() after its commit; a lookup that started before that call is not remembered
// (put() compares the generation seen before the lookup), so no stale actor survives it.
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "app/context.hpp"
#include "core/clock.hpp"

namespace mk::app {

struct Authenticated {
  Actor actor;
  std::string csrf_token;  // empty for bearer tokens (no ambient credentials, no CSRF)
};

class CredentialCache {
 public:
  // ttl 0 turns the cache off.
  explicit CredentialCache(std::chrono::milliseconds ttl, size_t max_entries = 4096);

  struct Entry {
    Authenticated who;
    std::optional<Timestamp> expires_at;  // a session's own end (checked against the clock on use)
  };
  std::optional<Entry> find(const std::string& key);
  // Read generation() before the lookup that produced `entry`, pass it here.
  uint64_t generation();
  void put(const std::string& key, Entry entry, uint64_t seen_generation);
  void forget(const std::string& key);
  void invalidate_all();

 private:
  struct Slot {
    Entry entry;
    std::chrono::steady_clock::time_point stored;
  };
  std::chrono::milliseconds ttl_;
  size_t max_entries_;
  std::mutex mutex_;
  uint64_t generation_ = 0;
  std::unordered_map<std::string, Slot> slots_;
};

}  // namespace mk::app
