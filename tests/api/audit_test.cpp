// The NEN 7513 access log (DESIGN §8): one entry per access with who/what/where, visible to
// the privacy officers of the organisations involved only, filterable, and hash-chained so
// that a change made behind the application's back is found (API and `meekijk audit verify`),
// on SQLite and on PostgreSQL.
#include <sqlite3.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <set>

#include "api/harness.hpp"
#include "app/audit.hpp"
#include "core/error.hpp"
#include "store/postgres/postgres_store.hpp"

namespace mk::apitest {
namespace {

using Audit = ApiTest;

std::vector<json::object> only(const std::vector<json::object>& entries, std::string_view event) {
  std::vector<json::object> out;
  for (const auto& e : entries)
    if (str(e.at("event")) == event) out.push_back(e);
  return out;
}

std::set<std::string> request_ids(const std::vector<json::object>& entries) {
  std::set<std::string> out;
  for (const auto& e : entries) out.insert(str(e.at("request_id")));
  return out;
}

TEST_F(Audit, EveryReadIsLoggedOnceWithWhoWhatWhere) {
  auto id = create_id("gp_a", "x_derm");
  auto q = "consult_id=" + id;
  auto before = count_events(audit("po_a", q), "consult.read");
  std::set<std::string> ids;
  for (auto ref : {"gp_a", "gp_a", "gp_a", "derm_x1", "coord_x"}) {
    auto r = as(ref).get("/api/v1/consults/" + id);
    ASSERT_EQ(r.status, 200);
    ids.insert(r.header("x-request-id").value_or("?"));
  }
  auto summary = as("gp_a").get("/api/v1/consults/" + id + "/summary");
  ASSERT_EQ(summary.status, 200);
  ids.insert(summary.header("x-request-id").value_or("?"));
  ASSERT_EQ(ids.size(), 6u) << "request ids are unique";

  auto reads = only(audit("po_a", q), "consult.read");
  EXPECT_EQ(static_cast<int>(reads.size()), before + 6);
  EXPECT_EQ(request_ids(reads), ids);
  // The hospital's officer sees the same accesses (the consult is addressed to its service).
  EXPECT_EQ(only(audit("po_x", q), "consult.read").size(), reads.size());

  auto it = std::find_if(reads.begin(), reads.end(), [&](const json::object& e) {
    return str(e.at("user_id")) == person("derm_x1").id;
  });
  ASSERT_NE(it, reads.end());
  const auto& e = *it;
  EXPECT_EQ(str(e.at("action")), "R");
  EXPECT_EQ(str(e.at("outcome")), "success");
  EXPECT_EQ(str(e.at("user_name")), "Dermatoloog X1");
  EXPECT_EQ(str(e.at("user_email")), "derm_x1@test.example");
  EXPECT_EQ(str(e.at("role")), "consultant");
  EXPECT_EQ(str(e.at("organization_id")), org("hosp_x"));
  EXPECT_EQ(str(e.at("patient_bsn")), "111222333");
  EXPECT_EQ(str(e.at("object_type")), "consult");
  EXPECT_EQ(str(e.at("object_id")), id);
  EXPECT_EQ(str(e.at("ip")), "127.0.0.1");
  EXPECT_EQ(str(e.at("at")), kStart);
  EXPECT_EQ(str(e.at("hash")).size(), 64u);
  EXPECT_EQ(str(e.at("prev_hash")).size(), 64u);

  // A request id the client (or nginx) sends is the one logged.
  auto tagged = as("gp_a").get("/api/v1/consults/" + id, {{"X-Request-Id", "trace-0042"}});
  ASSERT_EQ(tagged.header("x-request-id").value_or(""), "trace-0042");
  EXPECT_EQ(request_ids(only(audit("po_a", q), "consult.read")).count("trace-0042"), 1u);
}

TEST_F(Audit, ListsDownloadsAndDeniedReadsAreLogged) {
  auto a = create_id("gp_a", "x_derm", "111222333");
  auto b = create_id("gp_a", "x_derm", "123456782");
  auto gp = "user_id=" + person("gp_a").id;
  auto lists_before = count_events(audit("po_a", gp), "consult.list");
  ASSERT_EQ(box("gp_a", "practice").size(), 2u);
  auto lists = only(audit("po_a", gp), "consult.list");
  EXPECT_EQ(static_cast<int>(lists.size()), lists_before + 2);
  std::set<std::string> listed;
  for (const auto& e : lists) listed.insert(str(e.at("consult_id")));
  EXPECT_EQ(listed, (std::set<std::string>{a, b}));

  auto up = as("gp_a").post_raw("/api/v1/consults/" + a + "/attachments?filename=f.png", png_1x1(), "image/png");
  ASSERT_EQ(up.status, 201) << up.describe();
  auto aid = str(up.object()["id"]);
  auto down = as("derm_x1").get(up.header("location").value_or(""));
  ASSERT_EQ(down.status, 200);
  auto reads = only(audit("po_a", "consult_id=" + a), "attachment.read");
  ASSERT_EQ(reads.size(), 1u);
  EXPECT_EQ(str(reads[0].at("object_type")), "attachment");
  EXPECT_EQ(str(reads[0].at("object_id")), aid);
  EXPECT_EQ(str(reads[0].at("request_id")), down.header("x-request-id").value_or("?"));
  EXPECT_EQ(count_events(audit("po_a", "consult_id=" + a), "attachment.create"), 1);

  // A foreign user's attempt: 404 for the user, an entry with outcome "denied" for the officer.
  auto denied = as("gp_b").get("/api/v1/consults/" + a);
  ASSERT_EQ(denied.status, 404);
  auto denied_download = as("derm_y").get(up.header("location").value_or(""));
  ASSERT_EQ(denied_download.status, 404);
  auto entries = audit("po_a", "consult_id=" + a);
  auto d = only(entries, "consult.read");
  auto it = std::find_if(d.begin(), d.end(), [](const json::object& e) { return str(e.at("outcome")) == "denied"; });
  ASSERT_NE(it, d.end()) << "no denied entry for the foreign read";
  EXPECT_EQ(str(it->at("user_id")), person("gp_b").id);
  EXPECT_EQ(str(it->at("organization_id")), org("prac_b"));
  EXPECT_EQ(str(it->at("request_id")), denied.header("x-request-id").value_or("?"));
  EXPECT_EQ(str(it->at("request_id")), str(denied.object()["request_id"]));
  EXPECT_EQ(count_events(entries, "attachment.read", "denied"), 1);
  EXPECT_EQ(count_events(entries, "consult.read", "denied"), 1);
}

// GET /consults/{id} has a fast path without a worker thread (Route::fast) once the caller's
// credentials are remembered, on SQLite; PostgreSQL always takes the worker pool. Either way a
// read is logged exactly once, and a refused read (foreign user, unknown id) falls back to the
// pool's path: a 404 with exactly one denied entry, nothing logged twice.
TEST_F(Audit, TheFastPathLogsEachReadOnceAndLeavesErrorsToThePool) {
  auto fast_count = [&] {
    auto m = as("gp_a").get("/metrics");
    EXPECT_EQ(m.status, 200);
    auto at = m.body.find("\nmeekijk_http_fast_path_total ");
    EXPECT_NE(at, std::string::npos) << "no fast path counter in /metrics";
    return at == std::string::npos ? -1L : std::stol(m.body.substr(at + 30));
  };
  auto id = create_id("gp_a", "x_derm");
  auto q = "consult_id=" + id;
  auto before = audit("po_a", q);
  long fast_before = fast_count();
  std::set<std::string> ids;
  for (int i = 0; i < 4; ++i) {
    auto r = as(i % 2 ? "derm_x1" : "gp_a").get("/api/v1/consults/" + id);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(str(r.object()["id"]), id);
    EXPECT_TRUE(r.header("etag").has_value());
    EXPECT_EQ(r.header("content-type").value_or(""), "application/json");
    ids.insert(r.header("x-request-id").value_or("?"));
  }
  auto foreign = as("gp_b").get("/api/v1/consults/" + id);
  ASSERT_EQ(foreign.status, 404);
  EXPECT_EQ(foreign.header("content-type").value_or(""), "application/problem+json");
  auto unknown = as("gp_a").get("/api/v1/consults/00000000-0000-4000-8000-000000000000");
  EXPECT_EQ(unknown.status, 404);
  long fast_after = fast_count();

  auto after = audit("po_a", q);
  auto reads = only(after, "consult.read");
  EXPECT_EQ(count_events(after, "consult.read", "success"), count_events(before, "consult.read", "success") + 4);
  EXPECT_EQ(count_events(after, "consult.read", "denied"), count_events(before, "consult.read", "denied") + 1);
  auto logged = request_ids(reads);
  for (const auto& rid : ids) EXPECT_EQ(logged.count(rid), 1u) << rid;
  EXPECT_EQ(logged.count(foreign.header("x-request-id").value_or("?")), 1u);
  // A caller's token is remembered for 2 s after a request, so each caller's second read (at
  // the latest) went the fast way on SQLite — refused reads never count; never on PostgreSQL.
  if (on_postgres())
    EXPECT_EQ(fast_after, fast_before);
  else
    EXPECT_GE(fast_after, fast_before + 2);
  EXPECT_LE(fast_after, fast_before + 4);
}

TEST_F(Audit, OnlyTheInvolvedPrivacyOfficersSeeEntries) {
  auto id = create_id("gp_a", "x_derm");
  fetch("derm_x1", id);
  for (auto officer : {"po_b", "po_y"}) {
    auto entries = audit(officer, "consult_id=" + id);
    for (const auto& e : entries)
      EXPECT_EQ(str(e.at("event")), "audit.search") << officer << " sees " << json::serialize(e);
    auto all = audit(officer, "");
    for (const auto& e : all) {
      if (str(e.at("event")) != "audit.search") {
        EXPECT_NE(str(e.at("consult_id")), id) << officer;
      }
    }
  }
  EXPECT_GE(count_events(audit("po_a", "consult_id=" + id), "consult.read"), 1);
  EXPECT_GE(count_events(audit("po_x", "consult_id=" + id), "consult.read"), 1);
  for (auto ref : {"gp_a", "asst_a", "derm_x1", "coord_x", "cgm_a", "admin", "insurer"}) {
    auto r = as(ref).get("/api/v1/audit?consult_id=" + id);
    EXPECT_EQ(r.status, 403) << ref << ": " << r.describe();
  }
  EXPECT_EQ(anonymous().get("/api/v1/audit").status, 401);
}

TEST_F(Audit, FiltersByPatientUserAndPeriod) {
  auto first = create_id("gp_a", "x_derm", "111222333");
  clock_.advance(std::chrono::days(1));  // Saturday 25 April, 08:00Z
  auto second = create_id("gp_a", "x_derm", "123456782");
  fetch("derm_x1", second);

  auto by_bsn = audit("po_a", "patient_bsn=111222333");
  ASSERT_FALSE(by_bsn.empty());
  for (const auto& e : by_bsn) EXPECT_EQ(str(e.at("patient_bsn")), "111222333");
  EXPECT_EQ(count_events(by_bsn, "consult.create"), 1);

  auto by_user = audit("po_a", "user_id=" + person("derm_x1").id);
  ASSERT_EQ(only(by_user, "consult.read").size(), 1u);
  for (const auto& e : by_user) EXPECT_EQ(str(e.at("user_id")), person("derm_x1").id);

  auto creates_in = [&](const std::string& q) {
    std::set<std::string> out;
    for (const auto& e : only(audit("po_a", q), "consult.create")) out.insert(str(e.at("consult_id")));
    return out;
  };
  EXPECT_EQ(creates_in("from=2026-04-25T08:00:00.000Z"), std::set<std::string>{second});
  EXPECT_EQ(creates_in("from=2026-04-25"), std::set<std::string>{second});
  EXPECT_EQ(creates_in("to=2026-04-25T08:00:00.000Z"), std::set<std::string>{first});  // exclusive
  EXPECT_EQ(creates_in("from=2026-04-24&to=2026-04-25"), std::set<std::string>{first});
  EXPECT_TRUE(creates_in("from=2026-04-26").empty());
  for (const auto& e : audit("po_a", "from=2026-04-25")) EXPECT_GE(str(e.at("at")), "2026-04-25");

  EXPECT_EQ(as("po_a").get("/api/v1/audit?patient_bsn=123456789").status, 422);
  EXPECT_EQ(as("po_a").get("/api/v1/audit?from=yesterday").status, 422);
  EXPECT_EQ(as("po_a").get("/api/v1/audit?limit=0").status, 422);
}

// Runs `meekijk audit verify <store args>`; returns the exit status and the output.
std::pair<int, std::string> run_verify(const std::string& store_args) {
  std::string cmd = std::string(MEEKIJK_BINARY) + " audit verify " + store_args + " 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return {-1, "popen failed"};
  std::string out;
  char buf[512];
  while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  int status = ::pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

void exec(sqlite3* db, const std::string& sql, int expected = SQLITE_OK) {
  char* err = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  EXPECT_EQ(rc, expected) << sql << ": " << (err ? err : "");
  sqlite3_free(err);
}

std::string tamper_sql(int64_t seq) {
  return "UPDATE audit SET user_name = 'Mallory' WHERE seq = " + std::to_string(seq);
}

// SQLite (the store closed): the triggers keep the table append-only until someone drops them.
void tamper_sqlite(const std::filesystem::path& db_file, int64_t seq) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_file.c_str(), &db), SQLITE_OK);
  exec(db, tamper_sql(seq), SQLITE_CONSTRAINT);
  std::vector<std::string> triggers;
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit'", -1, &st,
                     nullptr);
  while (sqlite3_step(st) == SQLITE_ROW) triggers.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
  sqlite3_finalize(st);
  EXPECT_GE(triggers.size(), 2u);
  for (const auto& t : triggers) exec(db, "DROP TRIGGER \"" + t + "\"");
  exec(db, tamper_sql(seq));
  EXPECT_EQ(sqlite3_changes(db), 1);
  sqlite3_close(db);
}

// PostgreSQL: the trigger keeps the table append-only until someone (the owner) disables it;
// the change is made with the trigger off and the trigger is back on afterwards.
void tamper_postgres(const std::string& url, int64_t seq) {
  try {
    store::postgres_execute(url, tamper_sql(seq));
    ADD_FAILURE() << "the append-only trigger let " << tamper_sql(seq) << " through";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("append-only"), std::string::npos) << e.what();
  }
  store::postgres_execute(url, "ALTER TABLE audit DISABLE TRIGGER audit_append_only; DO $$ BEGIN " + tamper_sql(seq) +
                                   "; IF NOT FOUND THEN RAISE EXCEPTION 'no audit entry " + std::to_string(seq) +
                                   "'; END IF; END $$; ALTER TABLE audit ENABLE TRIGGER audit_append_only");
}

TEST_F(Audit, ChainVerifiesAndDetectsATamperedEntry) {
  auto id = create_id("gp_a", "x_derm");
  fetch("derm_x1", id);
  auto read = only(audit("po_a", "consult_id=" + id), "consult.read");
  ASSERT_EQ(read.size(), 1u);
  int64_t seq = read[0].at("seq").to_number<int64_t>();
  fetch("gp_a", id);  // entries after the one that will be changed
  // Consecutive entries are linked: each holds the hash of the one before it.
  auto all = audit("po_a", "");
  int links = 0;
  for (size_t i = 1; i < all.size(); ++i) {  // newest first
    if (all[i - 1].at("seq").to_number<int64_t>() != all[i].at("seq").to_number<int64_t>() + 1) continue;
    EXPECT_EQ(all[i - 1].at("prev_hash"), all[i].at("hash"));
    ++links;
  }
  EXPECT_GT(links, 0);
  auto ok = app::verify_audit_chain(rt_->store());
  EXPECT_TRUE(ok.ok) << ok.problem;
  EXPECT_GT(ok.entries, seq);

  stop();  // verify_audit_chain sealed everything: the entry to change is in the chain
  auto [clean_rc, clean_out] = run_verify(store_args());
  EXPECT_EQ(clean_rc, 0) << clean_out;

  if (on_postgres()) {
    tamper_postgres(db_url_, seq);
  } else {
    tamper_sqlite(data_ / "meekijk.db", seq);
  }
  if (HasFatalFailure()) return;

  restart();
  auto broken = app::verify_audit_chain(rt_->store());
  EXPECT_FALSE(broken.ok);
  EXPECT_EQ(broken.first_broken_seq, seq) << broken.problem;
  EXPECT_FALSE(broken.problem.empty());
  stop();

  auto [rc, out] = run_verify(store_args());
  EXPECT_NE(rc, 0) << out;
  EXPECT_NE(out.find("entry " + std::to_string(seq)), std::string::npos) << out;
}

}  // namespace
}  // namespace mk::apitest
