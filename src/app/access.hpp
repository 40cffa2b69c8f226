#pragma once
// The role rules of DESIGN §3, decided here and nowhere else. Handlers and use cases ask;
// they never compare roles themselves.
#include <initializer_list>
#include <string_view>
#include <vector>

#include "app/context.hpp"
#include "store/store.hpp"

namespace mk::app::access {

enum class ConsultAction {
  read, edit_draft, submit, accept, assign, answer, request_info, gp_message, consultant_note, redirect,
  cancel, close, follow_up, attach
};

// May the actor see this consult at all? When not, callers answer 404 (no existence leak).
// GP and assistant: consults of their practice. Consultant: consults (not drafts) currently
// addressed to one of its services. Coordinator: consults (not drafts) currently addressed
// to a service of its organisation or an organisation below it. Nobody else. After a
// redirect the previous service's people lose access, because only the current one counts.
bool can_view(store::ReadTx& tx, const Actor& actor, const domain::Consult& c);
// The same decision from the ids alone, without loading the consult: the live events of
// app/events decide with it which subscribers hear of a change.
bool can_view_ids(store::ReadTx& tx, const Actor& actor, const OrgId& practice, const ServiceId& service,
                  domain::ConsultStatus status);

// For a visible consult: throws Error{forbidden} naming the reason when this action is not
// the actor's (a consultant closing, a GP answering, a consultant answering a consult
// assigned to a colleague).
void require(store::ReadTx& tx, const Actor& actor, const domain::Consult& c, ConsultAction action);

// Who may create consults (GPs, and assistants as drafts for a GP of their practice).
bool can_create_consults(const Actor& actor);

// The services whose queue the actor works: a consultant's own services; a coordinator's
// organisation's services (its subtree). Empty for everyone else.
std::vector<ServiceId> queue_services(store::ReadTx& tx, const Actor& actor);

// The organisation and every organisation below it in the tree.
std::vector<OrgId> org_subtree(store::ReadTx& tx, const OrgId& root);

// Privacy officers read the access log of their organisation's (subtree's) consults.
bool can_read_audit(const Actor& actor);

// The care group (nearest ancestor of type care_group) of a practice, if any.
std::optional<OrgId> care_group_of(store::ReadTx& tx, const OrgId& practice);

// A service accepts a practice when its `accepts` list is empty or names the practice's
// care group (or the practice itself).
bool service_accepts(store::ReadTx& tx, const domain::Service& s, const OrgId& practice);

// On-site sessions (issue 8). Managed (created, moved, cancelled) by the coordinators whose
// queue holds the session's service and by the session's own consultant. Seen by those, by the
// service's other consultants, and by GPs and assistants of a practice in `open_to` (directly or
// through its care group); nobody else (404). Booked by the GPs who see it.
bool can_manage_session(store::ReadTx& tx, const Actor& actor, const domain::OnsiteSession& s);
bool can_see_session(store::ReadTx& tx, const Actor& actor, const domain::OnsiteSession& s);
bool can_book_session(store::ReadTx& tx, const Actor& actor, const domain::OnsiteSession& s);

}  // namespace mk::app::access
