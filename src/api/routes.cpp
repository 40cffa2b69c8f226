// The API's one route table. Read it top to bottom to know the whole surface.
#include "api/api.hpp"
#include "api/guard.hpp"
#include "api/handlers.hpp"

namespace mk::api {

std::vector<Route> api_routes(const ApiServices& s, const ApiOptions& options) {
  auto& auth = s.auth;
  auto& c = s.consults;
  auto& d = s.directory;
  auto& log = s.audit_log;
  auto& hub = s.events;
  auto& admin = s.service_admin;
  auto& bill = s.billing;
  auto& rep = s.reports;
  auto& lib = s.teaching;
  auto& dk = s.desk;
  auto& ses = s.sessions;
  // A route whose handler needs a logged-in caller.
  auto route = [&](const char* method, const char* pattern, BodyKind body, auto handler) {
    uint64_t limit = body == BodyKind::json ? kJsonBodyLimit : body == BodyKind::upload ? kUploadBodyLimit : 0;
    return Route{method, pattern, body, limit, authed(auth, handler)};
  };
  // The hot audited read also gets a fast path without a worker thread (Route::fast).
  auto with_fast = [](Route r, auto fast) {
    r.fast = fast;
    return r;
  };
  using B = BodyKind;
  using R = HttpRequest;
  using C = const Ctx;

  return {
      {"POST", "/api/v1/session", B::json, kJsonBodyLimit, [&](R& r) { return session::login(auth, options, r); }},
      {"DELETE", "/api/v1/session", B::none, 0, [&](R& r) { return session::logout(auth, options, r); }},
      {"GET", "/api/v1/session", B::none, 0, [&](R& r) { return session::current(auth, d, r); }},
      route("GET", "/api/v1/users", B::none, [&](R& r, C& x) { return directory::users(d, r, x); }),
      route("GET", "/api/v1/me", B::none, [&](R& r, C& x) { return session::me(d, r, x); }),
      route("PATCH", "/api/v1/me", B::json, [&](R& r, C& x) { return session::update_me(d, r, x); }),
      route("GET", "/api/v1/organizations", B::none, [&](R& r, C& x) { return directory::organizations(d, r, x); }),
      route("GET", "/api/v1/services", B::none, [&](R& r, C& x) { return directory::services(d, r, x); }),
      route("PATCH", "/api/v1/services/{id}", B::json, [&](R& r, C& x) { return services::update(admin, r, x); }),
      route("PUT", "/api/v1/services/{id}/consultants", B::json,
            [&](R& r, C& x) { return services::set_consultants(admin, r, x); }),

      route("GET", "/api/v1/contracts", B::none, [&](R& r, C& x) { return billing::contracts(bill, r, x); }),
      route("POST", "/api/v1/contracts", B::json, [&](R& r, C& x) { return billing::create_contract(bill, r, x); }),
      route("PATCH", "/api/v1/contracts/{id}", B::json,
            [&](R& r, C& x) { return billing::update_contract(bill, r, x); }),
      route("GET", "/api/v1/billing/declarations", B::none,
            [&](R& r, C& x) { return billing::declarations(bill, r, x); }),
      route("GET", "/api/v1/billing/statements", B::none, [&](R& r, C& x) { return billing::statements(bill, r, x); }),
      route("POST", "/api/v1/billing/reprocess", B::json, [&](R& r, C& x) { return billing::reprocess(bill, r, x); }),
      route("GET", "/api/v1/reports/triple-aim", B::none, [&](R& r, C& x) { return reports::triple_aim(rep, r, x); }),
      route("POST", "/api/v1/desk/questions", B::json, [&](R& r, C& x) { return desk::ask(dk, r, x); }),
      route("GET", "/api/v1/desk/questions", B::none, [&](R& r, C& x) { return desk::list(dk, r, x); }),
      route("GET", "/api/v1/desk/questions/{id}", B::none, [&](R& r, C& x) { return desk::get(dk, r, x); }),
      route("POST", "/api/v1/desk/questions/{id}/status", B::json, [&](R& r, C& x) { return desk::change(dk, r, x); }),
      route("POST", "/api/v1/desk/questions/{id}/support", B::json, [&](R& r, C& x) { return desk::support(dk, r, x); }),
      route("POST", "/api/v1/desk/questions/{id}/merge", B::json, [&](R& r, C& x) { return desk::merge(dk, r, x); }),
      route("GET", "/api/v1/desk/board", B::none, [&](R& r, C& x) { return desk::board(dk, r, x); }),
      route("GET", "/api/v1/sessions", B::none, [&](R& r, C& x) { return onsite::list(ses, r, x); }),
      route("POST", "/api/v1/sessions", B::json, [&](R& r, C& x) { return onsite::create(ses, r, x); }),
      route("GET", "/api/v1/sessions/{id}", B::none, [&](R& r, C& x) { return onsite::get(ses, r, x); }),
      route("PATCH", "/api/v1/sessions/{id}", B::json, [&](R& r, C& x) { return onsite::update(ses, r, x); }),
      route("POST", "/api/v1/sessions/{id}/cancel", B::json, [&](R& r, C& x) { return onsite::cancel(ses, r, x); }),
      route("POST", "/api/v1/sessions/{id}/bookings", B::json, [&](R& r, C& x) { return consults::book(c, r, x); }),
      route("GET", "/api/v1/consults/{id}/teaching-case", B::none,
            [&](R& r, C& x) { return teaching::consent_state(lib, r, x); }),
      route("PUT", "/api/v1/consults/{id}/teaching-case", B::json,
            [&](R& r, C& x) { return teaching::set_consent(lib, r, x); }),
      route("GET", "/api/v1/teaching-cases", B::none, [&](R& r, C& x) { return teaching::search(lib, r, x); }),
      route("GET", "/api/v1/teaching-cases/{id}", B::none, [&](R& r, C& x) { return teaching::read(lib, r, x); }),
      route("GET", "/api/v1/teaching-cases/{id}/attachments/{aid}", B::none,
            [&](R& r, C& x) { return teaching::attachment(lib, r, x); }),
      route("POST", "/api/v1/consults", B::json, [&](R& r, C& x) { return consults::create(c, r, x); }),
      route("GET", "/api/v1/consults", B::none, [&](R& r, C& x) { return consults::list(c, r, x); }),
      with_fast(route("GET", "/api/v1/consults/{id}", B::none, [&](R& r, C& x) { return consults::get(c, r, x); }),
                [&](R& r, Route::FastCompletion done) { return consults::get_fast(auth, c, r, std::move(done)); }),
      route("PATCH", "/api/v1/consults/{id}", B::json, [&](R& r, C& x) { return consults::update(c, r, x); }),
      route("GET", "/api/v1/consults/{id}/summary", B::none, [&](R& r, C& x) { return consults::summary(c, r, x); }),
      route("POST", "/api/v1/consults/{id}/submit", B::json, [&](R& r, C& x) { return consults::submit(c, r, x); }),
      route("POST", "/api/v1/consults/{id}/accept", B::json, [&](R& r, C& x) { return consults::accept(c, r, x); }),
      route("POST", "/api/v1/consults/{id}/answer", B::json, [&](R& r, C& x) { return consults::answer(c, r, x); }),
      route("POST", "/api/v1/consults/{id}/request-info", B::json,
            [&](R& r, C& x) { return consults::request_info(c, r, x); }),
      route("POST", "/api/v1/consults/{id}/messages", B::json, [&](R& r, C& x) { return consults::message(c, r, x); }),
      route("POST", "/api/v1/consults/{id}/redirect", B::json, [&](R& r, C& x) { return consults::redirect(c, r, x); }),
      route("POST", "/api/v1/consults/{id}/cancel", B::json, [&](R& r, C& x) { return consults::cancel(c, r, x); }),
      route("POST", "/api/v1/consults/{id}/close", B::json, [&](R& r, C& x) { return consults::close(c, r, x); }),
      route("POST", "/api/v1/consults/{id}/follow-up", B::json,
            [&](R& r, C& x) { return consults::follow_up(c, r, x); }),
      route("POST", "/api/v1/consults/{id}/attachments", B::upload,
            [&](R& r, C& x) { return attachments::upload(c, r, x); }),
      route("GET", "/api/v1/consults/{id}/attachments/{aid}", B::none,
            [&](R& r, C& x) { return attachments::download(c, r, x); }),

      route("GET", "/api/v1/audit", B::none, [&](R& r, C& x) { return audit::search(log, r, x); }),

      route("GET", "/api/v1/events", B::none, [&](R& r, C& x) { return events::stream(hub, r, x); }),
  };
}

}  // namespace mk::api
