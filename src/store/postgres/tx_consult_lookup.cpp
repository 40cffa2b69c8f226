// What the FHIR interface looks consults up by: the identifiers client systems gave them at create
// (ServiceRequest.identifier, schema 0010), and their messages' and attachments' own ids.
#include "store/postgres/tx.hpp"

namespace mk::store::pg {

std::vector<domain::ExternalIdentifier> PgTx::consult_identifiers(const ConsultId& consult) {
  auto r = conn_.exec("SELECT system, value FROM consult_identifiers WHERE consult_id = $1 ORDER BY system, value",
                      Params().add(consult));
  std::vector<domain::ExternalIdentifier> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back({r.row(i).text(0), r.row(i).text(1)});
  return out;
}

// ON CONFLICT DO NOTHING: a concurrent create with the same identifier waits on the primary key
// and then inserts nothing, so the loser learns it from the count instead of an aborted transaction.
bool PgTx::add_consult_identifier(const ConsultId& consult, const OrgId& practice,
                                  const domain::ExternalIdentifier& id) {
  auto r = conn_.exec("INSERT INTO consult_identifiers (practice_id, system, value, consult_id) "
                      "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                      Params().add_all(practice, id.system, id.value, consult));
  return r.affected() == 1;
}

std::optional<ConsultId> PgTx::consult_of_message(const MessageId& id) {
  auto r = conn_.exec("SELECT consult_id FROM consult_messages WHERE id = $1", Params().add(id));
  if (r.rows() == 0) return std::nullopt;
  return ConsultId(r.row(0).text(0));
}

std::optional<ConsultId> PgTx::consult_of_attachment(const AttachmentId& id) {
  auto r = conn_.exec("SELECT consult_id FROM attachments WHERE id = $1", Params().add(id));
  if (r.rows() == 0) return std::nullopt;
  return ConsultId(r.row(0).text(0));
}

}  // namespace mk::store::pg
