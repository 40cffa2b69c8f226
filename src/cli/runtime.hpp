#pragma once
// The composition root: config → store → services → routes → server. Every command builds
// its object graph here, and the API tests build the same graph (with a test clock).
#include <filesystem>
#include <memory>
#include <ostream>
#include <string>

#include "api/api.hpp"
#include "app/audit.hpp"
#include "app/audit_log.hpp"
#include "app/auth.hpp"
#include "app/consults.hpp"
#include "app/crypto.hpp"
#include "app/directory.hpp"
#include "app/events.hpp"
#include "app/mail.hpp"
#include "app/billing.hpp"
#include "app/desk.hpp"
#include "app/sessions.hpp"
#include "app/overdue.hpp"
#include "app/reports.hpp"
#include "app/teaching.hpp"
#include "app/service_admin.hpp"
#include "core/clock.hpp"
#include "core/log.hpp"
#include "mail/smtp_transport.hpp"
#include "store/store.hpp"

namespace mk::cli {

struct RuntimeOptions {
  // SQLite: the data directory holds everything. PostgreSQL (db_url set): the database holds
  // everything and data_dir is only this instance's blob cache and upload staging.
  std::filesystem::path data_dir = "data";
  std::string db_url;  // postgresql://user@host:port/db; empty = SQLite in data_dir
  bool group_commit = true;
  app::PasswordCost password_cost = app::PasswordCost::interactive();
  LogLevel log_level = LogLevel::info;
  // E-mail notifications: on when smtp.url is set (serve --smtp-url). The outbox is filled in
  // the transactions of the changes, and a relay thread of this runtime sends it.
  mail::SmtpOptions smtp;
  std::string public_url;  // the links in the mails
  // How often a serving runtime flags overdue consults (app::OverdueWatch); 0 = no thread
  // (tests call overdue().escalate() themselves).
  std::chrono::milliseconds overdue_scan = std::chrono::minutes(1);
};

class Runtime {
 public:
  // The clock and log stream are the caller's (tests pass a ManualClock and a string stream).
  Runtime(const RuntimeOptions& options, const Clock& clock, std::ostream& log_stream);
  ~Runtime();

  Logger& log() { return log_; }
  const Clock& clock() { return clock_; }
  IdGenerator& ids() { return ids_; }
  store::Store& store() { return *store_; }
  app::AuditTrail& audit() { return audit_; }
  app::Auth& auth() { return auth_; }
  app::Consults& consults() { return consults_; }
  app::Billing& billing() { return billing_; }
  app::Reports& reports() { return reports_; }
  app::Directory& directory() { return directory_; }
  app::AuditLog& audit_log() { return audit_log_; }
  // Live events: made (and registered as the store's listener, which with PostgreSQL opens the
  // LISTEN connection) the first time they are asked for — serving does, other commands don't.
  app::EventHub& events();
  const RuntimeOptions& options() const { return options_; }
  app::MailRelay* mail_relay() { return mail_relay_.get(); }  // null without --smtp-url
  // Overdue escalation: made with the routes (serving runtimes only); its thread runs when
  // options().overdue_scan > 0.
  app::OverdueWatch& overdue();
  std::vector<Route> routes(const api::ApiOptions& api_options);

 private:
  RuntimeOptions options_;
  Logger log_;
  const Clock& clock_;
  app::RandomIdGenerator ids_;
  std::unique_ptr<store::Store> store_;
  app::AuditTrail audit_;
  std::unique_ptr<app::Mailbox> mailbox_;  // before consults_, which files mails into it
  app::CredentialCache credentials_;  // verified sessions and tokens, 2 s (auth_, service_admin_)
  app::Auth auth_;
  app::Consults consults_;
  app::Directory directory_;
  app::AuditLog audit_log_;
  app::ServiceAdmin service_admin_;
  app::Billing billing_;
  app::Reports reports_;
  app::TeachingLibrary teaching_;
  app::Desk desk_;
  app::Sessions sessions_;
  std::unique_ptr<app::MailTransport> mail_transport_;
  std::unique_ptr<app::MailRelay> mail_relay_;  // stops before the store and the services go
  std::unique_ptr<app::OverdueWatch> overdue_;  // stops before the store goes
  std::unique_ptr<app::EventHub> events_;  // last: stops listening before the rest goes
};

}  // namespace mk::cli
