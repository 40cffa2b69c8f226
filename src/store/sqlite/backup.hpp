#pragma once
// `meekijk backup OUT`: an online, consistent copy of a data directory.
#include <filesystem>

namespace mk::store::sqlite {

// Copies the database with the SQLite backup API (one read snapshot, writers keep going) into
// out/meekijk.db, then the blob files into out/blobs, so `out` is a complete data directory.
// Blobs are copied after the snapshot, so every blob the copied rows refer to is there.
// Refuses (Error{validation}) an `out` that exists and is not an empty directory.
void backup_data_dir(const std::filesystem::path& db_file, const std::filesystem::path& blobs_root,
                     const std::filesystem::path& out);

}  // namespace mk::store::sqlite
