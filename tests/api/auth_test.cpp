// Authentication (DESIGN §8, §10): cookie sessions with a CSRF token, bearer tokens,
// one message for every failed login, throttling, logout and session expiry.
#include "api/harness.hpp"

namespace mk::apitest {
namespace {

using Auth = ApiTest;

json::object credentials(const std::string& email, const std::string& password) {
  return {{"email", email}, {"password", password}};
}

TEST_F(Auth, LoginSetsHttpOnlyStrictCookieAndReturnsCsrfToken) {
  auto r = anonymous().post_json("/api/v1/session", credentials("gp_a@test.example", kPassword));
  ASSERT_EQ(r.status, 200) << r.describe();
  auto cookie = r.header("set-cookie").value_or("");
  EXPECT_EQ(cookie.rfind("mk_session=", 0), 0u) << cookie;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("Path=/"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("Max-Age=43200"), std::string::npos) << cookie;
  auto body = r.object();
  EXPECT_GE(str(body["csrf_token"]).size(), 32u);
  EXPECT_EQ(str(body["user"].at("email")), "gp_a@test.example");
  EXPECT_EQ(str(body["user"].at("role")), "gp");
  EXPECT_EQ(body.if_contains("password_hash"), nullptr);
  EXPECT_EQ(r.body.find("argon2"), std::string::npos);
  // The token in the cookie is the session; the e-mail is case-insensitive.
  auto again = anonymous().post_json("/api/v1/session", credentials("  GP_A@Test.Example", kPassword));
  EXPECT_EQ(again.status, 200) << again.describe();
  EXPECT_NE(again.header("set-cookie"), r.header("set-cookie"));

  auto session = login("gp_a");
  auto me = session.get("/api/v1/me");
  ASSERT_EQ(me.status, 200) << me.describe();
  EXPECT_EQ(str(me.object()["id"]), person("gp_a").id);
  EXPECT_EQ(str(me.object()["organization"].at("id")), org("prac_a"));
}

TEST_F(Auth, CookieRequestsNeedTheCsrfTokenOnUnsafeMethods) {
  auto session = login("gp_a");
  session.send_csrf = false;
  auto r = session.post_json("/api/v1/consults", consult_body("x_derm"));
  EXPECT_EQ(r.status, 403) << r.describe();
  EXPECT_EQ(practice_count(), 0);
  // A wrong token is no better than none.
  auto wrong = session.post_json("/api/v1/consults", consult_body("x_derm"), {{"X-CSRF-Token", "not-the-token"}});
  EXPECT_EQ(wrong.status, 403) << wrong.describe();
  // Another session's token does not fit this session.
  auto other = login("gp_a2");
  auto foreign = session.post_json("/api/v1/consults", consult_body("x_derm"), {{"X-CSRF-Token", other.csrf_token}});
  EXPECT_EQ(foreign.status, 403) << foreign.describe();
  EXPECT_EQ(practice_count(), 0);
  // Safe methods need no token.
  EXPECT_EQ(session.get("/api/v1/consults").status, 200);

  session.send_csrf = true;
  auto ok = session.post_json("/api/v1/consults", consult_body("x_derm"));
  EXPECT_EQ(ok.status, 201) << ok.describe();
  EXPECT_EQ(practice_count(), 1);
  auto id = str(ok.object()["id"]);
  session.send_csrf = false;
  EXPECT_EQ(session.post_json("/api/v1/consults/" + id + "/cancel", json::object{{"reason", "x"}}).status, 403);
  EXPECT_EQ(str(fetch("gp_a", id)["status"]), "submitted");
}

TEST_F(Auth, LogoutInvalidatesTheSession) {
  auto session = login("gp_a");
  auto second = login("gp_a");
  ASSERT_EQ(session.get("/api/v1/me").status, 200);
  auto out = session.del("/api/v1/session");
  EXPECT_EQ(out.status, 204) << out.describe();
  auto cleared = out.header("set-cookie").value_or("");
  EXPECT_NE(cleared.find("Max-Age=0"), std::string::npos) << cleared;
  EXPECT_EQ(session.get("/api/v1/me").status, 401);
  EXPECT_EQ(session.post_json("/api/v1/consults", consult_body("x_derm")).status, 401);
  EXPECT_EQ(second.get("/api/v1/me").status, 200) << "logging out ends only that session";
  // Logging out needs the CSRF token too (no cross-site logout).
  second.send_csrf = false;
  EXPECT_EQ(second.del("/api/v1/session").status, 403);
  EXPECT_EQ(second.get("/api/v1/me").status, 200);
}

TEST_F(Auth, FailedLoginsShareOneMessage) {
  auto wrong = anonymous().post_json("/api/v1/session", credentials("gp_a@test.example", "wrong password!"));
  auto unknown = anonymous().post_json("/api/v1/session", credentials("nobody@test.example", kPassword));
  ASSERT_EQ(wrong.status, 401) << wrong.describe();
  ASSERT_EQ(unknown.status, 401) << unknown.describe();
  EXPECT_EQ(wrong.object()["title"], unknown.object()["title"]);
  EXPECT_EQ(wrong.object()["detail"], unknown.object()["detail"]);
  EXPECT_EQ(wrong.object()["errors"], unknown.object()["errors"]);
  EXPECT_FALSE(wrong.has_header("set-cookie"));
  auto missing = anonymous().post_json("/api/v1/session", json::object{{"email", "gp_a@test.example"}});
  EXPECT_EQ(missing.status, 422) << missing.describe();
  EXPECT_TRUE(missing.names_field("password"));
}

TEST_F(Auth, SixthWrongPasswordIsThrottled) {
  auto email = person("gp_b").email;
  for (int i = 1; i <= 5; ++i) {
    auto r = anonymous().post_json("/api/v1/session", credentials(email, "wrong password " + std::to_string(i)));
    EXPECT_EQ(r.status, 401) << "attempt " << i << ": " << r.describe();
  }
  auto sixth = anonymous().post_json("/api/v1/session", credentials(email, "wrong password 6"));
  EXPECT_EQ(sixth.status, 429) << sixth.describe();
  // While throttled even the right password is refused; other accounts are unaffected.
  EXPECT_EQ(anonymous().post_json("/api/v1/session", credentials(email, kPassword)).status, 429);
  EXPECT_EQ(anonymous().post_json("/api/v1/session", credentials(person("gp_a").email, kPassword)).status, 200);
  clock_.advance(std::chrono::minutes(16));
  EXPECT_EQ(anonymous().post_json("/api/v1/session", credentials(email, kPassword)).status, 200);
}

TEST_F(Auth, BearerTokensWorkWithoutCsrfAndMissingCredentialsAre401) {
  auto r = as("gp_a").post_json("/api/v1/consults", consult_body("x_derm"));
  EXPECT_EQ(r.status, 201) << r.describe();
  auto id = str(r.object()["id"]);
  EXPECT_EQ(as("gp_a").get("/api/v1/me").status, 200);

  for (const auto& [name, value] : Headers{{"Authorization", "Bearer not-a-token"},
                                           {"Authorization", "Basic Z3BfYTpwdw=="},
                                           {"Authorization", "Bearer "},
                                           {"Cookie", "mk_session=forged"}}) {
    Caller c(port_, {{name, value}});
    EXPECT_EQ(c.get("/api/v1/consults/" + id).status, 401) << name << ": " << value;
    EXPECT_EQ(c.post_json("/api/v1/consults", consult_body("x_derm")).status, 401) << name << ": " << value;
  }
  auto none = anonymous().get("/api/v1/consults/" + id);
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.header("content-type").value_or(""), "application/problem+json");
  EXPECT_EQ(none.body.find("111222333"), std::string::npos);
  EXPECT_EQ(anonymous().get("/api/v1/me").status, 401);
  EXPECT_EQ(anonymous().post_json("/api/v1/consults", consult_body("x_derm")).status, 401);
  EXPECT_EQ(practice_count(), 1);
}

TEST_F(Auth, SessionExpiresAfterTwelveHours) {
  auto session = login("gp_a");
  clock_.advance(std::chrono::hours(11));
  EXPECT_EQ(session.get("/api/v1/me").status, 200);
  clock_.advance(std::chrono::hours(2));  // 13 hours after the login
  EXPECT_EQ(session.get("/api/v1/me").status, 401);
  EXPECT_EQ(session.post_json("/api/v1/consults", consult_body("x_derm")).status, 401);
  EXPECT_EQ(as("gp_a").get("/api/v1/me").status, 200);  // bearer tokens are not sessions
  EXPECT_EQ(login("gp_a").get("/api/v1/me").status, 200);
}

}  // namespace
}  // namespace mk::apitest
