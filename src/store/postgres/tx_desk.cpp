// PgTx: één loket — desk questions and the practices that share them (store/desk_rows.hpp).
#include "store/billing_rows.hpp"
#include "store/desk_rows.hpp"
#include "store/postgres/rows.hpp"
#include "store/postgres/tx.hpp"
#include "store/postgres/where_clause.hpp"

namespace mk::store::pg {
namespace {

namespace rows = desk_rows;
using domain::DeskQuestion;

}  // namespace

std::optional<DeskQuestion> PgTx::desk_question(std::string_view id) {
  auto r = conn_.exec(std::string(rows::kSelect) + " WHERE q.id = $1", Params().add(id));
  if (r.rows() == 0) return std::nullopt;
  return rows::question(r.row(0));
}

std::vector<DeskQuestion> PgTx::desk_questions(const DeskFilter& f) {
  WhereClause w;
  if (f.status) w.add("q.status = ?", {std::string(domain::to_string(*f.status))});
  if (f.topic) w.add("q.topic = ?", {std::string(domain::to_string(*f.topic))});
  if (f.direction) w.add("q.direction = ?", {std::string(domain::to_string(*f.direction))});
  if (f.from_org) w.add("q.from_org_id = ?", {f.from_org->str()});
  std::vector<std::string> routed;
  for (const auto& o : f.routed_to_any) routed.push_back(o.str());
  w.add_any("q.routed_to", routed);
  if (!f.include_merged) w.add("q.merged_into IS NULL");
  auto r = conn_.exec(std::string(rows::kSelect) + w.sql() + " ORDER BY q.updated_at DESC, q.id", w.params());
  std::vector<DeskQuestion> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(rows::question(r.row(i)));
  return out;
}

std::vector<OrgId> PgTx::desk_supporters(std::string_view question) {
  auto r = conn_.exec("SELECT practice_id FROM desk_supporters WHERE question_id = $1 ORDER BY at, practice_id",
                      Params().add(question));
  std::vector<OrgId> out;
  for (int i = 0; i < r.rows(); ++i) out.emplace_back(r.row(i).text(0));
  return out;
}

void PgTx::insert_desk_question(DeskQuestion& d) {
  // Desk questions are rare: numbering takes turns (the count and the insert are one step).
  conn_.exec("LOCK TABLE desk_questions IN SHARE ROW EXCLUSIVE MODE", Params());
  const std::string prefix = rows::reference_prefix(d.created_at);
  auto n = conn_.exec("SELECT count(*) FROM desk_questions WHERE reference LIKE $1", Params().add(prefix + "%"));
  d.reference = prefix + rows::reference_number(n.row(0).int64(0) + 1);
  conn_.exec(std::string("INSERT INTO desk_questions (") + rows::kInsertCols + ") VALUES (" +
                 billing_rows::value_list(17, true) + ")",
             Params().add_all(d.id, d.reference, std::string(domain::to_string(d.direction)), d.from_org_id,
                              d.created_by, d.title, d.text, std::string(domain::to_string(d.topic)),
                              rows::join_pc4(d.area_pc4), std::string(domain::to_string(d.status)), d.routed_to,
                              d.answer, d.public_answer, d.merged_into, d.created_at, d.updated_at,
                              int64_t{d.version}));
}

void PgTx::update_desk_question(const DeskQuestion& d, int expected_version) {
  auto r = conn_.exec(numbered(std::string("UPDATE desk_questions SET ") + rows::kUpdateSet + " WHERE id = ? AND version = ?"),
                      Params().add_all(d.title, d.text, std::string(domain::to_string(d.topic)), rows::join_pc4(d.area_pc4),
                                       std::string(domain::to_string(d.status)), d.routed_to, d.answer, d.public_answer,
                                       d.merged_into, d.updated_at, int64_t{d.version}, d.id, int64_t{expected_version}));
  if (r.affected() != 1) throw Error(Errc::conflict, "Conflict", "the desk question was changed by someone else; reload it");
}

bool PgTx::add_desk_supporter(std::string_view question, const OrgId& practice, const UserId& user, Timestamp at) {
  auto r = conn_.exec("INSERT INTO desk_supporters (question_id, practice_id, user_id, at) VALUES ($1, $2, $3, $4) "
                      "ON CONFLICT DO NOTHING",
                      Params().add_all(question, practice, user, at));
  return r.affected() == 1;
}

void PgTx::move_desk_supporters(std::string_view from, std::string_view to) {
  conn_.exec("INSERT INTO desk_supporters (question_id, practice_id, user_id, at) "
             "SELECT $1, practice_id, user_id, at FROM desk_supporters WHERE question_id = $2 ON CONFLICT DO NOTHING",
             Params().add_all(to, from));
  conn_.exec("DELETE FROM desk_supporters WHERE question_id = $1", Params().add(from));
}

}  // namespace mk::store::pg
