// SqliteTx: the teaching-case library (consents, cases, FTS5 search). Rows: store/teaching_rows.hpp.
#include "store/sqlite/tx.hpp"
#include "store/teaching_rows.hpp"

namespace mk::store::sqlite {
namespace {

namespace rows = teaching_rows;
using domain::TeachingCase;

std::vector<TeachingCase> read_cases(Query& q) {
  std::vector<TeachingCase> out;
  while (q.step()) out.push_back(rows::teaching_case(q));
  return out;
}

}  // namespace

std::vector<domain::TeachingConsent> SqliteTx::teaching_consents(const ConsultId& consult) {
  auto q = conn_.query("SELECT consult_id, party, user_id, agree, attachments, at FROM teaching_consents "
                       "WHERE consult_id = ? ORDER BY party");
  q.bind(consult);
  std::vector<domain::TeachingConsent> out;
  while (q.step()) out.push_back(rows::consent(q));
  return out;
}

std::optional<TeachingCase> SqliteTx::teaching_case(std::string_view id) {
  auto q = conn_.query(std::string("SELECT ") + rows::kCaseCols + " FROM teaching_cases WHERE id = ?");
  q.bind(id);
  auto found = read_cases(q);
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::optional<TeachingCase> SqliteTx::teaching_case_of(const ConsultId& consult) {
  auto q = conn_.query(std::string("SELECT ") + rows::kCaseCols + " FROM teaching_cases WHERE consult_id = ?");
  q.bind(consult);
  auto found = read_cases(q);
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::vector<TeachingCase> SqliteTx::search_teaching_cases(const TeachingSearch& s) {
  auto terms = rows::fts5_terms(s.text);
  std::string sql = std::string("SELECT ") + rows::kCaseColsOfC + " FROM teaching_cases c";
  if (!terms.empty()) sql += " JOIN teaching_search f ON f.case_id = c.id AND teaching_search MATCH ?";
  sql += " WHERE (? = '' OR c.specialty = ?) ORDER BY ";
  sql += terms.empty() ? "c.published_at DESC" : "f.rank, c.published_at DESC";
  sql += " LIMIT ?";
  auto q = conn_.query(sql);
  if (!terms.empty()) q.bind(terms);
  q.bind_all(s.specialty, s.specialty, int64_t{s.limit});
  return read_cases(q);
}

TeachingStats SqliteTx::teaching_stats(Timestamp from, Timestamp to) {
  auto q = conn_.query("SELECT count(*), coalesce(sum(reads), 0) FROM teaching_cases "
                       "WHERE published_at >= ? AND published_at < ?");
  q.bind_all(from, to);
  q.step();
  return {q.int64(0), q.int64(1)};
}

void SqliteTx::save_teaching_consent(const domain::TeachingConsent& c) {
  conn_.query("INSERT INTO teaching_consents (consult_id, party, user_id, agree, attachments, at) "
              "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (consult_id, party) DO UPDATE SET user_id = excluded.user_id, "
              "agree = excluded.agree, attachments = excluded.attachments, at = excluded.at")
      .bind_all(c.consult_id, c.party, c.user_id, c.agree, rows::encode_ids(c.attachments), c.at)
      .run();
}

void SqliteTx::publish_teaching_case(const TeachingCase& c) {
  conn_.query(std::string("INSERT INTO teaching_cases (") + rows::kCaseCols + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all(c.id, c.consult_id, c.service_id, c.specialty, c.title, c.question, c.advice,
                rows::encode_ids(c.attachments), c.published_at, c.reads)
      .run();
  conn_.query("INSERT INTO teaching_search (case_id, title, question, advice) VALUES (?, ?, ?, ?)")
      .bind_all(c.id, c.title, c.question, c.advice)
      .run();
}

void SqliteTx::unpublish_teaching_case(const ConsultId& consult) {
  auto existing = teaching_case_of(consult);
  if (!existing) return;
  conn_.query("DELETE FROM teaching_search WHERE case_id = ?").bind(existing->id).run();
  conn_.query("DELETE FROM teaching_cases WHERE id = ?").bind(existing->id).run();
}

void SqliteTx::count_teaching_read(std::string_view id) {
  conn_.query("UPDATE teaching_cases SET reads = reads + 1 WHERE id = ?").bind(id).run();
}

}  // namespace mk::store::sqlite
