// Params and Row/Result: values go out as text (the server parses them by the statement's
// inferred types), results come back binary and are decoded by each column's type OID.
#include <libpq-fe.h>

#include <cstring>

#include "store/postgres/connection.hpp"

namespace mk::store::pg {
namespace {

// Type OIDs of the built-in types we read (catalog/pg_type.h, stable across versions).
constexpr unsigned kBool = 16, kBytea = 17, kInt8 = 20, kInt2 = 21, kInt4 = 23, kText = 25, kVarchar = 1043,
                   kDate = 1082, kTimestamptz = 1184;
// PostgreSQL counts timestamps from 2000-01-01 UTC, Unix from 1970-01-01.
constexpr int64_t kEpochShiftMs = 946684800000;
constexpr std::chrono::sys_days kPgEpochDay{std::chrono::year{2000} / 1 / 1};

[[noreturn]] void bad_column(int col, const char* what) {
  throw Error(Errc::internal, "Database error", std::string(what) + " in column " + std::to_string(col));
}

int64_t big_endian(std::string_view b) {
  uint64_t v = 0;
  for (unsigned char c : b) v = (v << 8) | c;
  if (b.size() == 8) return static_cast<int64_t>(v);
  uint64_t sign = uint64_t{1} << (b.size() * 8 - 1);
  return static_cast<int64_t>((v ^ sign) - sign);  // sign-extend int2/int4
}

}  // namespace

// libpq sends text parameters NUL-terminated, and PostgreSQL text cannot hold NUL: refuse
// rather than store a silently shortened text.
Params& Params::add(std::string_view v) {
  if (v.find('\0') != std::string_view::npos)
    throw Error(Errc::validation, "Invalid text", "text containing a NUL character cannot be stored");
  values_.emplace_back(std::string(v));
  formats_.push_back(0);
  return *this;
}

Params& Params::add(int64_t v) { return add(std::string_view(std::to_string(v))); }
Params& Params::add(bool v) { return add(std::string_view(v ? "true" : "false")); }
Params& Params::add(Timestamp t) { return add(std::string_view(format_timestamp(t))); }

Params& Params::add(std::nullopt_t) {
  values_.emplace_back(std::nullopt);
  formats_.push_back(0);
  return *this;
}

Params& Params::add_bytes(std::string_view bytes) {
  values_.emplace_back(std::string(bytes));
  formats_.push_back(1);
  return *this;
}

bool Row::is_null(int col) const { return PQgetisnull(res_, row_, col) != 0; }

std::string_view Row::raw(int col, unsigned a, unsigned b) const {
  if (col >= PQnfields(res_)) bad_column(col, "no such column");
  unsigned oid = PQftype(res_, col);
  if (oid != a && (b == 0 || oid != b)) bad_column(col, "unexpected type");
  return std::string_view(PQgetvalue(res_, row_, col), static_cast<size_t>(PQgetlength(res_, row_, col)));
}

std::string Row::text(int col) const {
  if (is_null(col)) return {};
  return std::string(raw(col, kText, kVarchar));
}

std::string_view Row::bytes(int col) const { return raw(col, kBytea); }

int64_t Row::int64(int col) const {
  if (is_null(col)) bad_column(col, "NULL integer");
  if (col >= PQnfields(res_)) bad_column(col, "no such column");
  unsigned oid = PQftype(res_, col);
  if (oid != kInt8 && oid != kInt4 && oid != kInt2) bad_column(col, "unexpected type");
  return big_endian(std::string_view(PQgetvalue(res_, row_, col), static_cast<size_t>(PQgetlength(res_, row_, col))));
}

bool Row::boolean(int col) const {
  if (is_null(col)) bad_column(col, "NULL boolean");
  auto b = raw(col, kBool);
  return b.size() == 1 && b[0] != 0;
}

Timestamp Row::timestamp(int col) const {
  if (is_null(col)) bad_column(col, "NULL timestamp");
  auto b = raw(col, kTimestamptz);
  if (b.size() != 8) bad_column(col, "malformed timestamp");
  int64_t us = big_endian(b);
  int64_t ms = us / 1000 - (us % 1000 < 0 ? 1 : 0);  // floor: before 2000 too
  return from_unix_ms(ms + kEpochShiftMs);
}

std::optional<Timestamp> Row::opt_timestamp(int col) const {
  if (is_null(col)) return std::nullopt;
  return timestamp(col);
}

std::optional<Date> Row::opt_date(int col) const {
  if (is_null(col)) return std::nullopt;
  auto b = raw(col, kDate);
  if (b.size() != 4) bad_column(col, "malformed date");
  return Date(kPgEpochDay + std::chrono::days(big_endian(b)));
}

Result::Result(pg_result* res) : res_(res) {}
Result::~Result() = default;
void Result::Clear::operator()(pg_result* r) const { PQclear(r); }

int Result::rows() const { return PQntuples(res_.get()); }

Row Result::first() const {
  if (rows() == 0) throw Error(Errc::internal, "Database error", "the statement returned no row");
  return row(0);
}

int64_t Result::affected() const {
  const char* n = PQcmdTuples(res_.get());
  return (n && *n) ? std::stoll(n) : 0;
}

}  // namespace mk::store::pg
