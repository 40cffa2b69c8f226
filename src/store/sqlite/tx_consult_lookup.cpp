// What the FHIR interface looks consults up by: the identifiers client systems gave them at create
// (ServiceRequest.identifier, schema 0010), and their messages' and attachments' own ids.
#include "store/sqlite/tx.hpp"

namespace mk::store::sqlite {

std::vector<domain::ExternalIdentifier> SqliteTx::consult_identifiers(const ConsultId& consult) {
  auto q = conn_.query("SELECT system, value FROM consult_identifiers WHERE consult_id = ? ORDER BY system, value");
  q.bind(consult.str());
  std::vector<domain::ExternalIdentifier> out;
  while (q.step()) out.push_back({q.text(0), q.text(1)});
  return out;
}

bool SqliteTx::add_consult_identifier(const ConsultId& consult, const OrgId& practice,
                                      const domain::ExternalIdentifier& id) {
  conn_.query("INSERT INTO consult_identifiers (practice_id, system, value, consult_id) VALUES (?, ?, ?, ?) "
              "ON CONFLICT DO NOTHING")
      .bind_all(practice, id.system, id.value, consult)
      .run();
  return conn_.changes() == 1;
}

std::optional<ConsultId> SqliteTx::consult_of_message(const MessageId& id) {
  auto q = conn_.query("SELECT consult_id FROM consult_messages WHERE id = ?");
  q.bind(id.str());
  if (!q.step()) return std::nullopt;
  return ConsultId(q.text(0));
}

std::optional<ConsultId> SqliteTx::consult_of_attachment(const AttachmentId& id) {
  auto q = conn_.query("SELECT consult_id FROM attachments WHERE id = ?");
  q.bind(id.str());
  if (!q.step()) return std::nullopt;
  return ConsultId(q.text(0));
}

}  // namespace mk::store::sqlite
