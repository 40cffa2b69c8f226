// The SQLite bulk path (store/bulk.hpp): one connection of its own, the journal off and
// synchronous off while loading (a failed generate leaves a data dir to delete; nothing else
// is in it), large transactions, the normal SqliteTx inserts with their statements prepared
// once (Connection's cache), secondary indexes built again at the end.
#include <algorithm>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/tx.hpp"

namespace mk::store {
namespace {

using sqlite::Connection;

constexpr const char* kBulkTables =
    "'patients', 'consults', 'consult_messages', 'consult_events', 'attachments', 'declarations'";

class SqliteBulkLoader final : public BulkLoader {
 public:
  SqliteBulkLoader(const std::filesystem::path& db_file, const BulkOptions& o)
      : conn_(Connection::open(db_file, Connection::Mode::write)), tx_(*conn_, false) {
    pragma("PRAGMA journal_mode = OFF", "off");
    conn_->exec("PRAGMA synchronous = OFF", "bulk synchronous");
    conn_->exec("PRAGMA cache_size = -262144", "bulk cache_size");  // 256 MiB
    if (o.rebuild_indexes) drop_secondary_indexes();
    begin();
    tx_.set_meta("report_cells", "stale");  // until the caller has written all of them
  }

  void add_patient(const domain::Patient& p) override { tx_.save_patient(p); }
  void add_consult(const domain::Consult& c) override { tx_.insert_consult(c); }
  void add_declarations(const std::vector<domain::DeclarationLine>& lines) override {
    tx_.insert_declarations(lines);
  }
  void add_report_cell(const ReportCell& c) override { tx_.put_report_cell(c, false); }
  void set_reference_counter(int year, int64_t last) override {
    conn_->query("INSERT INTO reference_counters (year, last) VALUES (?, ?) "
                 "ON CONFLICT (year) DO UPDATE SET last = max(last, excluded.last)")
        .bind_all(year, last)
        .run();
  }
  void commit() override {
    conn_->exec("COMMIT", "bulk commit");
    begin();
  }
  void finish() override {
    // CREATE INDEX sorts with helper threads (SQLite's multi-threaded sorter): the generator
    // is done by now, so every core can sort.
    auto threads = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
    conn_->exec(("PRAGMA threads = " + std::to_string(threads)).c_str(), "bulk threads");
    for (const auto& [name, sql] : dropped_) conn_->exec(sql.c_str(), "bulk index rebuild");
    dropped_.clear();
    conn_->exec("COMMIT", "bulk commit");
    conn_->exec("PRAGMA analysis_limit = 1000", "bulk analysis_limit");  // sampled: a full ANALYZE reads every index
    conn_->exec("ANALYZE", "bulk analyze");
    conn_->exec("PRAGMA synchronous = FULL", "bulk synchronous");
    pragma("PRAGMA journal_mode = WAL", "wal");
  }

 private:
  void begin() { conn_->exec("BEGIN", "bulk begin"); }
  void pragma(const char* sql, std::string_view want) {
    auto q = conn_->query(sql);
    if (!q.step() || q.text(0) != want)
      throw Error(Errc::unavailable, "Database busy", std::string(sql) + " refused: is a server using this data dir?");
  }
  void drop_secondary_indexes() {
    {
      auto q = conn_->query(std::string("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                                        "AND sql NOT LIKE 'CREATE UNIQUE%' AND tbl_name IN (") +
                            kBulkTables + ") ORDER BY name");
      while (q.step()) dropped_.emplace_back(q.text(0), q.text(1));
    }
    for (const auto& [name, sql] : dropped_) conn_->exec(("DROP INDEX \"" + name + "\"").c_str(), "bulk drop index");
  }

  std::unique_ptr<Connection> conn_;
  sqlite::SqliteTx tx_;
  std::vector<std::pair<std::string, std::string>> dropped_;  // name, CREATE INDEX statement
};

}  // namespace

std::unique_ptr<BulkLoader> open_sqlite_bulk_loader(const std::filesystem::path& data_dir, const BulkOptions& o) {
  return std::make_unique<SqliteBulkLoader>(data_dir / "meekijk.db", o);
}

}  // namespace mk::store
