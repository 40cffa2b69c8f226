#pragma once
// Services as their owners shape them (DESIGN §5): a coordinator edits the services of its
// own organisation (and those below it), the regional admin any service. Changes are logged
// in the access log as configuration events.
#include <optional>
#include <string>
#include <vector>

#include "app/audit.hpp"
#include "app/credential_cache.hpp"
#include "app/context.hpp"
#include "app/directory.hpp"
#include "core/error.hpp"
#include "store/store.hpp"

namespace mk::app {

struct ServicePatch {
  std::optional<std::string> name, routing;
  std::optional<int64_t> response_days;
  std::optional<std::vector<std::string>> modalities;
  std::optional<std::vector<std::string>> accepts;  // organisation ids (care groups, practices)
  std::optional<bool> active;
  std::optional<domain::IntakeForm> intake;  // checked by the parser (app/intake_input.hpp)
  std::vector<FieldError> input_errors;
};

class ServiceAdmin {
 public:
  // `credentials` is told when a pool changes: remembered actors carry their services.
  ServiceAdmin(store::Store& store, AuditTrail& audit, CredentialCache& credentials)
      : store_(store), audit_(audit), credentials_(credentials) {}

  ServiceView update(const RequestContext& ctx, const ServiceId& id, const ServicePatch& patch);
  // Replaces the service's consultant pool: consultants of the service's organisation (subtree).
  ServiceView set_consultants(const RequestContext& ctx, const ServiceId& id, const std::vector<std::string>& users);

 private:
  domain::Service load_manageable(store::ReadTx& tx, const RequestContext& ctx, const ServiceId& id);
  ServiceView view(store::ReadTx& tx, domain::Service s);
  store::Store& store_;
  AuditTrail& audit_;
  CredentialCache& credentials_;
};

}  // namespace mk::app
