#include "store/sqlite/writer.hpp"

#include <sqlite3.h>

#include <chrono>

#include "core/error.hpp"
#include "store/sqlite/tx.hpp"

namespace mk::store::sqlite {

// Lives on the caller's stack. The writer sets `done` (and notifies) under mutex_ as the last
// thing it does with a job; the caller reads `error` and leaves only after seeing `done`
// under mutex_, so the job cannot disappear while the writer still uses it.
//
// A submitted job (Writer::submit) lives on the heap instead: it owns its function, has
// `on_done` instead of a waiting caller, and is deleted once on_done has run.
struct Writer::Job {
  const std::function<void(WriteTx&)>* fn = nullptr;
  std::exception_ptr error;  // what fn threw, or why the batch failed
  bool done = false;
  std::condition_variable woken;
  std::function<void(WriteTx&)> owned_fn;              // submitted jobs
  std::function<void(std::exception_ptr)> on_done;     // submitted jobs
};

Writer::Writer(std::unique_ptr<Connection> conn, const Options& options, Histogram& commit_latency,
               Dispatcher& notifications, Logger& log)
    : conn_(std::move(conn)),
      group_commit_(options.group_commit),
      max_batch_(options.max_batch == 0 ? 1 : options.max_batch),
      optimize_every_(options.optimize_every),
      next_optimize_(std::chrono::steady_clock::now() + options.optimize_after),
      commit_latency_(commit_latency),
      notifications_(notifications),
      log_(log),
      checkpoint_conn_(Connection::open(sqlite3_db_filename(conn_->handle(), "main"), Connection::Mode::write)),
      checkpointer_([this] { checkpoint_loop(); }),
      thread_([this] { loop(); }) {
  sqlite3_wal_hook(conn_->handle(), &Writer::on_wal_commit, this);
}

Writer::~Writer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  {
    std::lock_guard lock(checkpoint_mutex_);
    checkpoint_stopping_ = true;
  }
  checkpoint_wake_.notify_all();
  checkpointer_.join();
}

namespace {
constexpr int kCheckpointPages = 4000;  // 16 MiB of WAL at 4 KiB pages
constexpr size_t kMemoRows = 50000;     // directory rows the write jobs remember (~25 MB at most)
}

// Called by SQLite on the writer thread after each commit, with the WAL's size in pages.
int Writer::on_wal_commit(void* self, sqlite3*, const char*, int pages) {
  if (pages < kCheckpointPages) return SQLITE_OK;
  auto* w = static_cast<Writer*>(self);
  {
    std::lock_guard lock(w->checkpoint_mutex_);
    w->checkpoint_wanted_ = true;
  }
  w->checkpoint_wake_.notify_one();
  return SQLITE_OK;
}

void Writer::checkpoint_loop() {
  for (;;) {
    {
      std::unique_lock lock(checkpoint_mutex_);
      checkpoint_wake_.wait(lock, [this] { return checkpoint_wanted_ || checkpoint_stopping_; });
      if (checkpoint_stopping_) return;
      checkpoint_wanted_ = false;
    }
    int log_pages = 0, done_pages = 0;
    int rc = sqlite3_wal_checkpoint_v2(checkpoint_conn_->handle(), "main", SQLITE_CHECKPOINT_PASSIVE, &log_pages,
                                       &done_pages);
    if (rc != SQLITE_OK && rc != SQLITE_BUSY)
      log_.warn("store.checkpoint_failed", {{"error", sqlite3_errstr(rc)}});
  }
}

void Writer::run(const std::function<void(WriteTx&)>& fn) {
  // A write from inside a write job would wait for its own batch forever.
  if (std::this_thread::get_id() == thread_.get_id())
    throw Error(Errc::internal, "Nested write", "store.write() called from inside a write transaction");
  Job job{&fn};
  std::unique_lock lock(mutex_);
  if (stopping_) throw Error(Errc::unavailable, "Shutting down", "the store is closing");
  queue_.push_back(&job);
  wake_.notify_one();
  job.woken.wait(lock, [&] { return job.done; });
  lock.unlock();
  if (job.error) std::rethrow_exception(job.error);
}

bool Writer::submit(std::function<void(WriteTx&)> fn, std::function<void(std::exception_ptr)> done) {
  auto job = std::make_unique<Job>();
  job->owned_fn = std::move(fn);
  job->fn = &job->owned_fn;
  job->on_done = std::move(done);
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return false;
    queue_.push_back(job.release());  // the writer owns it now; finish() deletes it
  }
  wake_.notify_one();
  return true;
}

void Writer::loop() {
  for (;;) {
    std::vector<Job*> jobs = take();
    if (jobs.empty()) return;  // stopping, and the queue is drained
    if (group_commit_) {
      run_batch(jobs);
    } else {
      for (Job* job : jobs) run_batch({job});
    }
    maybe_optimize();
  }
}

// Between batches, with every caller of the last one already woken: the statistics
// (writer.hpp). It holds the next batch for as long as the sampled ANALYZE takes; a failure
// (busy, I/O) is logged and tried again at the next interval.
void Writer::maybe_optimize() {
  auto now = std::chrono::steady_clock::now();
  if (now < next_optimize_ || conn_->in_transaction()) return;
  next_optimize_ = now + optimize_every_;
  try {
    conn_->exec("PRAGMA analysis_limit = 1000", "pragma analysis_limit");  // ANALYZE samples
    conn_->exec("PRAGMA optimize", "pragma optimize");
    std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - now;
    log_.info("store.optimized", {{"ms", std::to_string(static_cast<long>(took.count()))}});
  } catch (const std::exception& e) {
    log_.warn("store.optimize_failed", {{"what", e.what()}});
  }
}

std::vector<Writer::Job*> Writer::take() {
  std::unique_lock lock(mutex_);
  wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
  std::vector<Job*> jobs;
  while (!queue_.empty() && jobs.size() < max_batch_) {
    jobs.push_back(queue_.front());
    queue_.pop_front();
  }
  return jobs;
}

void Writer::run_batch(const std::vector<Job*>& jobs) {
  try {
    conn_->exec("BEGIN IMMEDIATE", "begin batch");
  } catch (...) {
    fail_all(jobs, "begin");
    return;
  }
  fail_batch_ = false;
  batch_notifications_.clear();
  check_memo();
  for (Job* job : jobs) {
    run_job(*job);
    // SQLite rolled the whole transaction back (I/O error, full disk), or a savepoint could
    // not be undone: nothing of this batch may be committed.
    if (!conn_->in_transaction() || fail_batch_) {
      fail_all(jobs, "transaction lost");
      return;
    }
  }
  if (!commit(jobs)) return;
  notifications_.post(std::move(batch_notifications_));  // durable now: tell the listeners
  batch_notifications_.clear();
  finish(jobs);
}

// Wakes the callers. Notifying under the lock keeps each job alive until it is notified.
// Submitted jobs get their on_done, outside the lock, and are deleted.
void Writer::finish(const std::vector<Job*>& jobs) {
  std::vector<std::unique_ptr<Job>> submitted;
  {
    std::lock_guard lock(mutex_);
    for (Job* job : jobs) {
      if (job->on_done) {
        submitted.emplace_back(job);
        continue;
      }
      job->done = true;
      job->woken.notify_one();
    }
  }
  for (auto& job : submitted) {
    try {
      job->on_done(job->error);
    } catch (const std::exception& e) {
      log_.error("store.completion_failed", {{"what", e.what()}});
    } catch (...) {
      log_.error("store.completion_failed", {{"what", "unknown"}});
    }
  }
}

// Inside the batch's transaction, so its snapshot is the one the jobs will read: drops the
// memo when another connection has committed since the memo was filled.
void Writer::check_memo() {
  int64_t version = -1;
  try {
    auto q = conn_->query("PRAGMA data_version");
    if (q.step()) version = q.int64(0);
  } catch (...) {
    version = -1;  // not knowing is a change
  }
  if (version == -1 || version != memo_data_version_ || memo_.size() > kMemoRows) memo_.forget();
  memo_data_version_ = version;
}

void Writer::run_job(Job& job) {
  SqliteTx tx(*conn_, true, &memo_);
  const uint64_t forgotten = memo_.forgotten;
  try {
    conn_->exec("SAVEPOINT job", "savepoint");
    (*job.fn)(tx);
    conn_->exec("RELEASE job", "release savepoint");
    for (auto& payload : tx.take_notifications()) batch_notifications_.push_back(std::move(payload));
  } catch (...) {
    job.error = std::current_exception();
    // The memo may hold what this job wrote to the directory or the audit log: the rollback
    // below undoes it.
    if (memo_.forgotten != forgotten) memo_.forget();
    memo_.audit_head.reset();
    if (!conn_->in_transaction()) return;
    try {
      conn_->exec("ROLLBACK TO job", "rollback to savepoint");
      conn_->exec("RELEASE job", "release savepoint");
    } catch (...) {
      // The batch's transaction is still open: the other jobs still commit without this one
      // only if the rollback worked, so a failed rollback fails the batch.
      fail_batch_ = true;
    }
  }
}

bool Writer::commit(const std::vector<Job*>& jobs) {
  auto start = std::chrono::steady_clock::now();
  try {
    conn_->exec("COMMIT", "commit batch");
  } catch (...) {
    fail_all(jobs, "commit");
    return false;
  }
  std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  commit_latency_.observe(took.count());
  return true;
}

// Every job of the batch gets Error{unavailable} — including the ones whose own work had
// succeeded, because none of it is on disk. A job that failed by itself keeps its own error.
void Writer::fail_all(const std::vector<Job*>& jobs, const char* why) {
  log_.error("store.batch_failed", {{"stage", why}, {"jobs", std::to_string(jobs.size())}});
  memo_.forget();  // the batch's directory writes, if any, are not on disk
  if (conn_->in_transaction()) {
    try {
      conn_->exec("ROLLBACK", "rollback batch");
    } catch (...) {
    }
  }
  for (Job* job : jobs)
    if (!job->error)
      job->error = std::make_exception_ptr(
          Error(Errc::unavailable, "Database unavailable", std::string("write batch failed: ") + why));
  finish(jobs);
}

}  // namespace mk::store::sqlite
