#include "cli/runtime.hpp"

#include "fhir/fhir.hpp"

#include "store/postgres/postgres_store.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "web/web.hpp"

namespace mk::cli {
namespace {

// The one place that knows which backend serves: --db selects PostgreSQL, else SQLite.
std::unique_ptr<store::Store> open_store(const RuntimeOptions& o, Logger& log) {
  app::init_crypto();
  if (!o.db_url.empty()) return store::open_postgres_store({.url = o.db_url, .cache_dir = o.data_dir}, log);
  store::SqliteOptions so;
  so.data_dir = o.data_dir;
  so.group_commit = o.group_commit;
  return store::open_sqlite_store(so, log);
}

}  // namespace

Runtime::Runtime(const RuntimeOptions& options, const Clock& clock, std::ostream& log_stream)
    : options_(options),
      log_(log_stream, options.log_level),
      clock_(clock),
      ids_(clock_),
      store_(open_store(options, log_)),
      audit_(clock_),
      mailbox_(options.smtp.url.empty() ? nullptr : std::make_unique<app::Mailbox>(clock_, ids_)),
      credentials_(std::chrono::seconds(2)),
      auth_(*store_, clock_, audit_, credentials_, app::AuthSettings{.password_cost = options.password_cost}),
      consults_(*store_, clock_, ids_, audit_, mailbox_.get()),
      directory_(*store_),
      audit_log_(*store_, audit_),
      service_admin_(*store_, audit_, credentials_),
      billing_(*store_, clock_, ids_, audit_),
      reports_(*store_),
      teaching_(*store_, clock_, ids_, audit_),
      desk_(*store_, clock_, ids_, mailbox_.get()),
      sessions_(*store_, clock_, ids_, audit_, mailbox_.get()) {
  if (mailbox_) {
    mail_transport_ = mail::make_smtp_transport(options.smtp);
    mail_relay_ = std::make_unique<app::MailRelay>(*store_, clock_, *mailbox_, *mail_transport_,
                                                   app::MailSettings{options.public_url}, log_);
  }
}

Runtime::~Runtime() = default;

app::EventHub& Runtime::events() {
  if (!events_) events_ = std::make_unique<app::EventHub>(*store_, log_);
  return *events_;
}

app::OverdueWatch& Runtime::overdue() {
  if (!overdue_) overdue_ = std::make_unique<app::OverdueWatch>(*store_, clock_, ids_, log_, options_.overdue_scan);
  return *overdue_;
}

std::vector<Route> Runtime::routes(const api::ApiOptions& api_options) {
  overdue();  // a serving runtime flags overdue consults
  auth_.prepare_logins();
  auto routes = api::api_routes({auth_, consults_, directory_, audit_log_, events(), service_admin_, billing_, reports_, teaching_, desk_, sessions_}, api_options);
  for (auto& r : fhir::fhir_routes({auth_, consults_, directory_, audit_log_, clock_}))  // FHIR R4 (src/fhir)
    routes.push_back(std::move(r));
  for (auto& r : web::web_routes()) routes.push_back(std::move(r));  // the web app (src/web)
  return routes;
}

}  // namespace mk::cli
