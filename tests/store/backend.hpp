#pragma once
// The backends the store suite runs against. Every test file declares a typed test suite
// over `Backends`; the PostgreSQL backend adds one type here and runs the same tests.
//
// A backend type B provides:
//   static constexpr const char* name;       for test names
//   static constexpr bool groups_commits;    whether concurrent writes share commits
//   explicit B(const std::filesystem::path& scratch);  a fresh, empty database per test
//   std::unique_ptr<Store> open(Logger&);   opens (again) the same database
//   std::unique_ptr<Store> open_backup(const std::filesystem::path& out, Logger&);
//   std::vector<int> schema_versions();     versions recorded by the migrations
//   std::vector<int> known_schema_versions();  versions this binary ships
//   std::string expected_describe();        what Store::describe() must say
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "core/log.hpp"
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

using Backends = ::testing::Types<SqliteBackend, SqliteSerialBackend>;

struct BackendNames {
  template <class B>
  static std::string GetName(int) {
    return B::name;
  }
};

// Owns a scratch directory, the backend and an open Store; the log is captured for asserts.
template <class B>
class StoreTest : public ::testing::Test {
 protected:
  StoreTest() : backend_(tmp_.path()), log_(log_text_, LogLevel::debug) { store_ = backend_.open(log_); }

  Store& store() { return *store_; }
  // Destroys the store (draining its writer) and opens the same database again.
  void reopen() {
    store_.reset();
    log_text_.str("");
    store_ = backend_.open(log_);
  }

  TempDir tmp_;
  B backend_;
  std::ostringstream log_text_;
  Logger log_;
  std::unique_ptr<Store> store_;
};

}  // namespace mk::store::test
