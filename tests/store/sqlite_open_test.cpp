// SQLite-specific opening: layout of a data directory and what happens when it cannot be used.
#include <fstream>

#include <sqlite3.h>

#include "backend.hpp"
#include "core/error.hpp"

namespace mk::store::test {
namespace {

namespace fs = std::filesystem;

Errc open_error(const fs::path& dir) {
  std::ostringstream sink;
  Logger log(sink);
  try {
    open_sqlite_store({.data_dir = dir}, log);
  } catch (const Error& e) {
    return e.code();
  }
  return Errc::internal;  // "opened": not what these tests expect
}

TEST(SqliteOpen, CreatesTheDataDirectoryLayout) {
  TempDir tmp;
  fs::path dir = tmp.path() / "new" / "data";
  std::ostringstream sink;
  Logger log(sink);
  auto store = open_sqlite_store({.data_dir = dir}, log);
  EXPECT_TRUE(fs::is_regular_file(dir / "meekijk.db"));
  EXPECT_TRUE(fs::is_directory(dir / "blobs"));
  EXPECT_TRUE(fs::is_directory(dir / "tmp"));
  EXPECT_EQ(store->blobs().temp_dir(), fs::absolute(dir / "tmp"));
}

TEST(SqliteOpen, ADirectoryThatIsAFileIsUnavailable) {
  TempDir tmp;
  std::ofstream(tmp.path() / "file") << "x";
  EXPECT_EQ(open_error(tmp.path() / "file"), Errc::unavailable);
}

TEST(SqliteOpen, ADatabaseThatIsNotSqliteIsUnavailable) {
  TempDir tmp;
  std::ofstream(tmp.path() / "meekijk.db") << std::string(4096, 'x');
  EXPECT_EQ(open_error(tmp.path()), Errc::unavailable);
}

// Opening configures the library once: no memory statistics, so sqlite3_malloc and
// sqlite3_free take no global mutex (connection.cpp). With them on, an open store's memory
// would be counted here.
TEST(SqliteOpen, TheLibraryKeepsNoMemoryStatistics) {
  TempDir tmp;
  std::ostringstream sink;
  Logger log(sink);
  auto store = open_sqlite_store({.data_dir = tmp.path()}, log);
  sqlite3_int64 used = -1, highwater = -1;
  ASSERT_EQ(sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &used, &highwater, 0), SQLITE_OK);
  EXPECT_EQ(used, 0);
  EXPECT_EQ(highwater, 0);
}

}  // namespace
}  // namespace mk::store::test
