#include "store/audit_hash.hpp"

#include <openssl/evp.h>

#include "core/error.hpp"

namespace mk::store {

std::string audit_hash(const domain::AuditEntry& e) {
  std::string canonical = domain::audit_canonical(e);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(canonical.data(), canonical.size(), digest, &len, EVP_sha256(), nullptr) != 1)
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
