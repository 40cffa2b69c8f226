#include "app/credential_cache.hpp"

namespace mk::app {

CredentialCache::CredentialCache(std::chrono::milliseconds ttl, size_t max_entries)
    : ttl_(ttl), max_entries_(max_entries == 0 ? 1 : max_entries) {}

std::optional<CredentialCache::Entry> CredentialCache::find(const std::string& key) {
  if (ttl_.count() <= 0) return std::nullopt;
  auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  auto it = slots_.find(key);
  if (it == slots_.end()) return std::nullopt;
  if (now - it->second.stored >= ttl_) {
    slots_.erase(it);
    return std::nullopt;
  }
  return it->second.entry;
}

uint64_t CredentialCache::generation() {
  std::lock_guard lock(mutex_);
  return generation_;
}

void CredentialCache::put(const std::string& key, Entry entry, uint64_t seen_generation) {
  if (ttl_.count() <= 0) return;
  auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  if (seen_generation != generation_) return;  // users changed during the lookup
  if (slots_.size() >= max_entries_) {
    // Full: drop what has expired; if everything is fresh, start over (a cold lookup is cheap).
    std::erase_if(slots_, [&](const auto& kv) { return now - kv.second.stored >= ttl_; });
    if (slots_.size() >= max_entries_) slots_.clear();
  }
  slots_.insert_or_assign(key, Slot{std::move(entry), now});
}

void CredentialCache::forget(const std::string& key) {
  std::lock_guard lock(mutex_);
  slots_.erase(key);
}

void CredentialCache::invalidate_all() {
  std::lock_guard lock(mutex_);
  slots_.clear();
  ++generation_;
}

}  // namespace mk::app
