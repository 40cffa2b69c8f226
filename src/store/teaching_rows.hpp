#pragma once
// The teaching tables' columns and row decoding, shared by both backends (tx_teaching.cpp); see
// billing_rows.hpp for why this works for sqlite::Query and pg::Row alike. Attachment id lists
// are JSON text.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <string>
#include <vector>

#include "domain/teaching.hpp"

namespace mk::store::teaching_rows {

inline constexpr const char* kCaseCols =
    "id, consult_id, service_id, specialty, title, question, advice, attachments, published_at, reads";
// The same, qualified by the alias `c` (for joins with a table of the same column names).
inline constexpr const char* kCaseColsOfC =
    "c.id, c.consult_id, c.service_id, c.specialty, c.title, c.question, c.advice, c.attachments, c.published_at, "
    "c.reads";

inline std::string encode_ids(const std::vector<AttachmentId>& ids) {
  boost::json::array a;
  for (const auto& id : ids) a.emplace_back(id.str());
  return boost::json::serialize(a);
}

inline std::vector<AttachmentId> decode_ids(const std::string& text) {
  std::vector<AttachmentId> out;
  if (text.empty()) return out;
  auto v = boost::json::parse(text);
  for (const auto& id : v.as_array()) out.emplace_back(std::string(id.as_string()));
  return out;
}

template <class R>
domain::TeachingCase teaching_case(const R& r) {
  domain::TeachingCase c;
  c.id = r.text(0);
  c.consult_id = ConsultId(r.text(1));
  c.service_id = ServiceId(r.text(2));
  c.specialty = r.text(3);
  c.title = r.text(4);
  c.question = r.text(5);
  c.advice = r.text(6);
  c.attachments = decode_ids(r.text(7));
  c.published_at = r.timestamp(8);
  c.reads = r.int64(9);
  return c;
}

// consult_id, party, user_id, agree, attachments, at
template <class R>
domain::TeachingConsent consent(const R& r) {
  return {ConsultId(r.text(0)), r.text(1), UserId(r.text(2)), r.boolean(3), decode_ids(r.text(4)), r.timestamp(5)};
}

// "eczeem hand" → "\"eczeem\" \"hand\"" for FTS5: every word a quoted term (no query syntax
// from the user), all of them required.
inline std::string fts5_terms(std::string_view text) {
  std::string out, word;
  auto flush = [&] {
    if (word.empty()) return;
    out += (out.empty() ? "\"" : " \"") + word + "\"";
    word.clear();
  };
  for (char c : text) {
    if (c == '"' || c == ' ' || c == '\t' || c == '\n' || c == '\r') flush();
    else word += c;
  }
  flush();
  return out;
}

}  // namespace mk::store::teaching_rows
