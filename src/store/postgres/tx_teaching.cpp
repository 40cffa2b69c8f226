// PgTx: the teaching-case library (consents, cases, Dutch text search over a generated
// tsvector with a GIN index). Rows: store/teaching_rows.hpp.
#include "store/postgres/tx.hpp"
#include "store/teaching_rows.hpp"

namespace mk::store::pg {
namespace {

namespace rows = teaching_rows;
using domain::TeachingCase;

std::vector<TeachingCase> read_cases(const Result& r) {
  std::vector<TeachingCase> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(rows::teaching_case(r.row(i)));
  return out;
}

std::optional<TeachingCase> first(std::vector<TeachingCase> found) {
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

}  // namespace

std::vector<domain::TeachingConsent> PgTx::teaching_consents(const ConsultId& consult) {
  auto r = conn_.exec("SELECT consult_id, party, user_id, agree, attachments, at FROM teaching_consents "
                      "WHERE consult_id = $1 ORDER BY party",
                      Params().add(consult));
  std::vector<domain::TeachingConsent> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(rows::consent(r.row(i)));
  return out;
}

std::optional<TeachingCase> PgTx::teaching_case(std::string_view id) {
  return first(read_cases(
      conn_.exec(std::string("SELECT ") + rows::kCaseCols + " FROM teaching_cases WHERE id = $1", Params().add(id))));
}

std::optional<TeachingCase> PgTx::teaching_case_of(const ConsultId& consult) {
  return first(read_cases(conn_.exec(std::string("SELECT ") + rows::kCaseCols + " FROM teaching_cases WHERE consult_id = $1",
                                     Params().add(consult))));
}

std::vector<TeachingCase> PgTx::search_teaching_cases(const TeachingSearch& s) {
  // websearch_to_tsquery: the user's words, never query syntax errors; all words required.
  return read_cases(conn_.exec(
      std::string("SELECT ") + rows::kCaseCols + " FROM teaching_cases "
      "WHERE ($1 = '' OR search @@ websearch_to_tsquery('dutch', $1)) AND ($2 = '' OR specialty = $2) "
      "ORDER BY CASE WHEN $1 = '' THEN 0 ELSE ts_rank(search, websearch_to_tsquery('dutch', $1)) END DESC, "
      "published_at DESC LIMIT $3",
      Params().add_all(s.text, s.specialty, int64_t{s.limit})));
}

TeachingStats PgTx::teaching_stats(Timestamp from, Timestamp to) {
  auto r = conn_.exec("SELECT count(*), coalesce(sum(reads), 0)::bigint FROM teaching_cases "
                      "WHERE published_at >= $1 AND published_at < $2",
                      Params().add_all(from, to));
  return {r.row(0).int64(0), r.row(0).int64(1)};
}

void PgTx::save_teaching_consent(const domain::TeachingConsent& c) {
  conn_.exec("INSERT INTO teaching_consents (consult_id, party, user_id, agree, attachments, at) "
             "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (consult_id, party) DO UPDATE SET user_id = excluded.user_id, "
             "agree = excluded.agree, attachments = excluded.attachments, at = excluded.at",
             Params().add_all(c.consult_id, c.party, c.user_id, c.agree, rows::encode_ids(c.attachments), c.at));
}

void PgTx::publish_teaching_case(const TeachingCase& c) {
  conn_.exec(std::string("INSERT INTO teaching_cases (") + rows::kCaseCols +
                 ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
             Params().add_all(c.id, c.consult_id, c.service_id, c.specialty, c.title, c.question, c.advice,
                              rows::encode_ids(c.attachments), c.published_at, c.reads));
}

void PgTx::unpublish_teaching_case(const ConsultId& consult) {
  conn_.exec("DELETE FROM teaching_cases WHERE consult_id = $1", Params().add(consult));
}

void PgTx::count_teaching_read(std::string_view id) {
  conn_.exec("UPDATE teaching_cases SET reads = reads + 1 WHERE id = $1", Params().add(id));
}

}  // namespace mk::store::pg
