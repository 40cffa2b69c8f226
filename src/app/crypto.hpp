#pragma once
// Cryptographic primitives, all from libsodium (OpenSSL only for TOTP's HMAC-SHA1).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/time.hpp"

namespace mk::app {

// Call once before any other function here (libsodium's sodium_init); throws on failure.
void init_crypto();

std::string random_token(size_t bytes = 32);  // base64url without padding
std::string sha256_hex(std::string_view data);
std::string sha256_file_hex(const std::filesystem::path& file);  // streamed, constant memory
std::string base64url_encode(std::string_view data);
std::string base64_encode(std::string_view data);  // RFC 4648 §4, with padding (MIME)
std::optional<std::string> base64url_decode(std::string_view text);
// RFC 4648 §4 with padding; whitespace (line breaks of MIME base64) is skipped.
std::optional<std::string> base64_decode(std::string_view text);
bool constant_time_equal(std::string_view a, std::string_view b);

// argon2id cost. Interactive for production; tests and demo seeding may use the minimum.
struct PasswordCost {
  unsigned long long opslimit;
  size_t memlimit;
  static PasswordCost interactive();
  static PasswordCost minimum();
};
std::string hash_password(std::string_view password, const PasswordCost& cost);
bool verify_password(std::string_view encoded_hash, std::string_view password);

// RFC 6238 TOTP (SHA-1, 30 s steps, 6 digits); accepts one step of clock drift either way.
bool verify_totp(std::string_view base32_secret, std::string_view code, Timestamp now);
std::string totp_code(std::string_view base32_secret, Timestamp at);  // for tests and enrolment
std::string random_base32_secret();

// 128-bit ids, 26 lower-case base32 characters (Crockford's alphabet, in ASCII order): the
// first 48 bits are the clock's milliseconds, the other 80 random (CSPRNG). Unguessable, and
// ids made later sort later, so a new row lands at the right-hand edge of every index on an id
// instead of on a random page: an insert dirties (and the commit writes) a few pages instead of
// one per index. What an id gives away is when it was made, to the millisecond.
class RandomIdGenerator final : public IdGenerator {
 public:
  explicit RandomIdGenerator(const Clock& clock) : clock_(clock) {}
  std::string next() override;

 private:
  const Clock& clock_;
};

// Ids of the same shape drawn from a seed (`meekijk generate`: the same seed, the same data):
// the time part starts at start_ms and moves on by 1 ms every 256 ids, so ids made later
// still sort later.
class SeededIdGenerator final : public IdGenerator {
 public:
  SeededIdGenerator(uint64_t seed, uint64_t start_ms) : rng_(seed), start_ms_(start_ms) {}
  std::string next() override;

 private:
  std::mt19937_64 rng_;
  uint64_t start_ms_;
  uint64_t count_ = 0;
};

}  // namespace mk::app
