#pragma once
// Handler functions of the API, one group per resource; routes.cpp binds them to paths.
// Each parses the request, calls one use case, renders the result.
#include "api/api.hpp"
#include "app/context.hpp"

namespace mk::api {

using Ctx = app::RequestContext;

namespace session {
HttpResponse login(app::Auth& auth, const ApiOptions& options, HttpRequest& req);
HttpResponse logout(app::Auth& auth, const ApiOptions& options, HttpRequest& req);
// The cookie session's user and CSRF token again (after a page reload).
HttpResponse current(app::Auth& auth, app::Directory& directory, HttpRequest& req);
HttpResponse me(app::Directory& directory, HttpRequest& req, const Ctx& ctx);
HttpResponse update_me(app::Directory& directory, HttpRequest& req, const Ctx& ctx);
}  // namespace session

namespace directory {
HttpResponse organizations(app::Directory& directory, HttpRequest& req, const Ctx& ctx);
HttpResponse services(app::Directory& directory, HttpRequest& req, const Ctx& ctx);
HttpResponse users(app::Directory& directory, HttpRequest& req, const Ctx& ctx);
}  // namespace directory

namespace services {
HttpResponse update(app::ServiceAdmin& admin, HttpRequest& req, const Ctx& ctx);
HttpResponse set_consultants(app::ServiceAdmin& admin, HttpRequest& req, const Ctx& ctx);
}  // namespace services

namespace billing {
HttpResponse contracts(app::Billing& billing, HttpRequest& req, const Ctx& ctx);
HttpResponse create_contract(app::Billing& billing, HttpRequest& req, const Ctx& ctx);
HttpResponse update_contract(app::Billing& billing, HttpRequest& req, const Ctx& ctx);
HttpResponse declarations(app::Billing& billing, HttpRequest& req, const Ctx& ctx);
HttpResponse statements(app::Billing& billing, HttpRequest& req, const Ctx& ctx);
HttpResponse reprocess(app::Billing& billing, HttpRequest& req, const Ctx& ctx);
}  // namespace billing

namespace desk {
HttpResponse ask(app::Desk& desk, HttpRequest& req, const Ctx& ctx);
HttpResponse list(app::Desk& desk, HttpRequest& req, const Ctx& ctx);
HttpResponse get(app::Desk& desk, HttpRequest& req, const Ctx& ctx);
HttpResponse change(app::Desk& desk, HttpRequest& req, const Ctx& ctx);
HttpResponse support(app::Desk& desk, HttpRequest& req, const Ctx& ctx);
HttpResponse merge(app::Desk& desk, HttpRequest& req, const Ctx& ctx);
HttpResponse board(app::Desk& desk, HttpRequest& req, const Ctx& ctx);
}  // namespace desk

namespace onsite {
HttpResponse create(app::Sessions& sessions, HttpRequest& req, const Ctx& ctx);
HttpResponse list(app::Sessions& sessions, HttpRequest& req, const Ctx& ctx);
HttpResponse get(app::Sessions& sessions, HttpRequest& req, const Ctx& ctx);
HttpResponse update(app::Sessions& sessions, HttpRequest& req, const Ctx& ctx);
HttpResponse cancel(app::Sessions& sessions, HttpRequest& req, const Ctx& ctx);
}  // namespace onsite

namespace teaching {
HttpResponse set_consent(app::TeachingLibrary& lib, HttpRequest& req, const Ctx& ctx);
HttpResponse consent_state(app::TeachingLibrary& lib, HttpRequest& req, const Ctx& ctx);
HttpResponse search(app::TeachingLibrary& lib, HttpRequest& req, const Ctx& ctx);
HttpResponse read(app::TeachingLibrary& lib, HttpRequest& req, const Ctx& ctx);
HttpResponse attachment(app::TeachingLibrary& lib, HttpRequest& req, const Ctx& ctx);
}  // namespace teaching

namespace reports {
HttpResponse triple_aim(app::Reports& reports, HttpRequest& req, const Ctx& ctx);
}  // namespace reports

namespace consults {
HttpResponse create(app::Consults& consults, HttpRequest& req, const Ctx& ctx);
HttpResponse book(app::Consults& consults, HttpRequest& req, const Ctx& ctx);  // POST /sessions/{id}/bookings
HttpResponse list(app::Consults& consults, HttpRequest& req, const Ctx& ctx);
HttpResponse get(app::Consults& consults, HttpRequest& req, const Ctx& ctx);
// get()'s fast path (Route::fast): remembered credentials, no worker thread; false = use get().
bool get_fast(app::Auth& auth, app::Consults& consults, HttpRequest& req, Route::FastCompletion complete);
HttpResponse summary(app::Consults& consults, HttpRequest& req, const Ctx& ctx);
HttpResponse update(app::Consults& consults, HttpRequest& req, const Ctx& ctx);
HttpResponse submit(app::Consults& consults, HttpRequest& req, const Ctx& ctx);
HttpResponse accept(app::Consults& consults, HttpRequest& req, const Ctx& ctx);
HttpResponse answer(app::Consults& consults, HttpRequest& req, const Ctx& ctx);
HttpResponse request_info(app::Consults& consults, HttpRequest& req, const Ctx& ctx);
HttpResponse message(app::Consults& consults, HttpRequest& req, const Ctx& ctx);
HttpResponse redirect(app::Consults& consults, HttpRequest& req, const Ctx& ctx);
HttpResponse cancel(app::Consults& consults, HttpRequest& req, const Ctx& ctx);
HttpResponse close(app::Consults& consults, HttpRequest& req, const Ctx& ctx);
HttpResponse follow_up(app::Consults& consults, HttpRequest& req, const Ctx& ctx);
}  // namespace consults

namespace attachments {
HttpResponse upload(app::Consults& consults, HttpRequest& req, const Ctx& ctx);
HttpResponse download(app::Consults& consults, HttpRequest& req, const Ctx& ctx);
}  // namespace attachments

namespace audit {
HttpResponse search(app::AuditLog& log, HttpRequest& req, const Ctx& ctx);
}  // namespace audit

namespace events {
HttpResponse stream(app::EventHub& hub, HttpRequest& req, const Ctx& ctx);
}  // namespace events

}  // namespace mk::api
