#pragma once
// Records of the login state. Only hashes of secrets are stored: a leaked database does not
// hand out sessions or tokens.
#include <string>

#include "core/ids.hpp"
#include "core/time.hpp"

namespace mk::domain {

struct SessionRecord {
  std::string token_hash;  // SHA-256 hex of the cookie value
  UserId user_id;
  std::string csrf_token;
  Timestamp created_at;
  Timestamp expires_at;
};

struct ApiToken {
  std::string token_hash;  // SHA-256 hex of the bearer token
  UserId user_id;
  std::string label;
  Timestamp created_at;
};

// A POST with an Idempotency-Key: replays answer the first result instead of acting twice.
struct IdempotencyRecord {
  UserId user_id;
  std::string key;
  std::string route;        // "POST /api/v1/consults"
  std::string fingerprint;  // SHA-256 of the request body
  int status = 0;
  std::string resource_id;  // the consult it created or changed
  Timestamp created_at;
};

}  // namespace mk::domain
