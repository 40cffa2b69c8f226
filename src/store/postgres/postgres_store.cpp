#include "store/postgres/postgres_store.hpp"

#include <chrono>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "store/postgres/blob_store.hpp"
#include "store/postgres/listener.hpp"
#include "store/postgres/pool.hpp"
#include "store/postgres/schema.hpp"
#include "store/postgres/sealer.hpp"
#include "store/postgres/tx.hpp"

namespace mk::store {
namespace fs = std::filesystem;
using namespace mk::store::pg;

namespace {

constexpr int kMaxAttempts = 10;

const std::string& require_url(const std::string& url) {
  if (url.empty()) throw Error(Errc::unavailable, "Database unavailable", "no database URL given");
  return url;
}

fs::path prepare_cache(const fs::path& dir) {
  if (dir.empty()) throw Error(Errc::unavailable, "Storage unavailable", "no local cache directory given");
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir))
    throw Error(Errc::unavailable, "Storage unavailable",
                "cannot create cache directory " + dir.string() + ": " + (ec ? ec.message() : "not a directory"));
  return fs::absolute(dir).lexically_normal();
}

// Marks the calling thread as inside a write for the lifetime of the guard: a write from
// inside a write would hold two connections and could wait for itself.
class WriterGuard {
 public:
  WriterGuard(std::mutex& m, std::set<std::thread::id>& writers) : mutex_(m), writers_(writers) {
    std::lock_guard lock(mutex_);
    if (!writers_.insert(std::this_thread::get_id()).second)
      throw Error(Errc::internal, "Nested write", "store.write() called from inside a write transaction");
  }
  ~WriterGuard() {
    std::lock_guard lock(mutex_);
    writers_.erase(std::this_thread::get_id());
  }

 private:
  std::mutex& mutex_;
  std::set<std::thread::id>& writers_;
};

class PgStore final : public Store {
 public:
  PgStore(const PostgresOptions& o, Logger& log)
      : url_(require_url(o.url)),
        log_(log),
        pool_(url_, o.pool_size),
        blobs_(pool_, prepare_cache(o.cache_dir)),
        rng_(std::random_device{}()),
        listener_slot_(log) {
    {
      auto conn = pool_.acquire();
      migrate(*conn, log_);
    }
    sealer_ = std::make_unique<Sealer>(url_, log_);
    log_.info("store.opened", {{"store", "postgresql"}, {"url", redact_postgres_url(url_)}});
  }

  // A listener may read from the store: none runs while the store comes apart.
  ~PgStore() override { listener_slot_.set(nullptr, nullptr); }

  BlobStore& blobs() override { return blobs_; }
  Histogram& commit_latency() override { return commit_latency_; }
  std::string describe() const override { return redact_postgres_url(url_); }

  void backup(const fs::path&) override {
    throw Error(Errc::validation, "use pg_dump for PostgreSQL",
                "meekijk backup copies SQLite data directories; back up a PostgreSQL database with pg_dump");
  }

  // A pooled connection may be a dead one from before a restart: one more try on a fresh one.
  bool ready() override {
    for (int attempt = 0; attempt < 2; ++attempt) {
      try {
        auto conn = pool_.acquire(std::chrono::seconds(1));  // a probe must not hang
        if (on_live_connection(conn, [](Connection& c) { return c.exec("SELECT 1").first().integer(0) == 1; }))
          return true;
      } catch (const std::exception&) {
        return false;
      }
    }
    return false;
  }

  void flush_audit() override {
    for (int attempt = 0; attempt < 2; ++attempt) {
      auto conn = pool_.acquire();
      if (on_live_connection(conn, [](Connection& c) { return seal_pending(c, true) >= 0; })) return;
    }
    throw Error(Errc::unavailable, "Database unavailable", "flush_audit: the connection was lost");
  }

 protected:
  void run_read(const std::function<void(ReadTx&)>& fn) override {
    run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", [&](Connection& conn) {
      PgTx tx(conn, PgTx::Mode::read);
      fn(tx);
      return false;
    });
  }

  void run_write(const std::function<void(WriteTx&)>& fn) override {
    WriterGuard guard(writers_mutex_, writers_);
    run("BEGIN ISOLATION LEVEL READ COMMITTED", [&](Connection& conn) {
      PgTx tx(conn, PgTx::Mode::write);
      fn(tx);
      return tx.appended_audit();
    });
  }

  // The counter row is locked only for this one statement and its commit. Its commit need not
  // wait for the disk: a create that uses the number commits later, and its synchronous commit
  // flushes the WAL up to and past this one; if the server crashes before, the number was never
  // used and may be handed out again.
  int64_t reserve_reference_number(int year) override {
    int64_t n = 0;
    run("BEGIN ISOLATION LEVEL READ COMMITTED", [&](Connection& conn) {
      conn.script("SET LOCAL synchronous_commit = off", "reserve reference");
      PgTx tx(conn, PgTx::Mode::write);
      n = tx.next_reference_number(year);
      return false;
    });
    return n;
  }

  // The LISTEN connection opens with the first listener: commands that never listen (import,
  // audit verify) hold no extra connection.
  void set_listener(std::function<void(const std::string&)> listener, std::function<void()> resync) override {
    bool start = static_cast<bool>(listener);
    listener_slot_.set(std::move(listener), std::move(resync));
    std::lock_guard lock(listener_mutex_);
    if (start && !listener_) listener_ = std::make_unique<Listener>(url_, listener_slot_, log_);
  }

 private:
  enum class Stage { begin, body, commit };

  // Runs body (returning whether it appended audit rows) between `begin` and COMMIT, on a
  // pooled connection, retrying what can be retried: serialization failures, deadlocks and
  // lost insert races (the lambda runs again), and a connection found dead at BEGIN (a pooled
  // connection from before a database restart; nothing ran on it yet).
  template <class Body>
  void run(const char* begin, const Body& body) {
    for (int attempt = 1;; ++attempt) {
      auto conn = pool_.acquire();
      Stage stage = Stage::begin;
      try {
        conn->script(begin, "begin");
        stage = Stage::body;
        bool audited = body(*conn);
        stage = Stage::commit;
        commit(*conn, audited);
        return;
      } catch (const PgError& e) {
        if (!retryable(e, stage, attempt)) {
          abandon(conn, e.fault());
          if (e.fault() == Fault::connection && stage == Stage::commit)
            throw Error(Errc::unavailable, "Database unavailable",
                        "the connection was lost during COMMIT; the outcome is unknown");
          throw;
        }
        abandon(conn, e.fault());
      } catch (...) {
        abandon(conn, Fault::none);
        throw;
      }
      backoff(attempt);
    }
  }

  static bool retryable(const PgError& e, Stage stage, int attempt) {
    if (attempt >= kMaxAttempts) return false;
    if (e.fault() == Fault::retry) return true;  // the server rolled the transaction back
    return e.fault() == Fault::connection && stage == Stage::begin;
  }

  void commit(Connection& conn, bool audited) {
    auto start = std::chrono::steady_clock::now();
    conn.commit();
    std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    commit_latency_.observe(took.count());
    if (audited) sealer_->poke();
  }

  // Leaves the connection idle (ROLLBACK) or, when that is impossible, closes it.
  void abandon(Pool::Lease& conn, Fault fault) {
    if (fault == Fault::connection || conn->broken()) {
      forget(conn);
      return;
    }
    try {
      if (conn->in_transaction()) conn->script("ROLLBACK", "rollback");
    } catch (...) {
      conn.discard();
    }
  }

  // Runs fn; false (and the pool cleared) when the connection turned out to be dead.
  template <class Fn>
  bool on_live_connection(Pool::Lease& conn, const Fn& fn) {
    try {
      return fn(*conn);
    } catch (const PgError& e) {
      if (e.fault() != Fault::connection) throw;
      forget(conn);
      return false;
    }
  }

  // A dead connection: the idle ones were opened to the same server and are dead too.
  void forget(Pool::Lease& conn) {
    conn.discard();
    pool_.discard_idle();
  }

  // Full jitter, doubling from 4 ms up to 256 ms: colliding transactions spread out.
  void backoff(int attempt) {
    int64_t cap = int64_t{4} << std::min(attempt, 6);
    int64_t ms;
    {
      std::lock_guard lock(rng_mutex_);
      ms = std::uniform_int_distribution<int64_t>(1, cap)(rng_);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  }

  std::string url_;
  Logger& log_;
  Histogram commit_latency_;
  Pool pool_;
  PgBlobStore blobs_;
  std::mutex writers_mutex_;
  std::set<std::thread::id> writers_;
  std::mutex rng_mutex_;
  std::mt19937 rng_;
  ListenerSlot listener_slot_;
  std::mutex listener_mutex_;
  std::unique_ptr<Listener> listener_;  // stopped before the slot it delivers to goes
  std::unique_ptr<Sealer> sealer_;  // last: stopped (with a final pass) before the rest goes
};

}  // namespace

std::unique_ptr<Store> open_postgres_store(const PostgresOptions& options, Logger& log) {
  try {
    return std::make_unique<PgStore>(options, log);
  } catch (const Error& e) {
    if (e.code() == Errc::unavailable) throw;
    throw Error(Errc::unavailable, "Database unavailable",
                "cannot open the database at " + redact_postgres_url(options.url) + ": " + e.detail());
  }
}

std::vector<int> postgres_schema_versions(const std::string& url) {
  auto conn = Connection::open(url);
  return applied_versions(*conn);
}

void postgres_execute(const std::string& url, const std::string& sql) {
  auto conn = Connection::open(url);
  conn->script(sql, "execute");
}

}  // namespace mk::store
