// Billing exports as spreadsheet files (app/billing.hpp): what Dutch LibreOffice and Excel
// open without an import dialog — UTF-8 with a byte-order mark, `;` separators (the decimal
// separator is the comma), CRLF line ends, RFC 4180 quoting.
#include <cstdlib>

#include "app/billing.hpp"
#include "app/csv.hpp"

namespace mk::app {

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
         "deductible_applies", "contract_id", "modality", "minutes_spent", "session_id"});
  for (const auto& v : m.items) {
    const auto& l = v.line;
    w.field(l.consult_id.str()).field(l.reference).field(format_date(l.date)).field(domain::to_string(l.party));
    w.field(l.organization_id.str()).field(v.organization_name).field(l.organization_agb);
    w.field(v.practitioner_name).field(l.practitioner_agb).field(l.payer_id.str()).field(v.payer_name);
    w.field(l.code).value(euro_text(l.amount_cents)).number(l.amount_cents);
    w.field(l.deductible_applies ? "true" : "false").field(l.contract_id.str()).field(domain::to_string(l.modality));
    w.number(l.minutes_spent).field(l.session_id.value_or("")).end();
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
    w.number(l.lines).value(euro_text(l.amount_cents)).number(l.amount_cents).end();
  }
  return w.take();
}

}  // namespace mk::app
