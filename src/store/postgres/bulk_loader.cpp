// The PostgreSQL bulk path (store/bulk.hpp): the rows of each batch are sent with COPY … FROM
// STDIN in text format, one COPY per table in foreign-key order, one transaction per batch
// with synchronous_commit off; secondary indexes are dropped first and built again (with a
// large maintenance_work_mem) at the end, then ANALYZE. Values come from the same Params
// builders as PgTx's INSERTs (consult_rows.hpp), so the two cannot disagree on a column.
#include <array>
#include <string>
#include <utility>
#include <vector>

#include "store/billing_rows.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/consult_rows.hpp"
#include "store/postgres/postgres_store.hpp"

namespace mk::store {
namespace {

using pg::Params;

constexpr size_t kSendChunk = 1 << 20;
constexpr const char* kBulkTables =
    "'patients', 'consults', 'consult_messages', 'consult_events', 'attachments', 'declarations'";

// One table's pending rows in COPY text format.
struct CopyBuffer {
  std::string table, columns, rows;
  size_t count = 0;

  void add(const Params& p) {
    for (size_t i = 0; i < p.size(); ++i) {
      if (i) rows += '\t';
      const auto& v = p.value(i);
      if (!v) {
        rows += "\\N";
        continue;
      }
      for (char ch : *v) {
        switch (ch) {
          case '\\': rows += "\\\\"; break;
          case '\n': rows += "\\n"; break;
          case '\r': rows += "\\r"; break;
          case '\t': rows += "\\t"; break;
          default: rows += ch;
        }
      }
    }
    rows += '\n';
    ++count;
  }

  void send(pg::Connection& conn) {
    if (count == 0) return;
    conn.copy_in("COPY " + table + " (" + columns + ") FROM STDIN");
    for (size_t at = 0; at < rows.size(); at += kSendChunk)
      conn.copy_data(std::string_view(rows).substr(at, kSendChunk));
    conn.copy_end("copy " + table);
    rows.clear();
    count = 0;
  }
};

class PgBulkLoader final : public BulkLoader {
 public:
  PgBulkLoader(const std::string& url, const BulkOptions& o) : conn_(pg::Connection::open(url, "meekijk-generate")) {
    conn_->script("SET synchronous_commit = off; SET maintenance_work_mem = '512MB'", "bulk session");
    if (o.rebuild_indexes) drop_secondary_indexes();
    // The report cells are not kept per row on this path: the caller writes them.
    conn_->exec("INSERT INTO meta (key, value) VALUES ('report_cells', 'stale') "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  }

  void add_patient(const domain::Patient& p) override { patients_.add(pg::patient_params(p)); }
  void add_consult(const domain::Consult& c) override {
    Params p;
    p.add(c.id);
    pg::add_consult_header(p, c, c.patient.id);
    consults_.add(p);
    for (const auto& m : c.messages) messages_.add(pg::message_params(c.id, m));
    for (const auto& e : c.events) events_.add(pg::event_params(c.id, e));
    for (const auto& a : c.attachments) attachments_.add(pg::attachment_params(c.id, a));
  }
  void add_declarations(const std::vector<domain::DeclarationLine>& lines) override {
    for (const auto& l : lines) declarations_.add(pg::declaration_params(l));
  }
  void add_report_cell(const ReportCell& c) override {
    // bytea in COPY text: hex input ('\\x…'), whose backslash CopyBuffer escapes.
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex = "\\x";
    hex.reserve(2 + 2 * c.data.size());
    for (unsigned char b : c.data) {
      hex += kHex[b >> 4];
      hex += kHex[b & 15];
    }
    Params p;
    p.add_all(c.dim, c.month, c.key, hex);
    report_cells_.add(p);
  }
  void set_reference_counter(int year, int64_t last) override {
    counters_.emplace_back(year, last);
  }
  void commit() override {
    conn_->script("BEGIN", "bulk begin");
    for (auto* b : std::array{&patients_, &consults_, &messages_, &events_, &attachments_, &declarations_, &report_cells_})
      b->send(*conn_);
    for (auto [year, last] : counters_)
      conn_->exec("INSERT INTO reference_counters (year, last) VALUES ($1, $2) "
                  "ON CONFLICT (year) DO UPDATE SET last = greatest(reference_counters.last, excluded.last)",
                  Params().add_all(year, last));
    counters_.clear();
    conn_->commit();
  }
  void finish() override {
    commit();
    for (const auto& [name, sql] : dropped_) conn_->script(sql, "bulk index rebuild");
    dropped_.clear();
    conn_->script(std::string("ANALYZE patients, consults, consult_messages, consult_events, attachments, declarations"),
                  "bulk analyze");
  }

 private:
  void drop_secondary_indexes() {
    auto r = conn_->exec(std::string("SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                                     "JOIN pg_class t ON t.oid = i.indrelid WHERE NOT i.indisunique AND NOT i.indisprimary "
                                     "AND t.relname IN (") +
                         kBulkTables + ") ORDER BY 1");
    for (int i = 0; i < r.rows(); ++i) dropped_.emplace_back(r.row(i).text(0), r.row(i).text(1));
    for (const auto& [name, sql] : dropped_) conn_->script("DROP INDEX " + name, "bulk drop index");
  }

  std::unique_ptr<pg::Connection> conn_;
  CopyBuffer patients_{"patients", pg::kPatientCols};
  CopyBuffer consults_{"consults", pg::consult_columns()};
  CopyBuffer messages_{"consult_messages", pg::kMessageCols};
  CopyBuffer events_{"consult_events", pg::kEventCols};
  CopyBuffer attachments_{"attachments", pg::kAttachmentCols};
  CopyBuffer declarations_{"declarations", std::string(billing_rows::kDeclarationCols) + ", month"};
  CopyBuffer report_cells_{"report_cells", "dim, month, key, data"};
  std::vector<std::pair<int, int64_t>> counters_;
  std::vector<std::pair<std::string, std::string>> dropped_;  // name, CREATE INDEX statement
};

}  // namespace

std::unique_ptr<BulkLoader> open_postgres_bulk_loader(const std::string& url, const BulkOptions& o) {
  return std::make_unique<PgBulkLoader>(url, o);
}

}  // namespace mk::store
