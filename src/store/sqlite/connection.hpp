#pragma once
// A thin RAII layer over one sqlite3 connection: pragmas, a per-connection cache of
// persistent prepared statements, bound parameters only, and the mapping of SQLite result
// codes onto mk::Error. Used by exactly one thread at a time.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/ids.hpp"
#include "core/time.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace mk::store::sqlite {

// Throws the mk::Error for an SQLite result code: busy/locked/I/O/full/can't-open →
// unavailable; unique, primary-key and foreign-key violations → conflict; the rest →
// internal. `context` names the operation (an id-free label such as "insert_consult").
[[noreturn]] void throw_sqlite(sqlite3* db, int rc, std::string_view context);

class Query;

class Connection {
 public:
  enum class Mode { write, read };

  // Opens (creating, for Mode::write) the database file and applies the pragmas.
  static std::unique_ptr<Connection> open(const std::filesystem::path& file, Mode mode);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // A prepared statement for `sql`, cached for the life of the connection
  // (SQLITE_PREPARE_PERSISTENT). The statement is reset and its bindings cleared when the
  // Query goes out of scope. A statement already in use (a nested call) or a full cache
  // yields a one-off statement instead.
  Query query(std::string_view sql);
  // Runs fixed SQL without parameters (BEGIN, COMMIT, SAVEPOINT, schema scripts).
  void exec(const char* sql, std::string_view context);

  bool in_transaction() const;
  int64_t last_insert_rowid() const;
  int changes() const;
  sqlite3* handle() const { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  void configure(Mode mode);

  struct Cached {
    sqlite3_stmt* stmt;
    bool in_use;  // handed out to a live Query
  };
  static constexpr size_t kMaxCached = 256;  // dynamic list queries have bounded shapes
  sqlite3* db_;
  // Looked up by string_view without building a std::string per statement.
  struct SqlHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, Cached, SqlHash, std::equal_to<>> cache_;
};

// One execution of a prepared statement. Parameters bind left to right with bind(); column
// accessors read the current row after step() returned true.
class Query {
 public:
  // `in_use` is the cache's flag for a cached statement (cleared again here), or null for a
  // one-off statement that this Query finalizes.
  Query(sqlite3* db, sqlite3_stmt* stmt, bool* in_use);
  Query(Query&& other) noexcept;
  Query& operator=(Query&&) = delete;
  ~Query();

  Query& bind(std::string_view v);
  Query& bind(const std::string& v) { return bind(std::string_view(v)); }
  Query& bind(const char* v) { return bind(std::string_view(v)); }
  Query& bind(int64_t v);
  Query& bind(int v) { return bind(int64_t{v}); }
  Query& bind(bool v) { return bind(int64_t{v ? 1 : 0}); }
  Query& bind(Timestamp t);
  Query& bind(std::nullopt_t);
  Query& bind_blob(std::string_view bytes);
  template <class Tag>
  Query& bind(const Id<Tag>& id) {
    return bind(std::string_view(id.str()));
  }
  template <class T>
  Query& bind(const std::optional<T>& v) {
    return v ? bind(*v) : bind(std::nullopt);
  }
  // An empty string binds NULL: optional references (actor ids) are NULL, not "".
  Query& bind_or_null(std::string_view v);

  template <class... Ts>
  Query& bind_all(const Ts&... vs) {
    (bind(vs), ...);
    return *this;
  }

  bool step();  // true: a row is available; false: done
  void run();   // executes to completion, ignoring rows

  bool is_null(int col) const;
  std::string text(int col) const;  // NULL reads as ""
  std::optional<std::string> opt_text(int col) const;
  std::string_view blob(int col) const;  // valid until the next step
  int64_t int64(int col) const;
  int integer(int col) const { return static_cast<int>(int64(col)); }
  bool boolean(int col) const { return int64(col) != 0; }
  Timestamp timestamp(int col) const;
  std::optional<Timestamp> opt_timestamp(int col) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  bool* in_use_;
  int next_param_ = 1;
};

}  // namespace mk::store::sqlite
