#pragma once
// Read connections for the worker threads: opened lazily, at most `max` of them, each used by
// one thread at a time and returned for reuse. WAL lets them read while the writer writes.
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "store/sqlite/connection.hpp"

namespace mk::store::sqlite {

class ReadPool {
 public:
  ReadPool(std::filesystem::path db_file, size_t max);

  // A connection on loan; it goes back to the pool when the lease dies.
  class Lease {
   public:
    Lease(ReadPool& pool, std::unique_ptr<Connection> conn) : pool_(pool), conn_(std::move(conn)) {}
    ~Lease() { pool_.give_back(std::move(conn_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }
    // Closes the connection instead of returning it (after an error left it in doubt).
    void discard() { conn_.reset(); }

   private:
    ReadPool& pool_;
    std::unique_ptr<Connection> conn_;
  };

  // Waits up to max_wait when all `max` connections are in use; Error{unavailable} then.
  Lease acquire(std::chrono::milliseconds max_wait = std::chrono::seconds(30));

 private:
  void give_back(std::unique_ptr<Connection> conn);

  const std::filesystem::path db_file_;
  const size_t max_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Connection>> idle_;
  size_t open_ = 0;
};

}  // namespace mk::store::sqlite
