#include "store/sqlite/where_clause.hpp"

namespace mk::store::sqlite {

std::string placeholders(size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out;
}

int page_limit(int requested) {
  if (requested <= 0) return 50;
  return requested > 500 ? 500 : requested;
}

WhereClause& WhereClause::add(std::string condition, std::vector<Value> values) {
  conditions_.push_back(std::move(condition));
  for (auto& v : values) values_.push_back(std::move(v));
  return *this;
}

WhereClause& WhereClause::add_in(const std::string& column, const std::vector<std::string>& values) {
  if (values.empty()) return *this;
  conditions_.push_back(column + " IN (" + placeholders(values.size()) + ")");
  for (const auto& v : values) values_.emplace_back(v);
  return *this;
}

std::string WhereClause::sql() const {
  std::string out;
  for (const auto& c : conditions_) out += (out.empty() ? " WHERE (" : " AND (") + c + ")";
  return out;
}

void WhereClause::bind(Query& q) const {
  for (const auto& v : values_) std::visit([&](const auto& x) { q.bind(x); }, v);
}

}  // namespace mk::store::sqlite
