#pragma once
// Spreadsheet files as Dutch LibreOffice and Excel open them without an import dialog: UTF-8
// with a byte-order mark, `;` between fields (the decimal separator is the comma), CRLF line
// ends, RFC 4180 quoting, and text that a spreadsheet would run as a formula defused.
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace mk::app {

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
  // A number we formatted ourselves ("-12,50", "42"): never quoted or defused.
  CsvWriter& value(std::string_view v) {
    if (!first_) out_ += ';';
    first_ = false;
    out_ += v;
    return *this;
  }
  CsvWriter& number(int64_t n) { return value(std::to_string(n)); }
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


}  // namespace mk::app
