#pragma once
// The API test fixture: per test a fresh data directory, the test region imported (two care
// groups, two practices, two hospitals with pool and direct services, every role), the real
// composition root (cli::Runtime) with a ManualClock, and the real server on 127.0.0.1:0.
//
// The backend comes from the environment: MEEKIJK_TEST_BACKEND=sqlite (the default) keeps
// everything in the data directory; MEEKIJK_TEST_BACKEND=postgres gives every test a database
// of its own on the server named by MEEKIJK_TEST_PG_URL, or by the file that
// MEEKIJK_TEST_PG_URL_FILE names (ctest: the throwaway server of the `pg` fixture), dropped
// afterwards; the data directory is then only the blob cache. PostgreSQL without a server
// fails every test with that explanation — it never skips.
//
// The region (refs; e-mail is <ref>@test.example, password kPassword):
//   care groups cg_a, cg_b (part of region office "region"); practices prac_a (cg_a), prac_b (cg_b)
//   hospital hosp_x: x_derm (pool, 2 working days, accepts ONLY cg_a), x_cardio (direct, 3 days)
//   hospital hosp_y: y_derm (pool, 1 working day), y_int (direct, 2 days); insurer org "zk"
//   users: gp_a, gp_a2, asst_a (prac_a); gp_b (prac_b); derm_x1, derm_x2 (x_derm); card_x
//   (x_cardio); derm_y (y_derm); int_y (y_int); coord_x, coord_y; privacy officers po_a, po_b,
//   po_x, po_y; cgm_a (care_group_manager of cg_a); admin (regional_admin); insurer; desk
//   (desk_officer, region); wijkteam (third_party of the municipality "gemeente").
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <sstream>
#include <string>

#include "api/client.hpp"
#include "cli/runtime.hpp"
#include "core/clock.hpp"
#include "http/server.hpp"

namespace mk::apitest {

namespace json = boost::json;

inline constexpr const char* kPassword = "correct horse battery";
// Friday 24 April 2026, 10:00 in Amsterdam (CEST). Monday 27 April is Koningsdag, so two
// working days later is Wednesday 29 April, 10:00 local.
inline constexpr const char* kStart = "2026-04-24T08:00:00.000Z";

enum class Backend { sqlite, postgres };

struct Person {
  std::string ref, email, name, role, id, org_id;
};

// A user's view of the server: credentials (bearer token or cookie session) plus the port.
class Caller {
 public:
  Caller() = default;
  Caller(uint16_t port, Headers auth) : port_(port), auth_(std::move(auth)) {}

  Response request(const std::string& method, const std::string& target, std::string body = {},
                   Headers headers = {}) const;
  Response get(const std::string& target, Headers headers = {}) const;
  Response post_json(const std::string& target, const json::value& body, Headers headers = {}) const;
  // A body sent as is with Content-Type: application/json (malformed JSON, oversized, ...).
  Response post_text(const std::string& target, std::string body, Headers headers = {}) const;
  Response post_raw(const std::string& target, std::string bytes, const std::string& content_type,
                    Headers headers = {}) const;
  Response upload_multipart(const std::string& target, const std::string& filename,
                            const std::string& content_type, const std::string& bytes, Headers headers = {}) const;
  Response del(const std::string& target, Headers headers = {}) const;

  // Session callers: the cookie and CSRF token; unsafe requests send the token unless disabled.
  std::string cookie, csrf_token;
  bool send_csrf = true;

 private:
  Headers with_auth(const std::string& method, Headers headers) const;
  uint16_t port_ = 0;
  Headers auth_;
};

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  // Changes the runtime options before each start (a fixture that needs e-mail, say).
  virtual void configure(cli::RuntimeOptions&) {}

  // --- who ---------------------------------------------------------------------------------
  Caller as(const std::string& ref) const;  // bearer token
  Caller anonymous() const { return Caller(port_, {}); }
  std::string bearer(const std::string& ref) const { return "Bearer " + tokens_.at(ref); }
  Caller login(const std::string& ref);     // cookie session via POST /api/v1/session (asserts 200)
  const Person& person(const std::string& ref) const;
  std::string service(const std::string& ref) const;
  std::string org(const std::string& ref) const;

  // --- consults ----------------------------------------------------------------------------
  // A complete, submittable body for a service (direct services get their consultant).
  json::object consult_body(const std::string& service_ref, const std::string& bsn = "111222333",
                            const std::string& patient_name = "J. Jansen") const;
  // Creates (asserting 201) and returns the consult object.
  json::object create(const std::string& gp_ref, const std::string& service_ref, const std::string& bsn = "111222333",
                      const std::string& patient_name = "J. Jansen");
  std::string create_id(const std::string& gp_ref, const std::string& service_ref,
                        const std::string& bsn = "111222333") {
    return std::string(create(gp_ref, service_ref, bsn).at("id").as_string());
  }
  // Posts a transition and asserts the status; returns the response.
  Response act(const std::string& ref, const std::string& id, const std::string& action, const json::value& body,
               int expected_status = 200);
  json::object answered(const std::string& gp_ref, const std::string& consultant_ref, const std::string& service_ref);
  static json::object answer_body(const std::string& advice = "Start hydrocortison 1% crème.", int minutes = 12);
  static json::object close_body(const std::string& result = "treated_by_gp");
  json::object fetch(const std::string& ref, const std::string& id);  // GET, asserting 200
  // Every consult id in a box, following next_cursor.
  std::vector<std::string> box(const std::string& ref, const std::string& box_name, const std::string& extra = "");
  int practice_count(const std::string& gp_ref = "gp_a") { return static_cast<int>(box(gp_ref, "practice").size()); }

  // --- audit -------------------------------------------------------------------------------
  // GET /api/v1/audit?<query> as a privacy officer (asserting 200), all pages.
  std::vector<json::object> audit(const std::string& officer_ref, const std::string& query);
  static int count_events(const std::vector<json::object>& entries, std::string_view event,
                          std::string_view outcome = "");

  // --- lifecycle ---------------------------------------------------------------------------
  void stop();     // server down, runtime (database) closed
  void restart();  // runtime and server up again on the same data dir
  bool healthy() const;

  static std::string valid_bsn(int seed);  // a 9-digit number passing the 11-check

  // --- backend -----------------------------------------------------------------------------
  bool on_postgres() const { return backend_ == Backend::postgres; }
  // The `meekijk` options that open this test's store (stopped first): --data, and --db on PostgreSQL.
  std::string store_args() const;

  Backend backend_ = Backend::sqlite;
  std::string pg_server_;  // PostgreSQL: the server's admin URL (…/postgres)
  std::string db_name_;    // PostgreSQL: this test's database, dropped in TearDown
  std::string db_url_;     // PostgreSQL: its URL (RuntimeOptions::db_url)

  ManualClock clock_{*parse_timestamp(kStart)};
  std::filesystem::path root_;  // the test's temp dir; data_ is below it
  std::filesystem::path data_;
  std::ostringstream log_;
  std::unique_ptr<cli::Runtime> rt_;
  std::unique_ptr<http::Server> server_;
  uint16_t port_ = 0;

 private:
  void start();
  void import_region();
  std::map<std::string, Person> people_;
  std::map<std::string, std::string> services_, orgs_, tokens_;
};

std::string str(const json::value& v);
// A `;`-separated spreadsheet file (with its BOM) read by Python's csv module — an independent
// reader — as rows of fields.
std::vector<std::vector<std::string>> read_csv(const std::filesystem::path& file);
// Runs `meekijk <args>` (stderr with stdout); the exit status and the output.
std::pair<int, std::string> run_meekijk(const std::string& args);
// A valid 1×1 RGBA PNG: IHDR, one stored (uncompressed) zlib block, IEND.
std::string png_1x1();  // a JSON string's text, "" for anything else

}  // namespace mk::apitest
