// SQLite-specific opening: layout of a data directory and what happens when it cannot be used.
#include <fstream>

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

}  // namespace
}  // namespace mk::store::test
