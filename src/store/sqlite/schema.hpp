#pragma once
// The numbered schema files (src/store/schema/sqlite/NNNN_name.sql), embedded in the binary
// in sorted order by cmake/EmbedFiles.cmake, and the migration that applies them.
#include <vector>

#include "core/embedded_file.hpp"
#include "core/log.hpp"

namespace mk::store::sqlite {

const std::vector<mk::EmbeddedFile>& schema_files();

class Connection;

// Applies every schema file whose number is not yet in `schema_version`, each in its own
// transaction together with its schema_version row. Refuses a database whose schema is newer
// than this binary.
void migrate(Connection& conn, Logger& log);

// The schema versions recorded in the database, ascending.
std::vector<int> applied_versions(Connection& conn);

}  // namespace mk::store::sqlite
