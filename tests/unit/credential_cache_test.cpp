// app::CredentialCache: what a verified credential is remembered for, and when it is not.
#include <gtest/gtest.h>

#include <thread>

#include "app/credential_cache.hpp"

namespace mk::app {
namespace {

CredentialCache::Entry entry_for(const std::string& user) {
  CredentialCache::Entry e;
  e.who.actor.id = UserId(user);
  e.who.csrf_token = "csrf-" + user;
  return e;
}

TEST(CredentialCache, RemembersAnEntryWithinItsTtl) {
  CredentialCache cache(std::chrono::minutes(5));
  cache.put("b1", entry_for("u1"), cache.generation());
  auto hit = cache.find("b1");
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->who.actor.id, UserId("u1"));
  EXPECT_EQ(hit->who.csrf_token, "csrf-u1");
  EXPECT_FALSE(cache.find("b2"));
}

TEST(CredentialCache, ForgetsAnEntryAfterItsTtl) {
  CredentialCache cache(std::chrono::milliseconds(20));
  cache.put("s1", entry_for("u1"), cache.generation());
  std::this_thread::sleep_for(std::chrono::milliseconds(40));
  EXPECT_FALSE(cache.find("s1"));
}

TEST(CredentialCache, ForgetRemovesAtOnce) {
  CredentialCache cache(std::chrono::minutes(5));
  cache.put("s1", entry_for("u1"), cache.generation());
  cache.forget("s1");
  EXPECT_FALSE(cache.find("s1"));
}

TEST(CredentialCache, InvalidateAllDropsEntriesAndRefusesLookupsThatStartedBefore) {
  CredentialCache cache(std::chrono::minutes(5));
  cache.put("s1", entry_for("u1"), cache.generation());
  auto before = cache.generation();  // a lookup starts here …
  cache.invalidate_all();            // … a pool changes and commits …
  cache.put("s2", entry_for("u2"), before);  // … and the lookup's (maybe stale) actor arrives
  EXPECT_FALSE(cache.find("s1"));
  EXPECT_FALSE(cache.find("s2"));
  cache.put("s2", entry_for("u2"), cache.generation());
  EXPECT_TRUE(cache.find("s2"));
}

TEST(CredentialCache, ZeroTtlTurnsItOff) {
  CredentialCache cache(std::chrono::milliseconds(0));
  cache.put("s1", entry_for("u1"), cache.generation());
  EXPECT_FALSE(cache.find("s1"));
}

TEST(CredentialCache, StaysWithinItsSizeAndKeepsTheNewestEntry) {
  CredentialCache cache(std::chrono::minutes(5), 3);
  for (int i = 0; i < 10; ++i) cache.put("k" + std::to_string(i), entry_for("u" + std::to_string(i)), cache.generation());
  int found = 0;
  for (int i = 0; i < 10; ++i) found += cache.find("k" + std::to_string(i)).has_value();
  EXPECT_LE(found, 3);
  ASSERT_TRUE(cache.find("k9"));
  EXPECT_EQ(cache.find("k9")->who.actor.id, UserId("u9"));
}

}  // namespace
}  // namespace mk::app
