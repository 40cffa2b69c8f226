#include "store/sqlite/blob_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/error.hpp"

namespace mk::store::sqlite {

namespace fs = std::filesystem;

bool valid_sha256_hex(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

void fsync_path(const fs::path& p, bool directory) {
  int fd = ::open(p.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
  if (fd < 0)
    throw Error(Errc::unavailable, "Storage unavailable", "cannot open for fsync: " + std::string(strerror(errno)));
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) throw Error(Errc::unavailable, "Storage unavailable", "fsync failed: " + std::string(strerror(err)));
}

namespace {

void check_sha(const std::string& sha) {
  if (!valid_sha256_hex(sha))
    throw Error(Errc::bad_request, "Invalid content address", "a SHA-256 is 64 lower-case hex characters");
}

void make_dirs(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw Error(Errc::unavailable, "Storage unavailable", "cannot create " + dir.string() + ": " + ec.message());
}

}  // namespace

FileBlobStore::FileBlobStore(const fs::path& data_dir) : root_(data_dir / "blobs"), tmp_(data_dir / "tmp") {
  make_dirs(root_);
  make_dirs(tmp_);
}

fs::path FileBlobStore::path(const std::string& sha256_hex) {
  check_sha(sha256_hex);
  return root_ / sha256_hex.substr(0, 2) / sha256_hex;
}

bool FileBlobStore::exists(const std::string& sha256_hex) {
  std::error_code ec;
  return fs::is_regular_file(path(sha256_hex), ec);
}

// The bytes are on disk (file fsync) before the name appears (rename), and the name is on
// disk (directory fsync) before the caller commits a row that points at it.
void FileBlobStore::put(const fs::path& temp_file, const std::string& sha256_hex) {
  fs::path target = path(sha256_hex);
  std::error_code ec;
  if (!fs::is_regular_file(temp_file, ec))
    throw Error(Errc::internal, "Upload missing", "the temporary upload file does not exist");
  if (fs::is_regular_file(target, ec)) {  // identical content is already stored
    fs::remove(temp_file, ec);
    return;
  }
  fsync_path(temp_file, false);
  fs::path dir = target.parent_path();
  bool new_dir = !fs::is_directory(dir, ec);
  make_dirs(dir);
  fs::rename(temp_file, target, ec);
  if (ec) throw Error(Errc::unavailable, "Storage unavailable", "cannot store blob: " + ec.message());
  fsync_path(dir, true);
  if (new_dir) fsync_path(root_, true);
}

}  // namespace mk::store::sqlite
