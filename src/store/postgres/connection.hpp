#pragma once
// A thin RAII layer over one libpq connection: bound parameters only ($1, $2, ... in text
// format, bytea in binary), statements prepared once per connection and cached by their SQL,
// results in binary format decoded by column type, and the mapping of SQLSTATEs onto
// mk::Error. Used by one thread at a time.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/time.hpp"

struct pg_conn;
struct pg_result;

namespace mk::store::pg {

// How the store should react to a failed statement.
enum class Fault {
  none,        // the statement failed; the transaction is lost, retrying will not help
  retry,       // serialization failure, deadlock or lost insert race: run the transaction again
  connection,  // the connection is gone: discard it (the outcome of a COMMIT is unknown)
};

class PgError : public Error {
 public:
  PgError(Errc code, std::string title, std::string detail, Fault fault)
      : Error(code, std::move(title), std::move(detail)), fault_(fault) {}
  Fault fault() const noexcept { return fault_; }

 private:
  Fault fault_;
};

// The values of one statement, bound in order as $1, $2, ...
class Params {
 public:
  Params& add(std::string_view v);
  Params& add(const std::string& v) { return add(std::string_view(v)); }
  Params& add(const char* v) { return add(std::string_view(v)); }
  Params& add(int64_t v);
  Params& add(int v) { return add(int64_t{v}); }
  Params& add(bool v);
  Params& add(Timestamp t);  // ISO 8601 UTC with milliseconds: exact in a timestamptz
  Params& add(std::nullopt_t);
  template <class Tag>
  Params& add(const Id<Tag>& id) {
    return add(std::string_view(id.str()));
  }
  template <class T>
  Params& add(const std::optional<T>& v) {
    return v ? add(*v) : add(std::nullopt);
  }
  // An empty string binds NULL: optional references (actor ids) are NULL, not "".
  Params& add_or_null(std::string_view v) { return v.empty() ? add(std::nullopt) : add(v); }
  Params& add_bytes(std::string_view bytes);  // bytea, sent in binary

  template <class... Ts>
  Params& add_all(const Ts&... vs) {
    (add(vs), ...);
    return *this;
  }

  size_t size() const { return values_.size(); }
  const std::optional<std::string>& value(size_t i) const { return values_[i]; }
  int format(size_t i) const { return formats_[i]; }

 private:
  std::vector<std::optional<std::string>> values_;
  std::vector<int> formats_;
};

class Result;

// One row of a Result; column accessors decode the binary wire format by the column's type.
class Row {
 public:
  Row(const pg_result* res, int row) : res_(res), row_(row) {}
  bool is_null(int col) const;
  std::string text(int col) const;  // NULL reads as ""
  std::string_view bytes(int col) const;
  int64_t int64(int col) const;     // int2, int4, int8
  int integer(int col) const { return static_cast<int>(int64(col)); }
  bool boolean(int col) const;
  Timestamp timestamp(int col) const;
  std::optional<Timestamp> opt_timestamp(int col) const;
  std::optional<Date> opt_date(int col) const;

 private:
  std::string_view raw(int col, unsigned expected_oid_a, unsigned expected_oid_b = 0) const;
  const pg_result* res_;
  int row_;
};

class Result {
 public:
  explicit Result(pg_result* res);
  Result(Result&&) noexcept = default;
  Result& operator=(Result&&) noexcept = default;
  ~Result();

  int rows() const;
  Row row(int i) const { return Row(res_.get(), i); }
  Row first() const;           // Error{internal} when there is no row
  int64_t affected() const;    // rows changed by INSERT/UPDATE/DELETE

 private:
  struct Clear {
    void operator()(pg_result* r) const;
  };
  std::unique_ptr<pg_result, Clear> res_;
};

class Connection {
 public:
  // Connects and sets the session up (UTF-8, UTC, synchronous_commit = on). Throws
  // PgError{unavailable, Fault::connection} naming the redacted URL and libpq's reason.
  static std::unique_ptr<Connection> open(const std::string& url, const char* application_name = "meekijk");
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs `sql` with `params` as a statement prepared once on this connection.
  Result exec(std::string_view sql, const Params& params = {});
  // The same, row by row in libpq's single-row mode: a large result (the report's cells) is
  // never held whole, and each row's memory is reused for the next. If `fn` throws, the rest
  // of the result is read and dropped, so the connection stays usable.
  void each(std::string_view sql, const Params& params, const std::function<void(const Row&)>& fn);
  // Runs fixed SQL without parameters (BEGIN, COMMIT, schema scripts with several statements).
  void script(const std::string& sql, std::string_view context);

  // COPY … FROM STDIN (the bulk path): copy_in() starts it, copy_data() sends rows in COPY's
  // text format, copy_end() completes it and throws the server's error, if any.
  void copy_in(const std::string& sql);
  void copy_data(std::string_view rows);
  void copy_end(std::string_view context);

  // COMMIT. A transaction that had failed (an error the lambda caught and ignored) is rolled
  // back by the server although COMMIT "succeeds": that is reported, never taken as durable.
  void commit();

  bool broken() const;          // the server connection is gone
  bool in_transaction() const;  // a transaction is open (or failed and not yet rolled back)

  // LISTEN support (store/postgres/listener.cpp): the socket to poll, reading what arrived
  // without blocking (false: the connection is gone), and the next notification received.
  int socket() const;
  bool consume_input();
  struct Notification {
    std::string channel;
    std::string payload;
  };
  std::optional<Notification> next_notification();

 private:
  explicit Connection(pg_conn* conn) : conn_(conn) {}
  const std::string& prepared(std::string_view sql, const Params& params);
  [[noreturn]] void fail(pg_result* res, std::string_view context);

  static constexpr size_t kMaxPrepared = 512;  // list queries have a bounded number of shapes
  pg_conn* conn_;
  std::unordered_map<std::string, std::string> prepared_;  // SQL → statement name
};

}  // namespace mk::store::pg
