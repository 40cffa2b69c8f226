#pragma once
// The PostgreSQL backend of the storage port (store/store.hpp), for several stateless
// instances on one shared database. Only the composition root and the store tests include
// this header; libpq-fe.h itself stays inside src/store/postgres.
//
//   * a bounded pool of connections, each with its own prepared statements;
//   * write(): one READ COMMITTED transaction per call on its own connection, so concurrent
//     requests commit in parallel (PostgreSQL groups their WAL flushes); synchronous_commit
//     is on. Serialization failures, deadlocks and lost insert races are retried here;
//   * read(): REPEATABLE READ READ ONLY, one snapshot for the whole lambda;
//   * the audit chain is sealed by a background sealer, one at a time across instances;
//   * attachment bytes live in the database (1 MiB chunks), materialised on first use into
//     cache_dir/blobs, so instances share no file system;
//   * notifications are NOTIFY on channel meekijk_events inside the transaction; each store
//     LISTENs on a connection of its own (listener.hpp), so every instance hears every commit.
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/log.hpp"
#include "store/bulk.hpp"
#include "store/store.hpp"

namespace mk::store {

struct PostgresOptions {
  std::string url;                  // postgresql://user[:password]@host:port/db
  size_t pool_size = 16;            // connections for requests (the sealer has one more)
  std::filesystem::path cache_dir;  // local blob cache (blobs/) and upload staging (tmp/)
};

// Connects, applies pending numbered schema files (serialised across instances by an
// advisory lock) and starts the sealer. Throws Error{unavailable} with a clear message (and
// without the password) when the database cannot be reached or used.
std::unique_ptr<Store> open_postgres_store(const PostgresOptions& options, Logger& log);

// The bulk path (store/bulk.hpp) into a database whose schema is current (a store was opened
// on it) and in which nobody else writes meanwhile.
std::unique_ptr<BulkLoader> open_postgres_bulk_loader(const std::string& url, const BulkOptions& o);

// The schema versions recorded in the database, ascending (operations and tests).
std::vector<int> postgres_schema_versions(const std::string& url);

// Runs administrative SQL without parameters outside a transaction, on a connection of its
// own (CREATE/DROP DATABASE for tests and tooling). Errors as mk::Error.
void postgres_execute(const std::string& url, const std::string& sql);

// The URL without its password (for logs, describe() and error messages).
std::string redact_postgres_url(const std::string& url);

}  // namespace mk::store
