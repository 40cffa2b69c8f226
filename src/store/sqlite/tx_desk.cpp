// SqliteTx: één loket — desk questions and the practices that share them (store/desk_rows.hpp).
#include "store/billing_rows.hpp"
#include "store/desk_rows.hpp"
#include "store/sqlite/tx.hpp"
#include "store/sqlite/where_clause.hpp"

namespace mk::store::sqlite {
namespace {

namespace rows = desk_rows;
using domain::DeskQuestion;


}  // namespace

std::optional<DeskQuestion> SqliteTx::desk_question(std::string_view id) {
  auto q = conn_.query(std::string(rows::kSelect) + " WHERE q.id = ?");
  q.bind(id);
  if (!q.step()) return std::nullopt;
  return rows::question(q);
}

std::vector<DeskQuestion> SqliteTx::desk_questions(const DeskFilter& f) {
  WhereClause w;
  if (f.status) w.add("q.status = ?", {std::string(domain::to_string(*f.status))});
  if (f.topic) w.add("q.topic = ?", {std::string(domain::to_string(*f.topic))});
  if (f.direction) w.add("q.direction = ?", {std::string(domain::to_string(*f.direction))});
  if (f.from_org) w.add("q.from_org_id = ?", {f.from_org->str()});
  std::vector<std::string> routed;
  for (const auto& o : f.routed_to_any) routed.push_back(o.str());
  w.add_in("q.routed_to", routed);
  if (!f.include_merged) w.add("q.merged_into IS NULL");
  auto q = conn_.query(std::string(rows::kSelect) + w.sql() + " ORDER BY q.updated_at DESC, q.id");
  w.bind(q);
  std::vector<DeskQuestion> out;
  while (q.step()) out.push_back(rows::question(q));
  return out;
}

std::vector<OrgId> SqliteTx::desk_supporters(std::string_view question) {
  auto q = conn_.query("SELECT practice_id FROM desk_supporters WHERE question_id = ? ORDER BY at, practice_id");
  q.bind(question);
  std::vector<OrgId> out;
  while (q.step()) out.emplace_back(q.text(0));
  return out;
}

void SqliteTx::insert_desk_question(DeskQuestion& d) {
  // One writer: the count cannot change before the insert.
  const std::string prefix = rows::reference_prefix(d.created_at);
  auto n = conn_.query("SELECT count(*) FROM desk_questions WHERE reference LIKE ?");
  n.bind(prefix + "%");
  n.step();
  d.reference = prefix + rows::reference_number(n.int64(0) + 1);
  conn_.query(std::string("INSERT INTO desk_questions (") + rows::kInsertCols + ") VALUES (" +
              billing_rows::value_list(17, false) + ")")
      .bind_all(d.id, d.reference, std::string(domain::to_string(d.direction)), d.from_org_id, d.created_by, d.title,
                d.text, std::string(domain::to_string(d.topic)), rows::join_pc4(d.area_pc4),
                std::string(domain::to_string(d.status)), d.routed_to, d.answer, d.public_answer, d.merged_into,
                d.created_at, d.updated_at, int64_t{d.version})
      .run();
}

void SqliteTx::update_desk_question(const DeskQuestion& d, int expected_version) {
  conn_.query(std::string("UPDATE desk_questions SET ") + rows::kUpdateSet + " WHERE id = ? AND version = ?")
      .bind_all(d.title, d.text, std::string(domain::to_string(d.topic)), rows::join_pc4(d.area_pc4),
                std::string(domain::to_string(d.status)), d.routed_to, d.answer, d.public_answer, d.merged_into,
                d.updated_at, int64_t{d.version}, d.id, int64_t{expected_version})
      .run();
  if (conn_.changes() != 1)
    throw Error(Errc::conflict, "Conflict", "the desk question was changed by someone else; reload it");
}

bool SqliteTx::add_desk_supporter(std::string_view question, const OrgId& practice, const UserId& user, Timestamp at) {
  conn_.query("INSERT INTO desk_supporters (question_id, practice_id, user_id, at) VALUES (?, ?, ?, ?) "
              "ON CONFLICT DO NOTHING")
      .bind_all(question, practice, user, at)
      .run();
  return conn_.changes() == 1;
}

void SqliteTx::move_desk_supporters(std::string_view from, std::string_view to) {
  conn_.query("INSERT INTO desk_supporters (question_id, practice_id, user_id, at) "
              "SELECT ?, practice_id, user_id, at FROM desk_supporters WHERE question_id = ? ON CONFLICT DO NOTHING")
      .bind_all(to, from)
      .run();
  conn_.query("DELETE FROM desk_supporters WHERE question_id = ?").bind(from).run();
}

}  // namespace mk::store::sqlite
