#include "store/postgres/where_clause.hpp"

namespace mk::store::pg {

std::string array_literal(const std::vector<std::string>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    out += '"';
    for (char c : values[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

int page_limit(int requested) {
  if (requested <= 0) return 50;
  return requested > 500 ? 500 : requested;
}

WhereClause& WhereClause::add(std::string condition, const std::vector<std::string>& values) {
  conditions_.push_back(std::move(condition));
  for (const auto& v : values) params_.add(v);
  return *this;
}

WhereClause& WhereClause::add(std::string condition, int64_t value) {
  conditions_.push_back(std::move(condition));
  params_.add(value);
  return *this;
}

WhereClause& WhereClause::add_any(const std::string& column, const std::vector<std::string>& values) {
  if (values.empty()) return *this;
  return add(column + " = ANY(?)", {array_literal(values)});
}

std::string WhereClause::sql() const {
  std::string out;
  int n = 0;
  for (const auto& c : conditions_) {
    out += out.empty() ? " WHERE (" : " AND (";
    for (char ch : c) {
      if (ch == '?') out += "$" + std::to_string(++n);
      else out += ch;
    }
    out += ")";
  }
  return out;
}

}  // namespace mk::store::pg
