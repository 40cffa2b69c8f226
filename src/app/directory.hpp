#pragma once
// The region's directory: organisations, services and the caller itself. No patient data.
#include <vector>

#include "app/context.hpp"
#include "app/mail.hpp"
#include "store/store.hpp"

namespace mk::app {

struct ServiceView {
  domain::Service service;
  std::string organization_name;
  bool accepts_caller = false;  // for GPs: may my practice send consults here?
  std::vector<domain::User> consultants;  // direct routing: whom a GP can pick (names only rendered)
};

struct MeView {
  domain::User user;
  domain::Organization organization;
  unsigned mail_kinds = store::kAllMailKinds;  // a bit per app::MailKind
};

class Directory {
 public:
  explicit Directory(store::Store& store) : store_(store) {}

  std::vector<domain::Organization> organizations(const RequestContext& ctx);
  std::vector<ServiceView> services(const RequestContext& ctx);
  MeView me(const RequestContext& ctx);
  // The caller's own e-mail settings: each kind given is switched on or off; the rest stay.
  MeView set_mail(const RequestContext& ctx, const std::vector<std::pair<MailKind, bool>>& changes);
  // Colleagues the caller may pick: a practice's GPs and assistants for its members; the
  // consultants and coordinators of a coordinator's organisation (subtree); everyone for the
  // regional admin. Optionally one role only. Others: Error{forbidden}.
  std::vector<domain::User> users(const RequestContext& ctx, const std::optional<domain::Role>& role);
  // The region's active users as FHIR Practitioner/PractitionerRole show them (names, AGB,
  // role, organisation, services — the resource files leave out e-mail and credentials).
  // Every logged-in role except the desk's (desk_officer, third_party: Error{forbidden}), which
  // works outside care.
  std::vector<domain::User> practitioners(const RequestContext& ctx);

 private:
  store::Store& store_;
};

}  // namespace mk::app
