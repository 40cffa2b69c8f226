#pragma once
// A bounded pool of connections: opened lazily, at most `max`, each lent to one thread at a
// time. A caller waits for a free connection (up to a limit, then Error{unavailable}). A
// connection that broke, or was left inside a transaction, is closed instead of returned, so
// after a database restart the pool refills itself with fresh connections.
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/postgres/connection.hpp"

namespace mk::store::pg {

class Pool {
 public:
  Pool(std::string url, size_t max);

  class Lease {
   public:
    Lease(Pool& pool, std::unique_ptr<Connection> conn) : pool_(&pool), conn_(std::move(conn)) {}
    Lease(Lease&& other) noexcept : pool_(other.pool_), conn_(std::move(other.conn_)) {}
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (pool_) pool_->give_back(std::move(conn_));
    }
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }
    void discard() { conn_.reset(); }  // close it rather than lend it again

   private:
    Pool* pool_;
    std::unique_ptr<Connection> conn_;
  };

  Lease acquire(std::chrono::milliseconds max_wait = std::chrono::seconds(30));
  // Closes every idle connection: after one was found broken, the others (opened to the
  // same server before it went away) are broken too.
  void discard_idle();
  const std::string& url() const { return url_; }

 private:
  void give_back(std::unique_ptr<Connection> conn);

  const std::string url_;
  const size_t max_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Connection>> idle_;
  size_t open_ = 0;  // lent + idle + being opened
};

}  // namespace mk::store::pg
