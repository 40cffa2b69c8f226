#pragma once
// The JSON API surface under /api/v1 (DESIGN §10): one route table, thin handlers.
#include <vector>

#include "app/audit_log.hpp"
#include "app/auth.hpp"
#include "app/billing.hpp"
#include "app/reports.hpp"
#include "app/teaching.hpp"
#include "app/consults.hpp"
#include "app/desk.hpp"
#include "app/directory.hpp"
#include "app/events.hpp"
#include "app/service_admin.hpp"
#include "app/sessions.hpp"
#include "core/http_message.hpp"

namespace mk::api {

struct ApiServices {
  app::Auth& auth;
  app::Consults& consults;
  app::Directory& directory;
  app::AuditLog& audit_log;
  app::EventHub& events;
  app::ServiceAdmin& service_admin;
  app::Billing& billing;
  app::Reports& reports;
  app::TeachingLibrary& teaching;
  app::Desk& desk;
  app::Sessions& sessions;
};

struct ApiOptions {
  bool secure_cookies = false;  // set behind TLS: the session cookie gets `Secure`
};

std::vector<Route> api_routes(const ApiServices& services, const ApiOptions& options);

}  // namespace mk::api
