#include "store/sqlite/read_pool.hpp"

#include "core/error.hpp"

namespace mk::store::sqlite {

ReadPool::ReadPool(std::filesystem::path db_file, size_t max) : db_file_(std::move(db_file)), max_(max ? max : 1) {}

ReadPool::Lease ReadPool::acquire(std::chrono::milliseconds max_wait) {
  std::unique_lock lock(mutex_);
  if (!returned_.wait_for(lock, max_wait, [this] { return !idle_.empty() || open_ < max_; }))
    throw Error(Errc::unavailable, "Database busy", "no read connection became free");
  if (!idle_.empty()) {
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    return Lease(*this, std::move(conn));
  }
  ++open_;  // reserve the slot, then open without holding the lock
  lock.unlock();
  try {
    return Lease(*this, Connection::open(db_file_, Connection::Mode::read));
  } catch (...) {
    std::lock_guard relock(mutex_);
    --open_;
    returned_.notify_one();
    throw;
  }
}

void ReadPool::give_back(std::unique_ptr<Connection> conn) {
  {
    std::lock_guard lock(mutex_);
    if (conn) idle_.push_back(std::move(conn));
    else --open_;
  }
  returned_.notify_one();
}

}  // namespace mk::store::sqlite
