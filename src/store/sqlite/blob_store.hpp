#pragma once
// Attachment bytes on disk: DATA/blobs/<first 2 hex>/<sha256>, uploads staged in DATA/tmp
// (same file system, so the final move is an atomic rename).
#include <filesystem>
#include <string>

#include "store/store.hpp"

namespace mk::store::sqlite {

class FileBlobStore final : public BlobStore {
 public:
  // Creates blobs/ and tmp/ under data_dir when missing.
  explicit FileBlobStore(const std::filesystem::path& data_dir);

  std::filesystem::path temp_dir() override { return tmp_; }
  void put(const std::filesystem::path& temp_file, const std::string& sha256_hex) override;
  bool exists(const std::string& sha256_hex) override;
  std::filesystem::path path(const std::string& sha256_hex) override;

  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
  std::filesystem::path tmp_;
};

// True for exactly 64 lower-case hex characters: the only names that reach the file system.
bool valid_sha256_hex(const std::string& s);

// fsync of a file or directory; Error{unavailable} when it fails.
void fsync_path(const std::filesystem::path& p, bool directory);

}  // namespace mk::store::sqlite
