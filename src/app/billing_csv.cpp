// Billing exports as spreadsheet files (app/billing.hpp): what Dutch LibreOffice and Excel
// open without an import dialog — UTF-8 with a byte-order mark, `;` separators (the decimal
// separator is the comma), CRLF line ends, RFC 4180 quoting.
#include <cstdlib>

#include "app/billing.hpp"

namespace mk::app {
namespace {

class CsvWriter {
 public:
  CsvWriter() { out_ = "\xEF\xBB\xBF"; }
  CsvWriter& field(std::string_view v) {
    if (!first_) out_ += ';';
    first_ = false;
    // A spreadsheet would run "=…" as a formula: text starting with one of these characters
    // gets a leading apostrophe (shown as text, not executed).
    bool formula = !v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r');
    bool quote = formula || v.find_first_of(";\"\r\n") != std::string_view::npos;
    if (!quote) {
      out_ += v;
      return *this;
    }
    out_ += '"';
    if (formula) out_ += '\'';
    for (char c : v) {
      if (c == '"') out_ += '"';
      out_ += c;
    }
    out_ += '"';
    return *this;
  }
  CsvWriter& number(int64_t n) { return field(std::to_string(n)); }
  CsvWriter& row(std::initializer_list<std::string_view> fields) {
    for (auto f : fields) field(f);
    return end();
  }
  CsvWriter& end() {
    out_ += "\r\n";
    first_ = true;
    return *this;
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
  bool first_ = true;
};

}  // namespace

std::string euro_text(int64_t cents) {
  std::string sign = cents < 0 ? "-" : "";
  uint64_t abs = cents < 0 ? uint64_t(0) - uint64_t(cents) : uint64_t(cents);
  std::string frac = std::to_string(abs % 100);
  return sign + std::to_string(abs / 100) + "," + (frac.size() == 1 ? "0" + frac : frac);
}

std::string declarations_csv(const BillingMonth& m) {
  CsvWriter w;
  w.row({"consult_id", "reference", "date", "party", "organization_id", "organization_name", "organization_agb",
         "practitioner_name", "practitioner_agb", "payer_id", "payer_name", "code", "amount_eur", "amount_cents",
         "deductible_applies", "contract_id", "modality", "minutes_spent"});
  for (const auto& v : m.items) {
    const auto& l = v.line;
    w.field(l.consult_id.str()).field(l.reference).field(format_date(l.date)).field(domain::to_string(l.party));
    w.field(l.organization_id.str()).field(v.organization_name).field(l.organization_agb);
    w.field(v.practitioner_name).field(l.practitioner_agb).field(l.payer_id.str()).field(v.payer_name);
    w.field(l.code).field(euro_text(l.amount_cents)).number(l.amount_cents);
    w.field(l.deductible_applies ? "true" : "false").field(l.contract_id.str()).field(domain::to_string(l.modality));
    w.number(l.minutes_spent).end();
  }
  return w.take();
}

std::string statement_csv(const Statement& s) {
  CsvWriter w;
  w.row({"month", "organization_id", "organization_name", "organization_agb", "party", "payer_id", "payer_name",
         "code", "lines", "amount_eur", "amount_cents"});
  for (const auto& v : s.items) {
    const auto& l = v.line;
    w.field(s.month).field(l.organization_id.str()).field(v.organization_name).field(v.organization_agb);
    w.field(domain::to_string(l.party)).field(l.payer_id.str()).field(v.payer_name).field(l.code);
    w.number(l.lines).field(euro_text(l.amount_cents)).number(l.amount_cents).end();
  }
  return w.take();
}

}  // namespace mk::app
