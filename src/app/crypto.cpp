#include "app/crypto.hpp"

#include <openssl/hmac.h>
#include <sodium.h>

#include <array>
#include <chrono>
#include <cstring>
#include <fstream>
#include <vector>

#include "core/error.hpp"

namespace mk::app {
namespace {

constexpr char kBase32[] = "abcdefghijklmnopqrstuvwxyz234567";

std::string base32_encode(const unsigned char* data, size_t len, const char* alphabet = kBase32) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (size_t i = 0; i < len; ++i) {
    buffer = (buffer << 8) | data[i];
    bits += 8;
    while (bits >= 5) {
      out.push_back(alphabet[(buffer >> (bits - 5)) & 31]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(alphabet[(buffer << (5 - bits)) & 31]);
  return out;
}

std::vector<unsigned char> base32_decode(std::string_view text) {
  std::vector<unsigned char> out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char ch : text) {
    if (ch == '=' || ch == ' ') continue;
    char c = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
    int v;
    if (c >= 'a' && c <= 'z') v = c - 'a';
    else if (c >= '2' && c <= '7') v = c - '2' + 26;
    else return {};
    buffer = (buffer << 5) | static_cast<uint32_t>(v);
    bits += 5;
    if (bits >= 8) {
      out.push_back(static_cast<unsigned char>((buffer >> (bits - 8)) & 0xff));
      bits -= 8;
    }
  }
  return out;
}

std::string hex(const unsigned char* data, size_t len) {
  std::string out(len * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, len);
  out.pop_back();
  return out;
}

}  // namespace

void init_crypto() {
  if (sodium_init() < 0) throw Error(Errc::internal, "libsodium could not be initialised");
}

std::string random_token(size_t bytes) {
  std::string buf(bytes, '\0');
  randombytes_buf(buf.data(), buf.size());
  return base64url_encode(buf);
}

std::string sha256_hex(std::string_view data) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return hex(digest, sizeof digest);
}

std::string sha256_file_hex(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(Errc::internal, "uploaded file could not be read");
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  std::vector<char> buf(1 << 16);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    auto n = in.gcount();
    if (n > 0) crypto_hash_sha256_update(&state, reinterpret_cast<unsigned char*>(buf.data()), size_t(n));
  }
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state, digest);
  return hex(digest, sizeof digest);
}

namespace {
std::string base64_with(std::string_view data, int variant) {
  std::string out(sodium_base64_encoded_len(data.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                    variant);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}
}  // namespace

std::string base64url_encode(std::string_view data) {
  return base64_with(data, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

std::string base64_encode(std::string_view data) { return base64_with(data, sodium_base64_VARIANT_ORIGINAL); }

std::optional<std::string> base64url_decode(std::string_view text) {
  std::string out(text.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                        &len, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
    return std::nullopt;
  out.resize(len);
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  std::string out(text.size(), '\0');
  size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(),
                        " \r\n\t", &len, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != text.data() + text.size())
    return std::nullopt;
  out.resize(len);
  return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

PasswordCost PasswordCost::interactive() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

PasswordCost PasswordCost::minimum() { return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN}; }

std::string hash_password(std::string_view password, const PasswordCost& cost) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost.opslimit, cost.memlimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw Error(Errc::internal, "password hashing ran out of memory");
  return out;
}

bool verify_password(std::string_view encoded_hash, std::string_view password) {
  std::string h(encoded_hash);  // needs a NUL-terminated string
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

std::string totp_code(std::string_view base32_secret, Timestamp at) {
  auto key = base32_decode(base32_secret);
  uint64_t counter = static_cast<uint64_t>(to_unix_ms(at) / 1000 / 30);
  unsigned char msg[8];
  for (int i = 7; i >= 0; --i) {
    msg[i] = static_cast<unsigned char>(counter & 0xff);
    counter >>= 8;
  }
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), msg, sizeof msg, mac, &mac_len);
  int offset = mac[mac_len - 1] & 0x0f;
  uint32_t bin = ((mac[offset] & 0x7fu) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  std::string code = std::to_string(bin % 1000000);
  return std::string(6 - code.size(), '0') + code;
}

bool verify_totp(std::string_view base32_secret, std::string_view code, Timestamp now) {
  if (code.size() != 6 || base32_decode(base32_secret).empty()) return false;
  for (int step = -1; step <= 1; ++step)
    if (constant_time_equal(totp_code(base32_secret, now + std::chrono::seconds(30 * step)), code)) return true;
  return false;
}

std::string random_base32_secret() {
  unsigned char buf[20];
  randombytes_buf(buf, sizeof buf);
  return base32_encode(buf, sizeof buf);
}

namespace {

// 48 bits of milliseconds, then 80 other bits: big-endian bytes, 5 bits a character from the
// top, an alphabet in ASCII order, so the strings sort as the numbers do.
std::string ordered_id(uint64_t stamp, const unsigned char (&rest)[10]) {
  static constexpr char kOrdered[] = "0123456789abcdefghjkmnpqrstvwxyz";
  unsigned char buf[16];
  for (int i = 0; i < 6; ++i) buf[i] = static_cast<unsigned char>(stamp >> (8 * (5 - i)));
  std::memcpy(buf + 6, rest, sizeof rest);
  return base32_encode(buf, sizeof buf, kOrdered);
}

}  // namespace

std::string RandomIdGenerator::next() {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(clock_.now().time_since_epoch()).count();
  unsigned char rest[10];
  randombytes_buf(rest, sizeof rest);
  return ordered_id(static_cast<uint64_t>(ms < 0 ? 0 : ms), rest);
}

std::string SeededIdGenerator::next() {
  unsigned char rest[10];
  const uint64_t a = rng_(), b = rng_();
  for (int i = 0; i < 8; ++i) rest[i] = static_cast<unsigned char>(a >> (8 * i));
  rest[8] = static_cast<unsigned char>(b);
  rest[9] = static_cast<unsigned char>(b >> 8);
  return ordered_id(start_ms_ + (count_++ >> 8), rest);
}

}  // namespace mk::app
