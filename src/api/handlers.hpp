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
HttpResponse me(app::Directory& directory, HttpRequest& req, const Ctx& ctx);
}  // namespace session

namespace directory {
HttpResponse organizations(app::Directory& directory, HttpRequest& req, const Ctx& ctx);
HttpResponse services(app::Directory& directory, HttpRequest& req, const Ctx& ctx);
}  // namespace directory

namespace consults {
HttpResponse create(app::Consults& consults, HttpRequest& req, const Ctx& ctx);
HttpResponse list(app::Consults& consults, HttpRequest& req, const Ctx& ctx);
HttpResponse get(app::Consults& consults, HttpRequest& req, const Ctx& ctx);
HttpResponse summary(app::Consults& consults, HttpRequest& req, const Ctx& ctx);
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

}  // namespace mk::api
