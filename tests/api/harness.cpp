#include "api/harness.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <random>
#include <thread>

#include "app/importer.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/postgres/schema.hpp"

namespace mk::apitest {
namespace {

constexpr const char* kRegion = R"({
 "organizations": [
  {"ref": "region", "name": "Regio Test", "type": "region_office"},
  {"ref": "cg_a", "name": "Zorggroep A", "type": "care_group", "part_of": "region", "agb": "01000010"},
  {"ref": "cg_b", "name": "Zorggroep B", "type": "care_group", "part_of": "region", "agb": "01000020"},
  {"ref": "prac_a", "name": "Praktijk A", "type": "gp_practice", "part_of": "cg_a", "agb": "01000011",
   "postcode": "3083AB"},
  {"ref": "prac_b", "name": "Praktijk B", "type": "gp_practice", "part_of": "cg_b", "agb": "01000021",
   "postcode": "3011AA"},
  {"ref": "hosp_x", "name": "Ziekenhuis X", "type": "hospital", "part_of": "region", "agb": "06000010"},
  {"ref": "hosp_y", "name": "Ziekenhuis Y", "type": "hospital", "part_of": "region", "agb": "06000020"},
  {"ref": "zk", "name": "Verzekeraar", "type": "insurer"},
  {"ref": "gemeente", "name": "Gemeente Test", "type": "municipality"}
 ],
 "services": [
  {"ref": "x_derm", "organization": "hosp_x", "specialty": "dermatology", "name": "Dermatologie X",
   "modalities": ["e_consult", "on_site"], "response_days": 2, "routing": "pool", "accepts": ["cg_a"]},
  {"ref": "x_cardio", "organization": "hosp_x", "specialty": "cardiology", "name": "Cardiologie X",
   "modalities": ["e_consult"], "response_days": 3, "routing": "direct"},
  {"ref": "y_derm", "organization": "hosp_y", "specialty": "dermatology", "name": "Dermatologie Y",
   "modalities": ["e_consult"], "response_days": 1, "routing": "pool"},
  {"ref": "y_int", "organization": "hosp_y", "specialty": "internal_medicine", "name": "Interne Y",
   "modalities": ["e_consult"], "response_days": 2, "routing": "direct"}
 ],
 "users": [
  {"ref": "gp_a", "name": "Huisarts A", "role": "gp", "organization": "prac_a", "agb": "01100001"},
  {"ref": "gp_a2", "name": "Huisarts A2", "role": "gp", "organization": "prac_a", "agb": "01100002"},
  {"ref": "asst_a", "name": "Assistent A", "role": "assistant", "organization": "prac_a"},
  {"ref": "gp_b", "name": "Huisarts B", "role": "gp", "organization": "prac_b", "agb": "01100003"},
  {"ref": "derm_x1", "name": "Dermatoloog X1", "role": "consultant", "organization": "hosp_x", "services": ["x_derm"]},
  {"ref": "derm_x2", "name": "Dermatoloog X2", "role": "consultant", "organization": "hosp_x", "services": ["x_derm"]},
  {"ref": "card_x", "name": "Cardioloog X", "role": "consultant", "organization": "hosp_x", "services": ["x_cardio"]},
  {"ref": "derm_y", "name": "Dermatoloog Y", "role": "consultant", "organization": "hosp_y", "services": ["y_derm"]},
  {"ref": "int_y", "name": "Internist Y", "role": "consultant", "organization": "hosp_y", "services": ["y_int"]},
  {"ref": "coord_x", "name": "Coordinator X", "role": "coordinator", "organization": "hosp_x"},
  {"ref": "coord_y", "name": "Coordinator Y", "role": "coordinator", "organization": "hosp_y"},
  {"ref": "po_a", "name": "Privacy A", "role": "privacy_officer", "organization": "prac_a"},
  {"ref": "po_b", "name": "Privacy B", "role": "privacy_officer", "organization": "prac_b"},
  {"ref": "po_x", "name": "Privacy X", "role": "privacy_officer", "organization": "hosp_x"},
  {"ref": "po_y", "name": "Privacy Y", "role": "privacy_officer", "organization": "hosp_y"},
  {"ref": "cgm_a", "name": "Manager A", "role": "care_group_manager", "organization": "cg_a"},
  {"ref": "admin", "name": "Regio Beheer", "role": "regional_admin", "organization": "region"},
  {"ref": "insurer", "name": "Verzekeraar Medewerker", "role": "insurer", "organization": "zk"},
  {"ref": "desk", "name": "Loket Medewerker", "role": "desk_officer", "organization": "region"},
  {"ref": "wijkteam", "name": "Wijkteam Noord", "role": "third_party", "organization": "gemeente"}
 ]
})";

// The import file with e-mail and password filled in for every user.
std::string region_json() {
  auto root = json::parse(kRegion).as_object();
  for (auto& u : root["users"].as_array()) {
    auto& o = u.as_object();
    o["email"] = std::string(o["ref"].as_string()) + "@test.example";
    o["password"] = kPassword;
  }
  return json::serialize(root);
}

std::string multipart(const std::string& boundary, const std::string& filename, const std::string& content_type,
                      const std::string& bytes) {
  std::string body = "--" + boundary + "\r\n";
  body += "Content-Disposition: form-data; name=\"note\"\r\n\r\nbijlage\r\n--" + boundary + "\r\n";
  body += "Content-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"\r\n";
  body += "Content-Type: " + content_type + "\r\n\r\n";
  body += bytes;
  body += "\r\n--" + boundary + "--\r\n";
  return body;
}

// MEEKIJK_TEST_BACKEND: "sqlite" (or unset) or "postgres"; anything else is a mistake.
std::optional<Backend> backend_from_env(std::string& why) {
  const char* v = std::getenv("MEEKIJK_TEST_BACKEND");
  std::string name = v ? v : "";
  if (name.empty() || name == "sqlite") return Backend::sqlite;
  if (name == "postgres") return Backend::postgres;
  why = "MEEKIJK_TEST_BACKEND=" + name + ": expected sqlite or postgres";
  return std::nullopt;
}

// The PostgreSQL test server's URL (…/postgres): MEEKIJK_TEST_PG_URL, else the first line of
// the file MEEKIJK_TEST_PG_URL_FILE names. Empty, with `why` set, when there is none.
std::string pg_server_url(std::string& why) {
  if (const char* url = std::getenv("MEEKIJK_TEST_PG_URL"); url && *url) return url;
  why = "MEEKIJK_TEST_BACKEND=postgres but no PostgreSQL test server: run the API suite with ctest "
        "(the api_pg.* tests start one), or set MEEKIJK_TEST_PG_URL=postgresql://user@host:port/postgres "
        "(a user that may CREATE DATABASE)";
  const char* file = std::getenv("MEEKIJK_TEST_PG_URL_FILE");
  if (!file || !*file) return "";
  std::ifstream in(file);
  std::string url;
  std::getline(in, url);
  if (url.empty()) why += std::string(" — ") + file + " is missing or empty: did pg_server_start fail?";
  return url;
}

// "postgresql://u@h:p/postgres?x" → "postgresql://u@h:p/<db>?x"
std::string pg_database_url(const std::string& server_url, const std::string& db) {
  size_t slash = server_url.find('/', server_url.find("://") + 3);
  size_t query = server_url.find('?');
  std::string out = server_url.substr(0, std::min(slash, query)) + "/" + db;
  return query == std::string::npos ? out : out + server_url.substr(query);
}

// Unique across the test processes ctest runs in parallel: pid + counter + random.
std::string unique_database_name() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  return "mk_api_" + std::to_string(::getpid()) + "_" + std::to_string(++counter) + "_" +
         std::to_string(rd() % 100000);
}

bool has_sqlstate(const std::exception& e, std::string_view state) {
  return std::string_view(e.what()).find(state) != std::string_view::npos;
}

// PostgreSQL: a database with this binary's schema applied, which every test copies
// (CREATE DATABASE … TEMPLATE: about half a second less per test than migrating). It is named
// by a hash of the schema files and made by the first test process that needs it: migrated
// under a private name, then renamed, so others never copy a half-migrated one.
std::string schema_template_name() {
  uint64_t h = 1469598103934665603ull;  // FNV-1a over the schema files
  for (const auto& f : store::pg::schema_files())
    for (char ch : f.name + '\0' + f.content + '\0') h = (h ^ static_cast<unsigned char>(ch)) * 1099511628211ull;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return std::string("mk_api_template_") + hex;
}

void make_schema_template(const std::string& server, const std::string& name, const std::filesystem::path& scratch) {
  std::string building = unique_database_name() + "_template";
  store::postgres_execute(server, "CREATE DATABASE " + building);
  try {
    std::ostringstream sink;
    Logger log(sink, LogLevel::warn);
    store::open_postgres_store({.url = pg_database_url(server, building), .pool_size = 2, .cache_dir = scratch}, log);
    // Its connections close asynchronously: the rename waits for them (55006 object_in_use).
    for (int attempt = 0;; ++attempt) {
      try {
        store::postgres_execute(server, "ALTER DATABASE " + building + " RENAME TO " + name);
        return;
      } catch (const std::exception& e) {
        if (has_sqlstate(e, "42P04")) break;  // duplicate_database: another process was first
        if (!has_sqlstate(e, "55006") || attempt >= 100) throw;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    }
  } catch (...) {
    store::postgres_execute(server, "DROP DATABASE IF EXISTS " + building + " WITH (FORCE)");
    throw;
  }
  store::postgres_execute(server, "DROP DATABASE IF EXISTS " + building + " WITH (FORCE)");
}

// A new database with the schema applied, copied from the template (made first if missing).
void create_test_database(const std::string& server, const std::string& db, const std::filesystem::path& scratch) {
  static const std::string tmpl = schema_template_name();
  std::string create = "CREATE DATABASE " + db + " TEMPLATE " + tmpl;
  try {
    store::postgres_execute(server, create);
    return;
  } catch (const std::exception& e) {
    if (!has_sqlstate(e, "3D000")) throw;  // invalid_catalog_name: no template yet
  }
  make_schema_template(server, tmpl, scratch);
  store::postgres_execute(server, create);
}

bool unsafe(const std::string& method) { return method != "GET" && method != "HEAD"; }

void be32(std::string& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}

uint32_t crc32(std::string_view data) {
  uint32_t crc = 0xffffffffu;
  for (unsigned char byte : data) {
    crc ^= byte;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

void png_chunk(std::string& out, const std::string& type, const std::string& data) {
  be32(out, static_cast<uint32_t>(data.size()));
  out += type + data;
  be32(out, crc32(type + data));
}

}  // namespace

std::string png_1x1() {
  std::string ihdr;
  be32(ihdr, 1);
  be32(ihdr, 1);
  ihdr += std::string("\x08\x06\x00\x00\x00", 5);
  const std::string raw("\x00\xff\x00\x00\xff", 5);  // filter 0, one red pixel
  uint32_t a = 1, b = 0;
  for (unsigned char ch : raw) a = (a + ch) % 65521, b = (b + a) % 65521;
  std::string idat("\x78\x01\x01\x05\x00\xfa\xff", 7);
  idat += raw;
  be32(idat, (b << 16) | a);
  std::string png("\x89PNG\r\n\x1a\n", 8);
  png_chunk(png, "IHDR", ihdr);
  png_chunk(png, "IDAT", idat);
  png_chunk(png, "IEND", "");
  return png;
}

std::string str(const json::value& v) { return v.is_string() ? std::string(v.as_string()) : std::string(); }

// --- Caller ------------------------------------------------------------------------------------

Headers Caller::with_auth(const std::string& method, Headers headers) const {
  for (const auto& h : auth_) headers.push_back(h);
  if (!cookie.empty()) {
    headers.emplace_back("Cookie", cookie);
    if (send_csrf && unsafe(method)) headers.emplace_back("X-CSRF-Token", csrf_token);
  }
  return headers;
}

Response Caller::request(const std::string& method, const std::string& target, std::string body,
                         Headers headers) const {
  Request r{method, target, std::move(body), with_auth(method, std::move(headers)), false};
  return send(port_, r);
}

Response Caller::get(const std::string& target, Headers headers) const {
  return request("GET", target, {}, std::move(headers));
}

Response Caller::post_json(const std::string& target, const json::value& body, Headers headers) const {
  return post_text(target, json::serialize(body), std::move(headers));
}

Response Caller::post_text(const std::string& target, std::string body, Headers headers) const {
  headers.emplace_back("Content-Type", "application/json");
  return request("POST", target, std::move(body), std::move(headers));
}

Response Caller::post_raw(const std::string& target, std::string bytes, const std::string& content_type,
                          Headers headers) const {
  if (!content_type.empty()) headers.emplace_back("Content-Type", content_type);
  return request("POST", target, std::move(bytes), std::move(headers));
}

Response Caller::upload_multipart(const std::string& target, const std::string& filename,
                                  const std::string& content_type, const std::string& bytes, Headers headers) const {
  const std::string boundary = "mkTestBoundary7MA4YWxkTrZu0gW";
  headers.emplace_back("Content-Type", "multipart/form-data; boundary=" + boundary);
  return request("POST", target, multipart(boundary, filename, content_type, bytes), std::move(headers));
}

Response Caller::del(const std::string& target, Headers headers) const {
  return request("DELETE", target, {}, std::move(headers));
}

// --- fixture -----------------------------------------------------------------------------------

void ApiTest::SetUp() {
  std::string why;
  auto backend = backend_from_env(why);
  if (!backend) FAIL() << why;
  backend_ = *backend;
  std::string tmpl = (std::filesystem::temp_directory_path() / "mk-apitest-XXXXXX").string();
  ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
  root_ = tmpl;
  data_ = root_ / "data";
  if (on_postgres()) {
    pg_server_ = pg_server_url(why);
    if (pg_server_.empty()) FAIL() << why;
    std::string name = unique_database_name();
    create_test_database(pg_server_, name, root_ / "template-cache");
    db_name_ = name;
    db_url_ = pg_database_url(pg_server_, db_name_);
  }
  start();
  import_region();
}

void ApiTest::TearDown() {
  stop();
  if (!db_name_.empty()) {
    try {
      store::postgres_execute(pg_server_, "DROP DATABASE IF EXISTS " + db_name_ + " WITH (FORCE)");
    } catch (const std::exception& e) {
      ADD_FAILURE() << "dropping the test database " << db_name_ << ": " << e.what();
    }
  }
  std::error_code ec;
  if (!root_.empty()) std::filesystem::remove_all(root_, ec);
}

std::string ApiTest::store_args() const {
  std::string args = "--data '" + data_.string() + "'";
  if (on_postgres()) args += " --db '" + db_url_ + "'";
  return args;
}

void ApiTest::start() {
  cli::RuntimeOptions options;
  options.data_dir = data_;
  options.db_url = db_url_;  // empty on SQLite
  options.password_cost = app::PasswordCost::minimum();
  options.log_level = LogLevel::warn;
  options.overdue_scan = std::chrono::milliseconds::zero();  // tests run rt_->overdue().escalate()
  configure(options);
  rt_ = std::make_unique<cli::Runtime>(options, clock_, log_);
  http::ServerOptions so;
  so.host = "127.0.0.1";
  so.port = 0;
  so.io_threads = 2;
  so.worker_threads = 8;
  so.upload_dir = rt_->store().blobs().temp_dir();
  http::Probes probes;
  probes.ready = [rt = rt_.get()] { return rt->store().ready(); };
  server_ = std::make_unique<http::Server>(so, rt_->routes({}), probes, rt_->log());
  port_ = server_->start();
}

void ApiTest::stop() {
  if (server_) {
    server_->shutdown();
    server_->wait();
    server_.reset();
  }
  rt_.reset();
}

void ApiTest::restart() {
  stop();
  start();
}

bool ApiTest::healthy() const {
  auto r = send(port_, Request{"GET", "/healthz", {}, {}, false});
  return r.status == 200;
}

void ApiTest::import_region() {
  app::Importer importer(rt_->store(), rt_->ids(), app::PasswordCost::minimum());
  importer.import_json(region_json());
  auto root = json::parse(kRegion).as_object();
  rt_->store().read([&](store::ReadTx& tx) {
    for (const auto& o : root["organizations"].as_array()) {
      auto ref = str(o.at("ref"));
      orgs_[ref] = tx.organization_by_ref(ref)->id.str();
    }
    for (const auto& s : root["services"].as_array()) {
      auto ref = str(s.at("ref"));
      services_[ref] = tx.service_by_ref(ref)->id.str();
    }
    for (const auto& u : root["users"].as_array()) {
      auto ref = str(u.at("ref"));
      auto user = tx.user_by_ref(ref);
      people_[ref] = Person{ref, user->email, user->name, str(u.at("role")), user->id.str(),
                            user->organization_id.str()};
    }
  });
  for (const auto& [ref, p] : people_) tokens_[ref] = rt_->auth().create_token(p.email, "api-test");
}

Caller ApiTest::as(const std::string& ref) const {
  auto it = tokens_.find(ref);
  if (it == tokens_.end()) throw std::runtime_error("no user " + ref);
  return Caller(port_, {{"Authorization", "Bearer " + it->second}});
}

Caller ApiTest::login(const std::string& ref) {
  auto r = anonymous().post_json("/api/v1/session", json::object{{"email", person(ref).email}, {"password", kPassword}});
  EXPECT_EQ(r.status, 200) << r.describe();
  Caller c(port_, {});
  auto set_cookie = r.header("set-cookie").value_or("");
  c.cookie = set_cookie.substr(0, set_cookie.find(';'));
  c.csrf_token = str(r.object()["csrf_token"]);
  return c;
}

const Person& ApiTest::person(const std::string& ref) const { return people_.at(ref); }
std::string ApiTest::service(const std::string& ref) const { return services_.at(ref); }
std::string ApiTest::org(const std::string& ref) const { return orgs_.at(ref); }

json::object ApiTest::consult_body(const std::string& service_ref, const std::string& bsn,
                                   const std::string& patient_name) const {
  json::object body{{"service_id", service(service_ref)},
                    {"patient", json::object{{"bsn", bsn},
                                             {"name", patient_name},
                                             {"birth_date", "1968-05-14"},
                                             {"sex", "female"},
                                             {"postcode", "3083 AB"}}},
                    {"question", "Plaque op de onderarm sinds 3 maanden, psoriasis of eczeem?"},
                    {"clinical_context", "Geen koorts. Lokaal steroid zonder effect."},
                    {"patient_narrative", "Het jeukt vooral 's nachts."},
                    {"urgency", "routine"},
                    {"intended_referral", "yes"},
                    {"patient_informed", true},
                    {"modality", "e_consult"}};
  if (service_ref == "x_cardio") body["consultant_id"] = person("card_x").id;
  if (service_ref == "y_int") body["consultant_id"] = person("int_y").id;
  return body;
}

json::object ApiTest::create(const std::string& gp_ref, const std::string& service_ref, const std::string& bsn,
                             const std::string& patient_name) {
  auto r = as(gp_ref).post_json("/api/v1/consults", consult_body(service_ref, bsn, patient_name));
  EXPECT_EQ(r.status, 201) << r.describe();
  return r.object();
}

Response ApiTest::act(const std::string& ref, const std::string& id, const std::string& action,
                      const json::value& body, int expected_status) {
  auto r = as(ref).post_json("/api/v1/consults/" + id + "/" + action, body);
  EXPECT_EQ(r.status, expected_status) << ref << " " << action << ": " << r.describe();
  return r;
}

json::object ApiTest::answer_body(const std::string& advice, int minutes) {
  return {{"advice", advice}, {"referral_advised", false}, {"minutes_spent", minutes}};
}

json::object ApiTest::close_body(const std::string& result) {
  return {{"result", result}, {"usefulness", 4}, {"learned", true}, {"note", "Goed advies."}};
}

json::object ApiTest::answered(const std::string& gp_ref, const std::string& consultant_ref,
                               const std::string& service_ref) {
  auto id = create_id(gp_ref, service_ref);
  return act(consultant_ref, id, "answer", answer_body()).object();
}

json::object ApiTest::fetch(const std::string& ref, const std::string& id) {
  auto r = as(ref).get("/api/v1/consults/" + id);
  EXPECT_EQ(r.status, 200) << r.describe();
  return r.object();
}

std::vector<std::string> ApiTest::box(const std::string& ref, const std::string& box_name, const std::string& extra) {
  std::vector<std::string> ids;
  std::string cursor;
  for (int page = 0; page < 100; ++page) {
    std::string target = "/api/v1/consults?limit=200&box=" + box_name + extra;
    if (!cursor.empty()) target += "&cursor=" + cursor;
    auto r = as(ref).get(target);
    EXPECT_EQ(r.status, 200) << target << ": " << r.describe();
    if (r.status != 200) break;
    auto o = r.object();
    for (const auto& item : o["items"].as_array()) ids.push_back(str(item.at("id")));
    cursor = str(o["next_cursor"]);
    if (cursor.empty()) break;
  }
  return ids;
}

std::vector<json::object> ApiTest::audit(const std::string& officer_ref, const std::string& query) {
  std::vector<json::object> out;
  std::string cursor;
  for (int page = 0; page < 100; ++page) {
    std::string target = "/api/v1/audit?limit=500&" + query;
    if (!cursor.empty()) target += "&cursor=" + cursor;
    auto r = as(officer_ref).get(target);
    EXPECT_EQ(r.status, 200) << target << ": " << r.describe();
    if (r.status != 200) break;
    auto o = r.object();
    for (const auto& item : o["items"].as_array()) out.push_back(item.as_object());
    cursor = str(o["next_cursor"]);
    if (cursor.empty()) break;
  }
  return out;
}

int ApiTest::count_events(const std::vector<json::object>& entries, std::string_view event, std::string_view outcome) {
  int n = 0;
  for (const auto& e : entries)
    if (str(e.at("event")) == event && (outcome.empty() || str(e.at("outcome")) == outcome)) ++n;
  return n;
}

std::string ApiTest::valid_bsn(int seed) {
  for (int n = 10000000 + seed * 37;; ++n) {
    std::string digits = std::to_string(n).substr(0, 8);
    int sum = 0;
    for (int i = 0; i < 8; ++i) sum += (9 - i) * (digits[i] - '0');
    int check = sum % 11;
    if (check <= 9) return digits + char('0' + check);
  }
}

namespace {
std::pair<int, std::string> run_command(const std::string& cmd) {
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return {-1, "popen failed"};
  std::string out;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  int status = ::pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}
}  // namespace

std::vector<std::vector<std::string>> read_csv(const std::filesystem::path& file) {
  auto [rc, out] = run_command("/usr/bin/python3 -c \"import csv,json,sys; print(json.dumps(list(csv.reader("
                               "open(sys.argv[1], encoding='utf-8-sig', newline=''), delimiter=';'))))\" " +
                               file.string() + " 2>&1");
  EXPECT_EQ(rc, 0) << out;
  std::vector<std::vector<std::string>> rows;
  if (rc != 0) return rows;
  auto parsed = json::parse(out);
  for (const auto& row : parsed.as_array()) {
    rows.emplace_back();
    for (const auto& f : row.as_array()) rows.back().push_back(str(f));
  }
  return rows;
}

std::pair<int, std::string> run_meekijk(const std::string& args) {
  return run_command(std::string(MEEKIJK_BINARY) + " " + args + " 2>&1");
}

}  // namespace mk::apitest
