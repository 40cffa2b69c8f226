#include "store/sqlite/backup.hpp"

#include <sqlite3.h>

#include "core/error.hpp"
#include "store/sqlite/blob_store.hpp"
#include "store/sqlite/connection.hpp"

namespace mk::store::sqlite {
namespace fs = std::filesystem;
namespace {

void prepare_target(const fs::path& out) {
  std::error_code ec;
  if (fs::exists(out, ec) && (!fs::is_directory(out, ec) || !fs::is_empty(out, ec)))
    throw Error(Errc::validation, "Backup target not empty", "the backup directory must be new or empty",
                {{"out", "exists and is not an empty directory"}});
  fs::create_directories(out, ec);
  if (ec) throw Error(Errc::unavailable, "Backup failed", "cannot create " + out.string() + ": " + ec.message());
}

void copy_database(const fs::path& db_file, const fs::path& target) {
  auto source = Connection::open(db_file, Connection::Mode::read);
  sqlite3* dest = nullptr;
  int rc = sqlite3_open_v2(target.c_str(), &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc == SQLITE_OK) {
    sqlite3_backup* b = sqlite3_backup_init(dest, "main", source->handle(), "main");
    if (b) {
      sqlite3_backup_step(b, -1);  // all pages in one step: one consistent snapshot
      sqlite3_backup_finish(b);
    }
    rc = sqlite3_errcode(dest);
  }
  sqlite3_close_v2(dest);
  if (rc != SQLITE_OK)
    throw Error(Errc::unavailable, "Backup failed",
                "sqlite backup error " + std::to_string(rc) + " (" + sqlite3_errstr(rc) + ")");
  fsync_path(target, false);
}

void copy_blobs(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  fs::create_directories(to, ec);
  for (const auto& prefix : fs::directory_iterator(from)) {
    if (!prefix.is_directory()) continue;
    fs::path dir = to / prefix.path().filename();
    fs::create_directories(dir);
    for (const auto& blob : fs::directory_iterator(prefix.path())) {
      if (!blob.is_regular_file() || !valid_sha256_hex(blob.path().filename().string())) continue;
      fs::copy_file(blob.path(), dir / blob.path().filename());
      fsync_path(dir / blob.path().filename(), false);
    }
    fsync_path(dir, true);
  }
  fsync_path(to, true);
}

}  // namespace

void backup_data_dir(const fs::path& db_file, const fs::path& blobs_root, const fs::path& out) {
  prepare_target(out);
  copy_database(db_file, out / "meekijk.db");
  try {
    copy_blobs(blobs_root, out / "blobs");
    fs::create_directories(out / "tmp");
  } catch (const fs::filesystem_error& e) {
    throw Error(Errc::unavailable, "Backup failed", std::string("cannot copy blobs: ") + e.code().message());
  }
  fsync_path(out, true);
}

}  // namespace mk::store::sqlite
