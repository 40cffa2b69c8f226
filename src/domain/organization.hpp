#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "domain/enums.hpp"
#include "domain/intake.hpp"

namespace mk::domain {

struct Organization {
  OrgId id;
  std::string ref;  // stable key of the import file
  std::string name;
  OrgType type = OrgType::gp_practice;
  std::optional<OrgId> part_of;  // the tree: practice → care group → region
  std::string agb;               // 8 digits or empty
  std::string postcode;          // practices: their PC4 area
};

// What a department or kader pool offers (DESIGN §5).
struct Service {
  ServiceId id;
  std::string ref;
  OrgId organization_id;
  std::string specialty;  // "dermatology", "cardiology", ...
  std::string name;
  std::vector<Modality> modalities;
  int response_days = 2;
  Routing routing = Routing::pool;
  std::vector<OrgId> accepts;  // care groups; empty = every care group of the region
  bool active = true;
  IntakeForm intake;  // required fields and attachments, checked at submit

  bool offers(Modality m) const;
};

struct User {
  UserId id;
  std::string ref;
  std::string email;  // stored lower-case
  std::string name;
  Role role = Role::gp;
  OrgId organization_id;
  std::string agb;
  std::string password_hash;  // argon2id, libsodium's encoded form
  std::string totp_secret;    // base32; empty when no second factor is enrolled
  std::vector<ServiceId> services;  // consultants: the services they answer for
  bool active = true;
};

}  // namespace mk::domain
