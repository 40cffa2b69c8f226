#pragma once
// The desk tables' columns and row decoding, shared by both backends (tx_desk.cpp); see
// billing_rows.hpp for why one template serves sqlite::Query and pg::Row.
#include <string>
#include <vector>

#include "core/error.hpp"
#include "domain/calendar.hpp"
#include "domain/desk.hpp"

namespace mk::store::desk_rows {

// The columns of desk_questions aliased q, then the number of supporting practices.
inline constexpr const char* kSelect =
    "SELECT q.id, q.reference, q.direction, q.from_org_id, q.created_by, q.title, q.text, q.topic, q.area_pc4, "
    "q.status, q.routed_to, q.answer, q.public_answer, q.merged_into, q.created_at, q.updated_at, q.version, "
    "(SELECT count(*) FROM desk_supporters s WHERE s.question_id = q.id) FROM desk_questions q";
inline constexpr const char* kInsertCols =
    "id, reference, direction, from_org_id, created_by, title, text, topic, area_pc4, status, routed_to, answer, "
    "public_answer, merged_into, created_at, updated_at, version";
inline constexpr const char* kUpdateSet =
    "title = ?, text = ?, topic = ?, area_pc4 = ?, status = ?, routed_to = ?, answer = ?, public_answer = ?, "
    "merged_into = ?, updated_at = ?, version = ?";

// "LOKET-2026-" for a question created in 2026 (Amsterdam); number() appends "0007".
inline std::string reference_prefix(Timestamp created_at) {
  return "LOKET-" + std::to_string(int(domain::amsterdam_date(created_at).year())) + "-";
}
inline std::string reference_number(int64_t n) {
  std::string digits = std::to_string(n);
  return std::string(digits.size() < 4 ? 4 - digits.size() : 0, '0') + digits;
}

inline std::string join_pc4(const std::vector<std::string>& areas) {
  std::string out;
  for (const auto& a : areas) out += (out.empty() ? "" : ",") + a;
  return out;
}

inline std::vector<std::string> split_pc4(const std::string& text) {
  std::vector<std::string> out;
  for (size_t at = 0; at < text.size();) {
    size_t end = text.find(',', at);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  return out;
}

template <class R>
domain::DeskQuestion question(const R& r) {
  auto bad = [](int col) { return Error(Errc::internal, "Database error", "unknown value in column " + std::to_string(col)); };
  domain::DeskQuestion q;
  q.id = r.text(0);
  q.reference = r.text(1);
  q.direction = r.text(2) == "outward" ? domain::DeskDirection::outward : domain::DeskDirection::inward;
  q.from_org_id = OrgId(r.text(3));
  q.created_by = UserId(r.text(4));
  q.title = r.text(5);
  q.text = r.text(6);
  auto topic = domain::parse_desk_topic(r.text(7));
  if (!topic) throw bad(7);
  q.topic = *topic;
  q.area_pc4 = split_pc4(r.text(8));
  auto status = domain::parse_desk_status(r.text(9));
  if (!status) throw bad(9);
  q.status = *status;
  if (!r.is_null(10)) q.routed_to = OrgId(r.text(10));
  q.answer = r.text(11);
  q.public_answer = r.text(12);
  if (!r.is_null(13)) q.merged_into = r.text(13);
  q.created_at = r.timestamp(14);
  q.updated_at = r.timestamp(15);
  q.version = r.integer(16);
  q.supporters = r.int64(17);
  return q;
}

}  // namespace mk::store::desk_rows
