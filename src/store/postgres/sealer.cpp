#include "store/postgres/sealer.hpp"

#include <vector>

#include "store/audit_hash.hpp"
#include "store/postgres/audit_rows.hpp"
#include "store/postgres/where_clause.hpp"

namespace mk::store::pg {
namespace {

struct Head {
  int64_t pos = 0;
  std::string hash;
};

// Chains `r`'s rows after `head` and writes them back in one statement; returns the new head.
Head seal_rows(Connection& conn, const Result& r, Head head) {
  std::vector<std::string> seqs, positions, prevs, hashes;
  for (int i = 0; i < r.rows(); ++i) {
    AuditEntry e = read_audit_entry(r.row(i));
    e.prev_hash = head.hash;
    head.hash = audit_hash(e);
    ++head.pos;
    seqs.push_back(std::to_string(e.seq));
    positions.push_back(std::to_string(head.pos));
    prevs.push_back(e.prev_hash);
    hashes.push_back(head.hash);
  }
  conn.exec(
      "UPDATE audit a SET chain_pos = v.pos, prev_hash = v.prev, hash = v.hash "
      "FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS v(seq, pos, prev, hash) "
      "WHERE a.seq = v.seq AND a.chain_pos IS NULL",
      Params().add_all(array_literal(seqs), array_literal(positions), array_literal(prevs), array_literal(hashes)));
  conn.exec("UPDATE audit_head SET chain_pos = $1, hash = $2 WHERE id = 1", Params().add_all(head.pos, head.hash));
  return head;
}

// One transaction: at most kAuditBatch rows. Returns the number sealed, or -1 when another
// sealer holds the head and `wait` is false.
int64_t seal_batch(Connection& conn, bool wait) {
  static const std::string pending =
      audit_select() + " WHERE chain_pos IS NULL ORDER BY seq LIMIT " + std::to_string(kAuditBatch);
  conn.script("BEGIN ISOLATION LEVEL READ COMMITTED", "seal begin");
  try {
    auto h = conn.exec(wait ? "SELECT chain_pos, hash FROM audit_head WHERE id = 1 FOR UPDATE"
                            : "SELECT chain_pos, hash FROM audit_head WHERE id = 1 FOR UPDATE SKIP LOCKED");
    if (h.rows() == 0) {
      conn.script("ROLLBACK", "seal rollback");
      return -1;
    }
    // Read after the lock: this statement's snapshot includes everything the previous
    // sealer committed, so no row is sealed twice.
    auto rows = conn.exec(pending);
    if (rows.rows() > 0) seal_rows(conn, rows, Head{h.row(0).int64(0), h.row(0).text(1)});
    conn.script("COMMIT", "seal commit");
    return rows.rows();
  } catch (...) {
    if (conn.in_transaction() && !conn.broken()) conn.script("ROLLBACK", "seal rollback");
    throw;
  }
}

}  // namespace

int64_t seal_pending(Connection& conn, bool wait) {
  int64_t total = 0;
  for (;;) {
    int64_t n = seal_batch(conn, wait);
    if (n < 0) return total;
    total += n;
    if (n < kAuditBatch) return total;
  }
}

Sealer::Sealer(std::string url, Logger& log, std::chrono::milliseconds interval)
    : url_(std::move(url)), log_(log), interval_(interval), thread_([this](std::stop_token s) { loop(s); }) {}

Sealer::~Sealer() {
  thread_.request_stop();
  thread_.join();
  bool committed;
  {
    std::lock_guard lock(mutex_);
    committed = ever_poked_;
  }
  if (committed && !failing_) pass();  // what was committed last should not wait for another instance
}

void Sealer::poke() {
  {
    std::lock_guard lock(mutex_);
    poked_ = true;
    ever_poked_ = true;
  }
  wake_.notify_one();
}

void Sealer::loop(std::stop_token stop) {
  while (!stop.stop_requested()) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, stop, interval_, [this] { return poked_; });
      poked_ = false;
    }
    if (!stop.stop_requested()) pass();
  }
}

void Sealer::pass() {
  try {
    if (!conn_ || conn_->broken()) conn_ = Connection::open(url_);
    seal_pending(*conn_, false);
    if (failing_) log_.info("audit.sealer_recovered");
    failing_ = false;
  } catch (const std::exception& e) {
    if (conn_ && conn_->broken()) conn_.reset();
    if (!failing_) log_.warn("audit.sealer_failed", {{"error", e.what()}});
    failing_ = true;
  }
}

}  // namespace mk::store::pg
