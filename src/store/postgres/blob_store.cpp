#include "store/postgres/blob_store.hpp"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace mk::store::pg {
namespace fs = std::filesystem;
namespace {

constexpr size_t kChunk = 1 << 20;

void check_sha(const std::string& s) {
  bool ok = s.size() == 64;
  for (char c : s) ok = ok && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  if (!ok) throw Error(Errc::bad_request, "Invalid content address", "a SHA-256 is 64 lower-case hex characters");
}

[[noreturn]] void storage_error(const std::string& what) {
  throw Error(Errc::unavailable, "Storage unavailable", what + ": " + std::strerror(errno));
}

void make_dirs(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw Error(Errc::unavailable, "Storage unavailable", "cannot create " + dir.string() + ": " + ec.message());
}

void fsync_dir(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) storage_error("cannot open " + dir.string());
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) storage_error("fsync of " + dir.string() + " failed");
}

// Writes all of `bytes` to fd; false on a write error.
bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

}  // namespace

PgBlobStore::PgBlobStore(Pool& pool, const fs::path& cache_dir)
    : pool_(pool), root_(cache_dir / "blobs"), tmp_(cache_dir / "tmp") {
  make_dirs(root_);
  make_dirs(tmp_);
}

fs::path PgBlobStore::cache_path(const std::string& sha) const { return root_ / sha.substr(0, 2) / sha; }

bool PgBlobStore::exists(const std::string& sha256_hex) {
  check_sha(sha256_hex);
  auto conn = pool_.acquire();
  return conn->exec("SELECT 1 FROM blobs WHERE sha256 = $1", Params().add(sha256_hex)).rows() > 0;
}

void PgBlobStore::put(const fs::path& temp_file, const std::string& sha256_hex) {
  check_sha(sha256_hex);
  std::error_code ec;
  if (!fs::is_regular_file(temp_file, ec))
    throw Error(Errc::internal, "Upload missing", "the temporary upload file does not exist");
  auto conn = pool_.acquire();
  try {
    store_chunks(*conn, temp_file, sha256_hex);
  } catch (...) {
    conn.discard();  // possibly inside the failed transaction: never lend it again
    throw;
  }
  keep_in_cache(temp_file, cache_path(sha256_hex));
}

// One transaction: the blob row and all its chunks commit together (durably), before the
// caller commits a row that names the blob. A concurrent put of the same bytes waits on the
// blob row's key and then finds it present.
void PgBlobStore::store_chunks(Connection& conn, const fs::path& file, const std::string& sha) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(Errc::unavailable, "Storage unavailable", "cannot read the upload");
  int64_t size = static_cast<int64_t>(fs::file_size(file));
  int64_t chunks = (size + static_cast<int64_t>(kChunk) - 1) / static_cast<int64_t>(kChunk);
  conn.script("BEGIN", "blob begin");
  auto fresh = conn.exec("INSERT INTO blobs (sha256, size, chunks) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                         Params().add_all(sha, size, chunks));
  if (fresh.affected() == 0) {  // identical content is already stored
    conn.script("COMMIT", "blob commit");
    return;
  }
  std::string buffer(kChunk, '\0');
  for (int64_t n = 0; n < chunks; ++n) {
    in.read(buffer.data(), static_cast<std::streamsize>(kChunk));
    std::string_view bytes(buffer.data(), static_cast<size_t>(in.gcount()));
    if (bytes.empty()) throw Error(Errc::unavailable, "Storage unavailable", "the upload ended early");
    Params p;
    p.add_all(sha, n).add_bytes(bytes);
    conn.exec("INSERT INTO blob_chunks (sha256, n, data) VALUES ($1, $2, $3)", p);
  }
  conn.script("COMMIT", "blob commit");
}

// The upload is the blob: moved into the cache it saves the first download a round trip.
void PgBlobStore::keep_in_cache(const fs::path& file, const fs::path& target) {
  std::error_code ec;
  if (fs::is_regular_file(target, ec)) {
    fs::remove(file, ec);
    return;
  }
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  bool synced = fd >= 0 && ::fsync(fd) == 0;
  if (fd >= 0) ::close(fd);
  fs::create_directories(target.parent_path(), ec);
  if (synced && !ec) fs::rename(file, target, ec);
  if (!synced || ec) fs::remove(file, ec);  // only a cache: path() fetches it again
}

fs::path PgBlobStore::path(const std::string& sha256_hex) {
  check_sha(sha256_hex);
  fs::path target = cache_path(sha256_hex);
  std::error_code ec;
  if (!fs::is_regular_file(target, ec)) materialise(sha256_hex, target);
  return target;
}

// Chunk by chunk into a private temp file, fsync, rename: a reader of `target` sees either
// nothing or the whole blob. Two threads doing this at once both rename identical bytes.
void PgBlobStore::materialise(const std::string& sha, const fs::path& target) {
  auto conn = pool_.acquire();
  auto head = conn->exec("SELECT size, chunks FROM blobs WHERE sha256 = $1", Params().add(sha));
  if (head.rows() == 0) return;  // unknown: like a missing file, the caller finds nothing there
  int64_t size = head.row(0).int64(0), chunks = head.row(0).int64(1);
  std::string pattern = (tmp_ / ("blob-" + sha.substr(0, 8) + "-XXXXXX")).string();
  int fd = ::mkstemp(pattern.data());
  if (fd < 0) storage_error("cannot create a temporary file");
  int64_t written = 0;
  bool ok = true;
  try {
    for (int64_t n = 0; n < chunks && ok; ++n) {
      auto r = conn->exec("SELECT data FROM blob_chunks WHERE sha256 = $1 AND n = $2", Params().add_all(sha, n));
      ok = r.rows() == 1 && write_all(fd, r.row(0).bytes(0));
      if (ok) written += static_cast<int64_t>(r.row(0).bytes(0).size());
    }
  } catch (...) {
    ::close(fd);
    std::error_code ignored;
    fs::remove(pattern, ignored);
    throw;
  }
  ok = ok && written == size && ::fsync(fd) == 0;
  ::close(fd);
  std::error_code ec;
  if (ok) make_dirs(target.parent_path());
  if (ok) fs::rename(pattern, target, ec);
  if (!ok || ec) {
    fs::remove(pattern, ec);
    throw Error(Errc::unavailable, "Storage unavailable", "cannot materialise blob " + sha.substr(0, 12));
  }
  fsync_dir(target.parent_path());
}

}  // namespace mk::store::pg
