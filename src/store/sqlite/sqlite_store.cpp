#include "store/sqlite/sqlite_store.hpp"

#include "core/error.hpp"
#include "store/sqlite/backup.hpp"
#include "store/sqlite/blob_store.hpp"
#include "store/sqlite/read_pool.hpp"
#include "store/sqlite/schema.hpp"
#include "store/sqlite/tx.hpp"
#include "store/sqlite/writer.hpp"

namespace mk::store {
namespace fs = std::filesystem;
using namespace mk::store::sqlite;

namespace {

constexpr const char* kDbName = "meekijk.db";

fs::path prepare_dir(const fs::path& dir) {
  if (dir.empty()) throw Error(Errc::unavailable, "Database unavailable", "no data directory given");
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir))
    throw Error(Errc::unavailable, "Database unavailable",
                "cannot create data directory " + dir.string() + ": " + (ec ? ec.message() : "not a directory"));
  return fs::absolute(dir).lexically_normal();
}

std::unique_ptr<Connection> open_and_migrate(const fs::path& db_file, Logger& log) {
  auto conn = Connection::open(db_file, Connection::Mode::write);
  migrate(*conn, log);
  return conn;
}

class SqliteStore final : public Store {
 public:
  SqliteStore(const SqliteOptions& o, Logger& log)
      : dir_(prepare_dir(o.data_dir)),
        log_(log),
        blobs_(dir_),
        listener_(log),
        dispatcher_(listener_),
        writer_(std::make_unique<Writer>(open_and_migrate(dir_ / kDbName, log),
                                         Writer::Options{o.group_commit, o.max_batch, o.optimize_after, o.optimize_every},
                                         commit_latency_, dispatcher_, log)),
        readers_(dir_ / kDbName, o.max_readers) {
    log_.info("store.opened", {{"store", "sqlite"}, {"group_commit", o.group_commit ? "on" : "off"}});
  }

  // A listener may read from the store: none runs while the store comes apart.
  ~SqliteStore() override { listener_.set(nullptr, nullptr); }

  bool write_async(std::function<void(WriteTx&)> fn, std::function<void(std::exception_ptr)> done) override {
    return writer_->submit(std::move(fn), std::move(done));
  }
  BlobStore& blobs() override { return blobs_; }
  Histogram& commit_latency() override { return commit_latency_; }
  std::string describe() const override { return "sqlite:" + dir_.string(); }

  void backup(const fs::path& out) override {
    backup_data_dir(dir_ / kDbName, blobs_.root(), out);
    log_.info("store.backup_done", {{"store", "sqlite"}});
  }

  bool ready() override {
    try {
      auto lease = readers_.acquire(std::chrono::seconds(1));  // a probe must not hang
      auto q = lease->query("SELECT 1");
      return q.step() && q.int64(0) == 1;
    } catch (const std::exception&) {
      return false;
    }
  }

 protected:
  void run_read(const std::function<void(ReadTx&)>& fn) override;
  void run_write(const std::function<void(WriteTx&)>& fn) override { writer_->run(fn); }
  // One process owns a SQLite database, so every instance that could listen is this one.
  void set_listener(std::function<void(const std::string&)> listener, std::function<void()> resync) override {
    listener_.set(std::move(listener), std::move(resync));
  }

 private:
  fs::path dir_;
  Logger& log_;
  Histogram commit_latency_;
  FileBlobStore blobs_;
  ListenerSlot listener_;
  Dispatcher dispatcher_;  // outlives the writer, which posts to it until drained
  std::unique_ptr<Writer> writer_;
  ReadPool readers_;  // declared last: closed before the writer drains and closes
};

// A deferred transaction: every statement of fn reads the same snapshot.
void SqliteStore::run_read(const std::function<void(ReadTx&)>& fn) {
  auto lease = readers_.acquire();
  try {
    lease->exec("BEGIN", "begin read");
    SqliteTx tx(*lease);
    fn(tx);
    lease->exec("COMMIT", "end read");
  } catch (...) {
    try {
      if (lease->in_transaction()) lease->exec("ROLLBACK", "end read");
    } catch (...) {
      lease.discard();
    }
    throw;
  }
}

}  // namespace

std::unique_ptr<Store> open_sqlite_store(const SqliteOptions& options, Logger& log) {
  try {
    return std::make_unique<SqliteStore>(options, log);
  } catch (const Error& e) {
    // Whatever failed while opening (not a database, corrupt, schema newer), the store is
    // not available; keep the reason.
    if (e.code() == Errc::unavailable) throw;
    throw Error(Errc::unavailable, "Database unavailable",
                "cannot open the database in " + options.data_dir.string() + ": " + e.detail());
  }
}

std::vector<int> sqlite_schema_versions(const fs::path& data_dir) {
  fs::path db = data_dir / kDbName;
  if (!fs::exists(db)) throw Error(Errc::unavailable, "Database unavailable", "no database in " + data_dir.string());
  auto conn = Connection::open(db, Connection::Mode::read);
  return applied_versions(*conn);
}

}  // namespace mk::store
