#pragma once
// Who is asking, from where: built once per request by authentication, passed to every use case.
#include <optional>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "domain/enums.hpp"

namespace mk::app {

struct Actor {
  UserId id;
  std::string name;
  std::string email;
  domain::Role role = domain::Role::gp;
  OrgId organization_id;
  std::string agb;
  std::vector<ServiceId> services;  // consultants: the services they answer for
  std::optional<UserId> on_behalf_of;
};

struct RequestContext {
  Actor actor;
  std::string ip;
  std::string request_id;
  // The version the client last saw (FHIR If-Match): a change of a consult now at another
  // version fails with Errc::precondition_failed inside the transaction that would write it.
  std::optional<int> expected_version;
};

// Present on POSTs that carried an Idempotency-Key.
struct IdempotencyInput {
  std::string key;
  std::string route;        // method + route pattern
  std::string fingerprint;  // SHA-256 of the body
};

}  // namespace mk::app
