#pragma once
// Attachment bytes in PostgreSQL, so that every instance behind the load balancer sees every
// upload without a shared file system: put() stores the file as 1 MiB bytea chunks in one
// transaction (identical content: nothing to do); path() materialises a blob into the local
// cache cache_dir/blobs/xx/<sha256> on first use (temp file, fsync, rename) and returns that
// file. The cache holds only verified-complete copies, so it can be deleted at any time.
#include <filesystem>
#include <string>

#include "store/postgres/pool.hpp"
#include "store/store.hpp"

namespace mk::store::pg {

class PgBlobStore final : public BlobStore {
 public:
  // Creates cache_dir/blobs and cache_dir/tmp when missing.
  PgBlobStore(Pool& pool, const std::filesystem::path& cache_dir);

  std::filesystem::path temp_dir() override { return tmp_; }
  void put(const std::filesystem::path& temp_file, const std::string& sha256_hex) override;
  bool exists(const std::string& sha256_hex) override;
  std::filesystem::path path(const std::string& sha256_hex) override;

 private:
  std::filesystem::path cache_path(const std::string& sha256_hex) const;
  void store_chunks(Connection& conn, const std::filesystem::path& file, const std::string& sha);
  void materialise(const std::string& sha, const std::filesystem::path& target);
  void keep_in_cache(const std::filesystem::path& file, const std::filesystem::path& target);

  Pool& pool_;
  std::filesystem::path root_;
  std::filesystem::path tmp_;
};

}  // namespace mk::store::pg
