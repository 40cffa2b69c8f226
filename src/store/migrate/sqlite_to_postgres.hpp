#pragma once
// Moves a region from a SQLite data dir to an empty PostgreSQL database (`meekijk migrate-store`).
// Known only to the composition root: it speaks both backends' SQL, nothing else does.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/log.hpp"

namespace mk::store {

struct MigratedTable {
  std::string name;
  int64_t source_rows = 0;  // SQLite (for `blobs`: distinct attachment contents)
  int64_t target_rows = 0;  // PostgreSQL, counted inside the copying transaction
};

struct MigrationReport {
  std::vector<MigratedTable> tables;  // in copy order
};

// Copies every table of the SQLite database in data_dir (read in one snapshot; the server
// should be stopped) into the PostgreSQL database at url, whose schema is brought up to date
// first, in ONE PostgreSQL transaction: on any failure the target stays as it was.
//  * columns are copied by name (the two schemas use the same names; a SQLite column the
//    target lacks is an error), values as text that PostgreSQL parses by the column's type;
//  * identity columns (seq, id) keep their values and their sequences continue after them;
//  * attachment bytes go from DATA/blobs into the blobs/blob_chunks tables (1 MiB chunks);
//  * audit entries are inserted unsealed, in seq order; the caller seals them
//    (Store::flush_audit) after commit and verifies the chain;
//  * before COMMIT every table's row count is compared with the source's.
// Throws Error{not_found} when data_dir holds no database, Error{conflict} when the target
// already holds data (naming a table), Error{internal} naming a table whose counts differ.
MigrationReport migrate_sqlite_to_postgres(const std::filesystem::path& data_dir, const std::string& url,
                                           Logger& log);

}  // namespace mk::store
