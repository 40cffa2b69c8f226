#include "store/audit_hash.hpp"

#include <openssl/evp.h>

#include <memory>

#include "core/error.hpp"

namespace mk::store {
namespace {

// Fetched once: EVP_sha256() with a fresh context per call looked the algorithm up in the
// provider and allocated its state on every entry (a third of the hash's instructions).
const EVP_MD* sha256() {
  static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

struct ContextFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

}  // namespace

std::string audit_hash(const domain::AuditEntry& e) {
  std::string canonical = domain::audit_canonical(e);
  thread_local std::unique_ptr<EVP_MD_CTX, ContextFree> ctx(EVP_MD_CTX_new());
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  const EVP_MD* md = sha256();
  if (!ctx || !md || EVP_DigestInit_ex2(ctx.get(), md, nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), canonical.data(), canonical.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), digest, &len) != 1)
    throw Error(Errc::internal, "Hash failed", "SHA-256 of an audit entry failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xf];
  }
  return out;
}

}  // namespace mk::store
