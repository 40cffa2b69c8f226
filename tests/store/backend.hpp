#pragma once
// The backends the store suite runs against. Every test file declares a typed test suite
// over `Backends`: SQLite (with and without group commit) and PostgreSQL run the same tests.
//
// PostgreSQL needs a server: ctest starts a throwaway one (scripts/pg-test-server.sh, the
// pg_server_start fixture) and passes the file holding its URL in MEEKIJK_TEST_PG_URL_FILE;
// MEEKIJK_TEST_PG_URL may name a server directly. Without either, the PostgreSQL tests FAIL
// with that explanation — unless MEEKIJK_TEST_PG=off says to skip them.
//
// A backend type B provides:
//   static constexpr const char* name;       for test names
//   static constexpr bool groups_commits;    whether concurrent writes share commits
//   static constexpr bool has_backup;        whether Store::backup() makes a copy
//   static std::optional<std::string> missing();  why the backend cannot run here, if so
//   explicit B(const std::filesystem::path& scratch);  a fresh, empty database per test
//   std::unique_ptr<Store> open(Logger&);   opens (again) the same database
//   std::unique_ptr<Store> open_backup(const std::filesystem::path& out, Logger&);
//   std::vector<int> schema_versions();     versions recorded by the migrations
//   std::vector<int> known_schema_versions();  versions this binary ships
//   std::string expected_describe();        what Store::describe() must say
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/log.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/postgres/schema.hpp"
#include "store/sqlite/schema.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/store.hpp"

namespace mk::store::test {

// A unique directory under $TMPDIR, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "mk-store-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

template <bool GroupCommit>
struct SqliteBackendT {
  static constexpr const char* name = GroupCommit ? "sqlite" : "sqlite_serial";
  static constexpr bool groups_commits = GroupCommit;
  static constexpr bool has_backup = true;
  static std::optional<std::string> missing() { return std::nullopt; }

  explicit SqliteBackendT(const std::filesystem::path& scratch) : dir(scratch / "data") {}

  std::unique_ptr<Store> open(Logger& log) { return open_at(dir, log); }
  std::unique_ptr<Store> open_backup(const std::filesystem::path& out, Logger& log) { return open_at(out, log); }
  std::vector<int> schema_versions() { return sqlite_schema_versions(dir); }
  std::string expected_describe() { return "sqlite:" + std::filesystem::absolute(dir).lexically_normal().string(); }
  std::vector<int> known_schema_versions() {
    std::vector<int> out;
    for (const auto& f : sqlite::schema_files()) out.push_back(std::stoi(f.name.substr(0, f.name.find('_'))));
    return out;
  }

  std::filesystem::path dir;

 private:
  static std::unique_ptr<Store> open_at(const std::filesystem::path& d, Logger& log) {
    SqliteOptions o;
    o.data_dir = d;
    o.group_commit = GroupCommit;
    return open_sqlite_store(o, log);
  }
};

using SqliteBackend = SqliteBackendT<true>;
using SqliteSerialBackend = SqliteBackendT<false>;  // group_commit = false: same semantics

// The throwaway server's URL (…/postgres), or why there is none.
struct PgServer {
  std::string url;
  std::string missing;
};
inline PgServer pg_test_server() {
  if (const char* url = getenv("MEEKIJK_TEST_PG_URL"); url && *url) return {url, ""};
  const char* file = getenv("MEEKIJK_TEST_PG_URL_FILE");
  std::string why =
      "no PostgreSQL test server: run the suite with ctest (it starts one), or set MEEKIJK_TEST_PG_URL, "
      "or MEEKIJK_TEST_PG=off to skip the PostgreSQL tests";
  if (!file || !*file) return {"", why};
  std::ifstream in(file);
  std::string url;
  std::getline(in, url);
  if (url.empty()) return {"", why + " (" + file + " is missing or empty: did pg_server_start fail?)"};
  return {url, ""};
}

inline bool pg_tests_off() {
  const char* off = getenv("MEEKIJK_TEST_PG");
  return off && std::string(off) == "off";
}

// "postgresql://u@h:p/postgres" → "postgresql://u@h:p/<db>"
inline std::string pg_database_url(const std::string& server_url, const std::string& db) {
  size_t slash = server_url.find('/', server_url.find("://") + 3);
  size_t query = server_url.find('?');
  std::string out = server_url.substr(0, slash) + "/" + db;
  return query == std::string::npos ? out : out + server_url.substr(query);
}

// A new, empty database on the throwaway server per test, dropped afterwards. The name is
// unique across the parallel test processes (pid + counter + random).
inline std::string unique_pg_database_name() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  return "mk_t" + std::to_string(getpid()) + "_" + std::to_string(++counter) + "_" + std::to_string(rd() % 100000);
}

struct PgBackend {
  static constexpr const char* name = "postgres";
  static constexpr bool groups_commits = false;  // parallel commits; the server groups WAL flushes
  static constexpr bool has_backup = false;      // pg_dump
  static std::optional<std::string> missing() {
    auto server = pg_test_server();
    if (server.missing.empty()) return std::nullopt;
    return server.missing;
  }

  explicit PgBackend(const std::filesystem::path& scratch)
      : server(pg_test_server().url), db(unique_pg_database_name()), url(pg_database_url(server, db)),
        cache(scratch / "cache") {
    postgres_execute(server, "CREATE DATABASE " + db);
  }
  ~PgBackend() {
    try {
      postgres_execute(server, "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
    } catch (const std::exception&) {
    }
  }
  PgBackend(const PgBackend&) = delete;
  PgBackend& operator=(const PgBackend&) = delete;

  std::unique_ptr<Store> open(Logger& log) { return open_postgres_store({.url = url, .cache_dir = cache}, log); }
  std::unique_ptr<Store> open_backup(const std::filesystem::path&, Logger&) {
    throw std::logic_error("PostgreSQL has no meekijk backup");
  }
  std::vector<int> schema_versions() { return postgres_schema_versions(url); }
  std::string expected_describe() { return url; }
  std::vector<int> known_schema_versions() {
    std::vector<int> out;
    for (const auto& f : pg::schema_files()) out.push_back(std::stoi(f.name.substr(0, f.name.find('_'))));
    return out;
  }

  std::string server, db, url;
  std::filesystem::path cache;
};

using Backends = ::testing::Types<SqliteBackend, SqliteSerialBackend, PgBackend>;

struct BackendNames {
  template <class B>
  static std::string GetName(int) {
    return B::name;
  }
};

// Owns a scratch directory, the backend and an open Store; the log is captured for asserts.
// The store opens in SetUp (a fixture that needs data in it extends SetUp), so that a backend
// that cannot run here fails — or, when switched off, skips — before the test body.
template <class B>
class StoreTest : public ::testing::Test {
 protected:
  StoreTest() : log_(log_text_, LogLevel::debug) {}

  void SetUp() override {
    if (auto why = B::missing()) {
      if (pg_tests_off()) GTEST_SKIP() << "MEEKIJK_TEST_PG=off: " << *why;
      FAIL() << *why;
    }
    backend_ = std::make_unique<B>(tmp_.path());
    store_ = backend_->open(log_);
  }
  void TearDown() override { store_.reset(); }  // before the backend drops its database

  // False when SetUp did not get as far as an open store (a subclass's SetUp stops then).
  bool ready() { return store_ != nullptr; }
  Store& store() { return *store_; }
  B& backend() { return *backend_; }
  // Destroys the store (draining its writer) and opens the same database again.
  void reopen() {
    store_.reset();
    log_text_.str("");
    store_ = backend_->open(log_);
  }

  TempDir tmp_;
  std::ostringstream log_text_;
  Logger log_;
  std::unique_ptr<B> backend_;
  std::unique_ptr<Store> store_;
};

}  // namespace mk::store::test
