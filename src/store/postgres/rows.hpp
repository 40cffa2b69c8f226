#pragma once
// Column decoding shared by the query files: enums by wire name, optional ids, and the
// text forms bound for enums and dates. A value the domain cannot parse means the database
// was changed behind our back: internal.
#include <optional>
#include <string>

#include "core/error.hpp"
#include "core/time.hpp"
#include "domain/enums.hpp"
#include "store/postgres/connection.hpp"

namespace mk::store::pg {

// SQL shared with SQLite is written with `?`: numbered here from $1.
inline std::string numbered(std::string_view sql) {
  std::string out;
  int n = 0;
  for (char c : sql) out += c == '?' ? "$" + std::to_string(++n) : std::string(1, c);
  return out;
}

template <class E>
E enum_col(const Row& r, int col) {
  auto v = domain::parse_enum<E>(r.text(col));
  if (!v) throw Error(Errc::internal, "Database error", "unknown enum value in column " + std::to_string(col));
  return *v;
}

template <class E>
std::optional<E> opt_enum_col(const Row& r, int col) {
  if (r.is_null(col)) return std::nullopt;
  return enum_col<E>(r, col);
}

template <class IdT>
std::optional<IdT> opt_id_col(const Row& r, int col) {
  if (r.is_null(col)) return std::nullopt;
  return IdT(r.text(col));
}

inline std::optional<std::string> opt_date_text(const std::optional<Date>& d) {
  if (!d) return std::nullopt;
  return format_date(*d);
}

template <class E>
std::string enum_text(E e) {
  return std::string(domain::to_string(e));
}

template <class E>
std::optional<std::string> opt_enum_text(const std::optional<E>& e) {
  if (!e) return std::nullopt;
  return enum_text(*e);
}

}  // namespace mk::store::pg
