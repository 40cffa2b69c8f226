#include "store/postgres/pool.hpp"

namespace mk::store::pg {

Pool::Pool(std::string url, size_t max) : url_(std::move(url)), max_(max ? max : 1) {}

Pool::Lease Pool::acquire(std::chrono::milliseconds max_wait) {
  std::unique_lock lock(mutex_);
  if (!returned_.wait_for(lock, max_wait, [this] { return !idle_.empty() || open_ < max_; }))
    throw Error(Errc::unavailable, "Database busy", "no database connection became free");
  if (!idle_.empty()) {
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    return Lease(*this, std::move(conn));
  }
  ++open_;  // reserve the slot, then connect without holding the lock
  lock.unlock();
  try {
    return Lease(*this, Connection::open(url_));
  } catch (...) {
    std::lock_guard relock(mutex_);
    --open_;
    returned_.notify_one();
    throw;
  }
}

void Pool::discard_idle() {
  std::vector<std::unique_ptr<Connection>> closing;
  {
    std::lock_guard lock(mutex_);
    closing.swap(idle_);
    open_ -= closing.size();
  }
  returned_.notify_all();
}  // closed here, outside the lock

void Pool::give_back(std::unique_ptr<Connection> conn) {
  if (conn && (conn->broken() || conn->in_transaction())) conn.reset();
  {
    std::lock_guard lock(mutex_);
    if (conn) idle_.push_back(std::move(conn));
    else --open_;
  }
  returned_.notify_one();
}

}  // namespace mk::store::pg
