#pragma once
// Builds the WHERE clause of a list query from fixed SQL fragments and bound values: the
// filter decides which fragments appear, never what text goes into them.
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "store/sqlite/connection.hpp"

namespace mk::store::sqlite {

class WhereClause {
 public:
  using Value = std::variant<std::string, int64_t>;

  // A condition with `?` placeholders, and the values for them in order.
  WhereClause& add(std::string condition, std::vector<Value> values = {});
  // "column IN (?, ?, ...)" with one placeholder per value; nothing when values is empty.
  WhereClause& add_in(const std::string& column, const std::vector<std::string>& values);

  std::string sql() const;  // "" or " WHERE a AND b"
  void bind(Query& q) const;

 private:
  std::vector<std::string> conditions_;
  std::vector<Value> values_;
};

// "?, ?, ?" for n values.
std::string placeholders(size_t n);

// Clamps a requested page size: at least 1, at most 500, 50 when unset.
int page_limit(int requested);

}  // namespace mk::store::sqlite
