// POST/DELETE /session, GET /me, and the directory lists.
#include "api/guard.hpp"
#include "api/handlers.hpp"
#include "api/render.hpp"
#include "app/json_input.hpp"

namespace mk::api {
namespace json = boost::json;

namespace session {

HttpResponse login(app::Auth& auth, const ApiOptions& options, HttpRequest& req) {
  auto body = app::parse_json_object(req.body);
  Validation v;
  app::JsonFields f(body, "", v);
  f.only({"email", "password", "totp"});
  app::LoginInput in{f.text("email").value_or(""), f.text("password").value_or(""), f.text("totp").value_or(""),
                     req.remote_ip, req.request_id};
  v.throw_if_any();
  auto result = auth.login(in);
  auto res = json_response(200, json::object{{"user", render_user(result.user)},
                                             {"csrf_token", result.csrf_token},
                                             {"expires_at", format_timestamp(result.expires_at)}});
  std::string cookie = std::string(kSessionCookie) + "=" + result.session_token +
                       "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(result.max_age.count());
  if (options.secure_cookies) cookie += "; Secure";
  res.header("Set-Cookie", cookie);
  return res;
}

HttpResponse logout(app::Auth& auth, const ApiOptions& options, HttpRequest& req) {
  auto ctx = authenticate(auth, req);
  if (auto token = cookie(req, kSessionCookie)) auth.logout(ctx, *token);
  HttpResponse res;
  res.status = 204;
  res.content_type.clear();
  std::string clear = std::string(kSessionCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
  if (options.secure_cookies) clear += "; Secure";
  res.header("Set-Cookie", clear);
  return res;
}

HttpResponse current(app::Auth& auth, app::Directory& directory, HttpRequest& req) {
  auto token = cookie(req, kSessionCookie);
  auto who = token ? auth.from_session(*token) : std::nullopt;
  if (!who) throw Error(Errc::unauthorized, "Not logged in", "no session; log in with POST /api/v1/session");
  app::RequestContext ctx{who->actor, req.remote_ip, req.request_id};
  return json_response(200, json::object{{"user", render_user(directory.me(ctx).user)}, {"csrf_token", who->csrf_token}});
}

namespace {
HttpResponse render_me(const app::MeView& me) {
  auto user = render_user(me.user);
  user["organization"] = render_organization(me.organization);
  json::object mail;
  for (auto kind : app::kMailKinds)
    mail[app::mail_kind_name(kind)] = (me.mail_kinds & static_cast<unsigned>(kind)) != 0;
  user["mail"] = std::move(mail);
  return json_response(200, user);
}
}  // namespace

HttpResponse me(app::Directory& directory, HttpRequest&, const Ctx& ctx) { return render_me(directory.me(ctx)); }

// PATCH /me {"mail": {"new_consult": false, ...}}: the caller's own e-mail settings.
HttpResponse update_me(app::Directory& directory, HttpRequest& req, const Ctx& ctx) {
  auto body = app::parse_json_object(req.body);
  Validation v;
  app::JsonFields f(body, "", v);
  f.only({"mail"});
  std::vector<std::pair<app::MailKind, bool>> changes;
  if (const auto* mail = f.object("mail")) {
    for (const auto& [key, value] : *mail) {
      auto kind = app::mail_kind_from(key);
      if (!kind) v.add("mail." + std::string(key), "unknown: new_consult, answered, info_requested or overdue");
      else if (!value.is_bool()) v.add("mail." + std::string(key), "must be true or false");
      else changes.emplace_back(*kind, value.as_bool());
    }
  } else if (!body.contains("mail")) {
    v.add("mail", "is required: {\"new_consult\": true|false, ...}");
  }
  v.throw_if_any();
  return render_me(directory.set_mail(ctx, changes));
}

}  // namespace session

namespace directory {

HttpResponse organizations(app::Directory& directory, HttpRequest&, const Ctx& ctx) {
  json::array items;
  for (const auto& o : directory.organizations(ctx)) items.push_back(render_organization(o));
  return json_response(200, page(std::move(items), ""));
}

HttpResponse services(app::Directory& directory, HttpRequest& req, const Ctx& ctx) {
  auto specialty = req.query_param("specialty");
  json::array items;
  for (const auto& s : directory.services(ctx))
    if (!specialty || s.service.specialty == *specialty) items.push_back(render_service(s));
  return json_response(200, page(std::move(items), ""));
}

HttpResponse users(app::Directory& directory, HttpRequest& req, const Ctx& ctx) {
  std::optional<domain::Role> role;
  if (auto text = req.query_param("role"); text && !text->empty()) {
    role = domain::parse_enum<domain::Role>(*text);
    if (!role)
      throw Error(Errc::validation, "The request has invalid fields", "role: unknown role",
                  {{"role", "is not a known role"}});
  }
  json::array items;
  for (const auto& u : directory.users(ctx, role)) {
    json::array services;
    for (const auto& s : u.services) services.push_back(json::string(s.str()));
    items.push_back(json::object{{"id", u.id.str()}, {"name", u.name}, {"role", domain::to_string(u.role)},
                                 {"organization_id", u.organization_id.str()}, {"agb", u.agb},
                                 {"services", std::move(services)}});
  }
  return json_response(200, page(std::move(items), ""));
}

}  // namespace directory
}  // namespace mk::api
