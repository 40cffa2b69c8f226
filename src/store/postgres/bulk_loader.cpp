// The PostgreSQL bulk path (store/bulk.hpp): the rows of each batch are sent with COPY … FROM
// STDIN in text format, one COPY per table in foreign-key order, one transaction per batch
// with synchronous_commit off. As pg_restore does (and "Populating a Database" in the
// PostgreSQL manual advises), the bulk tables are loaded bare: their foreign keys (both ways),
// primary and unique keys and secondary indexes are set aside first, in one transaction, and
// put back in finish() — keys and indexes each by one sort (large maintenance_work_mem), then
// ANALYZE, then each foreign key checked by one join over the whole table instead of a trigger
// query per row. With random ids a key kept in place costs a random index page per row, and
// the rows per second fell by two thirds over five national years. Values come from the same
// Params builders as PgTx's INSERTs (consult_rows.hpp), so the two cannot disagree on a column.
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
    // The index sorts and the foreign-key joins of finish() each get room for a national year.
    conn_->script("SET synchronous_commit = off; SET maintenance_work_mem = '512MB'; SET work_mem = '256MB'",
                  "bulk session");
    if (o.rebuild_indexes) set_aside_constraints();
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
  // Keys first (the foreign keys need them), then the other indexes, ANALYZE, and the foreign
  // keys last: a row that breaks one fails the generate here instead of passing unchecked.
  void finish() override {
    commit();
    for (const auto& s : keys_and_indexes_) conn_->script(s.restore, "bulk index rebuild");
    keys_and_indexes_.clear();
    conn_->script(std::string("ANALYZE patients, consults, consult_messages, consult_events, attachments, declarations"),
                  "bulk analyze");
    for (const auto& s : foreign_keys_) conn_->script(s.restore, "bulk foreign key check");
    foreign_keys_.clear();
  }

 private:
  struct SetAside {
    std::string drop, restore;
  };

  // Reads each definition from the catalog, so a later schema file needs no change here.
  void set_aside_constraints() {
    const std::string bulk = std::string("IN (") + kBulkTables + ")";
    const std::string in_schema = " AND t.relnamespace = current_schema()::regnamespace";
    // Foreign keys from or to a bulk table (a billing or teaching row naming a consult too).
    auto fks = conn_->exec(
        "SELECT c.conrelid::regclass::text, quote_ident(c.conname), pg_get_constraintdef(c.oid) FROM pg_constraint c "
        "JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid "
        "WHERE c.contype = 'f' AND (t.relname " + bulk + " OR r.relname " + bulk + ")" + in_schema + " ORDER BY 1, 2");
    for (int i = 0; i < fks.rows(); ++i) {
      auto row = fks.row(i);
      std::string table = row.text(0), name = row.text(1);
      foreign_keys_.push_back({"ALTER TABLE " + table + " DROP CONSTRAINT " + name,
                               "ALTER TABLE " + table + " ADD CONSTRAINT " + name + " " + row.text(2)});
    }
    // Indexes of the bulk tables: those behind a primary or unique key come back as that key,
    // the others (partial unique indexes included) as the index they were.
    auto idx = conn_->exec(
        "SELECT i.indrelid::regclass::text, i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid), "
        "coalesce(quote_ident(c.conname), ''), coalesce(pg_get_constraintdef(c.oid), '') FROM pg_index i "
        "JOIN pg_class t ON t.oid = i.indrelid LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid "
        "AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u') WHERE t.relname " + bulk + in_schema +
        " ORDER BY (c.conname IS NULL), 2");
    for (int i = 0; i < idx.rows(); ++i) {
      auto row = idx.row(i);
      std::string table = row.text(0), index = row.text(1), key = row.text(3);
      if (key.empty())
        keys_and_indexes_.push_back({"DROP INDEX " + index, row.text(2)});
      else
        keys_and_indexes_.push_back({"ALTER TABLE " + table + " DROP CONSTRAINT " + key,
                                     "ALTER TABLE " + table + " ADD CONSTRAINT " + key + " " + row.text(4)});
    }
    conn_->script("BEGIN", "bulk begin");
    for (const auto& s : foreign_keys_) conn_->script(s.drop, "bulk drop foreign key");
    for (auto s = keys_and_indexes_.rbegin(); s != keys_and_indexes_.rend(); ++s)
      conn_->script(s->drop, "bulk drop index");
    conn_->commit();
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
  std::vector<SetAside> keys_and_indexes_;  // keys first: put back in this order
  std::vector<SetAside> foreign_keys_;
};

}  // namespace

std::unique_ptr<BulkLoader> open_postgres_bulk_loader(const std::string& url, const BulkOptions& o) {
  return std::make_unique<PgBulkLoader>(url, o);
}

}  // namespace mk::store
