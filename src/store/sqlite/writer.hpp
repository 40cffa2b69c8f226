#pragma once
// Group commit. One thread owns the only write connection. Callers enqueue a job and block;
// the thread takes every queued job (up to max_batch), runs them in one BEGIN IMMEDIATE ...
// COMMIT with a SAVEPOINT per job, so one fsync makes the whole batch durable, and only then
// wakes the callers. A job that throws is rolled back to its savepoint alone. The batch's
// notifications (WriteTx::notify) go to the dispatcher after the COMMIT; a job rolled back to
// its savepoint takes its own with it.
//
// Checkpoints (copying the WAL back into the database file, with its own fsync) run on a second
// thread with its own connection, started when a commit leaves the WAL over kCheckpointPages:
// SQLite's automatic checkpoint would run inside the committing thread and stall every caller
// of that batch. A PASSIVE checkpoint never blocks the writer; the WAL starts over from its
// beginning at the first commit after a complete one.
//
// The write jobs share one DirectoryMemo (tx.hpp): organizations, services and users by id stay
// remembered from job to job, so a consult read does not look its service, organization and
// user up again in SQL; so does the hash at the head of the audit chain, the next entry's
// prev_hash (a job that fails drops it: its entries are rolled back). This connection is the
// only one that writes; the memo is dropped when `PRAGMA data_version` says another connection
// committed (another process on the same data dir, say `meekijk import`), when a job that wrote
// the directory is rolled back, when a batch fails, and when it holds more than kMemoRows rows.
//
// The planner's statistics: a store made by `meekijk generate` has ANALYZE's, one that grew by
// use (import, then the server) has none, and without them SQLite picks some indexes badly as
// the tables grow (the follow-up box took 0.2–0.5 s instead of 10 ms at 92,000 closed
// consults). Between batches, `optimize_after` after opening and then every `optimize_every`,
// the writer runs `PRAGMA optimize` with `analysis_limit` 1000: SQLite then ANALYZEs, sampled,
// the tables this connection queried whose indexes have no statistics yet or that grew 25-fold
// since, and does nothing otherwise.
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/log.hpp"
#include "core/metrics.hpp"
#include "store/notify.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/tx.hpp"
#include "store/store.hpp"

namespace mk::store::sqlite {

class Writer {
 public:
  struct Options {
    bool group_commit = true;
    size_t max_batch = 512;
    std::chrono::milliseconds optimize_after{std::chrono::minutes(5)};
    std::chrono::milliseconds optimize_every{std::chrono::hours(1)};
  };
  Writer(std::unique_ptr<Connection> conn, const Options& options, Histogram& commit_latency,
         Dispatcher& notifications, Logger& log);
  // Runs the jobs still queued, then joins the thread.
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Blocks until fn's work is durable; rethrows what fn threw (its work rolled back), or
  // Error{unavailable} when the batch could not be committed.
  void run(const std::function<void(WriteTx&)>& fn);
  // The same without a waiting caller (Store::write_async): `done` runs on the writer thread
  // once fn's batch is durable (nullptr) or with what failed. False when the writer is closing.
  bool submit(std::function<void(WriteTx&)> fn, std::function<void(std::exception_ptr)> done);

 private:
  struct Job;

  void loop();
  std::vector<Job*> take();
  void run_batch(const std::vector<Job*>& jobs);
  void run_job(Job& job);
  bool commit(const std::vector<Job*>& jobs);
  void fail_all(const std::vector<Job*>& jobs, const char* why);
  void finish(const std::vector<Job*>& jobs);
  void checkpoint_loop();
  void check_memo();
  void maybe_optimize();
  static int on_wal_commit(void* self, sqlite3* db, const char* name, int pages);

  std::unique_ptr<Connection> conn_;
  const bool group_commit_;
  const size_t max_batch_;
  const std::chrono::milliseconds optimize_every_;
  std::chrono::steady_clock::time_point next_optimize_;  // writer thread only
  Histogram& commit_latency_;
  Dispatcher& notifications_;
  Logger& log_;

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job*> queue_;
  bool stopping_ = false;
  bool fail_batch_ = false;  // writer thread only
  std::vector<std::string> batch_notifications_;  // writer thread only: of the jobs that succeeded
  DirectoryMemo memo_;                             // writer thread only
  int64_t memo_data_version_ = -1;                 // writer thread only: PRAGMA data_version of memo_
  std::unique_ptr<Connection> checkpoint_conn_;
  std::mutex checkpoint_mutex_;
  std::condition_variable checkpoint_wake_;
  bool checkpoint_wanted_ = false;
  bool checkpoint_stopping_ = false;
  std::thread checkpointer_;
  std::thread thread_;  // last: started once everything above exists
};

}  // namespace mk::store::sqlite
