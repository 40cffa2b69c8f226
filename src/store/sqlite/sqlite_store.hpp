#pragma once
// The SQLite backend of the storage port (store/store.hpp). Only the composition root and the
// store tests include this header; sqlite3.h itself stays inside src/store/sqlite.
//
// Layout of a data directory:
//   DATA/meekijk.db                       the database (WAL, synchronous=FULL)
//   DATA/blobs/<first 2 hex>/<sha256>     attachment bytes, content-addressed
//   DATA/tmp/                             uploads in progress (BlobStore::temp_dir)
#include <cstddef>
#include <chrono>
#include <filesystem>
#include <memory>
#include <vector>

#include "core/log.hpp"
#include "store/bulk.hpp"
#include "store/store.hpp"

namespace mk::store {

struct SqliteOptions {
  std::filesystem::path data_dir;
  bool group_commit = true;  // false: one BEGIN/COMMIT (one fsync) per write, for comparison
  size_t max_batch = 512;    // most jobs in one group commit
  size_t max_readers = 64;   // read connections, opened lazily (one per concurrent reader)
  // The writer keeps the planner's statistics (writer.hpp): first this long after opening,
  // then at this interval.
  std::chrono::seconds optimize_after{300};
  std::chrono::seconds optimize_every{3600};
};

// Creates data_dir (and its schema) when missing; applies pending numbered schema files in a
// transaction each and records them in `schema_version`. Throws mk::Error{unavailable} with a
// clear message when the directory or database cannot be opened.
std::unique_ptr<Store> open_sqlite_store(const SqliteOptions& options, Logger& log);

// The bulk path (store/bulk.hpp) into the data dir of a store that was opened (migrated) and
// closed again: no server may use it meanwhile.
std::unique_ptr<BulkLoader> open_sqlite_bulk_loader(const std::filesystem::path& data_dir, const BulkOptions& o);

// The schema versions recorded in DATA/meekijk.db, ascending (operations and tests).
std::vector<int> sqlite_schema_versions(const std::filesystem::path& data_dir);

}  // namespace mk::store
