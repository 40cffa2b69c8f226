// The FHIR searches over consults (issue 7): the JSON API's visibility rules (practice: its own
// consults; consultant and coordinator: their queue's services, no drafts), whole consults,
// each result audited as a list read like GET /consults.
#include <algorithm>

#include "app/access.hpp"
#include "app/consult_cursor.hpp"
#include "app/consults.hpp"

namespace mk::app {
namespace {

using domain::Role;

// The consults the caller may see, as a filter; false when that is none at all.
bool restrict_to_visible(store::ReadTx& tx, const Actor& a, store::ConsultFilter& f) {
  if (a.role == Role::gp || a.role == Role::assistant) {
    f.practice_id = a.organization_id;
    return true;
  }
  if (a.role != Role::consultant && a.role != Role::coordinator)
    throw Error(Errc::forbidden, "Not allowed", "your role does not see consults");
  auto queue = access::queue_services(tx, a);
  if (f.service_ids.empty()) {
    f.service_ids = queue;
  } else {  // services outside the queue find nothing rather than everything

    std::erase_if(f.service_ids,
                  [&](const ServiceId& s) { return std::find(queue.begin(), queue.end(), s) == queue.end(); });
  }
  f.exclude_drafts = true;
  return !f.service_ids.empty();
}

store::ConsultFilter filter_of(const ConsultSearch& in) {
  store::ConsultFilter f;
  f.ids = in.ids;
  f.statuses = in.statuses;
  f.service_ids = in.service_ids;
  f.assignee_id = in.assignee_id;
  f.unassigned = in.unassigned;
  f.patient_id = in.patient_id;
  f.patient_bsn = in.patient_bsn;
  f.requester_id = in.requester_id;
  f.reference = in.reference;
  f.identifier = in.identifier;
  f.submitted_from = in.submitted_from;
  f.submitted_to = in.submitted_to;
  f.updated_from = in.updated_from;
  f.updated_to = in.updated_to;
  return f;
}

}  // namespace

ConsultPage Consults::search(const RequestContext& ctx, const ConsultSearch& in) {
  if (in.limit < 1 || in.limit > 100)
    throw Error(Errc::validation, "The request has invalid fields", "_count: must be 1 to 100",
                {{"_count", "must be between 1 and 100"}});
  store::PageRequest page{decode_consult_cursor(in.cursor), in.limit};
  auto filter = filter_of(in);
  return store_.write([&](store::WriteTx& tx) {
    auto f = filter;
    ConsultPage out;
    if (!restrict_to_visible(tx, ctx.actor, f) || in.nothing) return out;
    auto result = with_cursor_check([&] { return tx.consults(f, store::ConsultOrder::updated_desc, page); });
    for (const auto& s : result.items) {
      auto c = tx.consult_for_read(s.id);  // not locked: a poll never waits for a change
      if (!c) continue;
      audit_.record(tx, acting_for(ctx, *c), {"consult.list", "R"}, consult_subject(tx, *c));
      out.items.push_back(view(tx, std::move(*c)));
    }
    out.next_cursor = result.next.empty() ? "" : base64url_encode(result.next);
    return out;
  });
}

std::optional<ConsultId> Consults::consult_of(const MessageId& id) {
  return store_.read([&](store::ReadTx& tx) { return tx.consult_of_message(id); });
}

std::optional<ConsultId> Consults::consult_of(const AttachmentId& id) {
  return store_.read([&](store::ReadTx& tx) { return tx.consult_of_attachment(id); });
}

}  // namespace mk::app
