#pragma once
// Builds the WHERE clause of a list query from fixed SQL fragments and bound values: the
// filter decides which fragments appear, never what text goes into them. Fragments are
// written with `?`; sql() numbers them $1, $2, ... in order. A list is one array parameter
// (`column = ANY(?)`), so a filter with 2 or 20 services is the same prepared statement.
#include <string>
#include <vector>

#include "store/postgres/connection.hpp"

namespace mk::store::pg {

class WhereClause {
 public:
  // A condition with `?` placeholders, and the values for them (added to params()) in order.
  WhereClause& add(std::string condition, const std::vector<std::string>& values = {});
  WhereClause& add(std::string condition, int64_t value);
  // "column = ANY(?)" with the values as one text[]; nothing when values is empty.
  WhereClause& add_any(const std::string& column, const std::vector<std::string>& values);

  std::string sql() const;                     // "" or " WHERE (a) AND (b)", numbered from $1
  size_t next_number() const { return params_.size() + 1; }  // for what the caller appends
  Params& params() { return params_; }

 private:
  std::vector<std::string> conditions_;
  Params params_;
};

// {"a","b"}: a text[] literal, every element quoted and escaped.
std::string array_literal(const std::vector<std::string>& values);

// Clamps a requested page size: at least 1, at most 500, 50 when unset.
int page_limit(int requested);

}  // namespace mk::store::pg
