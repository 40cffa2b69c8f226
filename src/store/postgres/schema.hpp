#pragma once
// The numbered schema files (src/store/schema/postgres/NNNN_name.sql), embedded in the binary
// in sorted order by cmake/EmbedFiles.cmake, and the migration that applies them.
#include <vector>

#include "core/embedded_file.hpp"
#include "core/log.hpp"

namespace mk::store::pg {

const std::vector<mk::EmbeddedFile>& schema_files();

class Connection;

// Applies every schema file whose number is not yet in `schema_version`, each in its own
// transaction together with its schema_version row. Several instances may start at once:
// the whole migration runs under a database-wide advisory lock, so one applies the files and
// the others then find them applied. Refuses a schema newer than this binary.
void migrate(Connection& conn, Logger& log);

// The schema versions recorded in the database, ascending.
std::vector<int> applied_versions(Connection& conn);

}  // namespace mk::store::pg
