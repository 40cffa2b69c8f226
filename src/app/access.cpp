#include "app/access.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "core/error.hpp"

namespace mk::app::access {
namespace {

using domain::ConsultStatus;
using domain::Role;

bool contains(const std::vector<ServiceId>& v, const ServiceId& id) {
  return std::find(v.begin(), v.end(), id) != v.end();
}

bool org_within(store::ReadTx& tx, OrgId org, const OrgId& root) {
  for (int depth = 0; depth < 32; ++depth) {  // the tree is shallow; the bound stops cycles
    if (org == root) return true;
    auto o = tx.organization(org);
    if (!o || !o->part_of) return false;
    org = *o->part_of;
  }
  return false;
}

bool practice_member(const Actor& a, const OrgId& practice) {
  return (a.role == Role::gp || a.role == Role::assistant) && a.organization_id == practice;
}
bool practice_member(const Actor& a, const domain::Consult& c) { return practice_member(a, c.practice_id); }

bool service_member(store::ReadTx& tx, const Actor& a, const ServiceId& service, ConsultStatus status) {
  if (status == ConsultStatus::draft) return false;
  if (a.role == Role::consultant) return contains(a.services, service);
  if (a.role == Role::coordinator) {
    auto s = tx.service(service);
    return s && org_within(tx, s->organization_id, a.organization_id);
  }
  return false;
}
bool service_member(store::ReadTx& tx, const Actor& a, const domain::Consult& c) {
  return service_member(tx, a, c.service_id, c.status);
}

[[noreturn]] void forbid(std::string detail) {
  throw Error(Errc::forbidden, "Not allowed", std::move(detail));
}

void require_practice_gp(const Actor& a, const domain::Consult& c, std::string_view what) {
  if (!practice_member(a, c) || a.role != Role::gp)
    forbid("only a GP of the requesting practice can " + std::string(what));
}

void require_consultant(const Actor& a, const domain::Consult& c, std::string_view what) {
  if (a.role != Role::consultant || !contains(a.services, c.service_id))
    forbid("only a consultant of the consult's service can " + std::string(what));
  if (c.assignee_id && *c.assignee_id != a.id)
    forbid("the consult is assigned to another consultant");
}

}  // namespace

bool can_view(store::ReadTx& tx, const Actor& actor, const domain::Consult& c) {
  return can_view_ids(tx, actor, c.practice_id, c.service_id, c.status);
}

bool can_view_ids(store::ReadTx& tx, const Actor& actor, const OrgId& practice, const ServiceId& service,
                  domain::ConsultStatus status) {
  return practice_member(actor, practice) || service_member(tx, actor, service, status);
}

void require(store::ReadTx& tx, const Actor& a, const domain::Consult& c, ConsultAction action) {
  switch (action) {
    case ConsultAction::read: return;
    case ConsultAction::edit_draft:
      if (!practice_member(a, c)) forbid("only the requesting practice can edit its draft");
      return;
    case ConsultAction::submit: return require_practice_gp(a, c, "submit a consult");
    case ConsultAction::gp_message: return require_practice_gp(a, c, "reply as the requester");
    case ConsultAction::cancel:
      if (a.role == Role::assistant && practice_member(a, c) && c.status == ConsultStatus::draft) return;
      return require_practice_gp(a, c, "cancel a consult");
    case ConsultAction::close: return require_practice_gp(a, c, "close a consult");
    case ConsultAction::follow_up: return require_practice_gp(a, c, "record the follow-up");
    case ConsultAction::accept:
      if (a.role != Role::consultant || !contains(a.services, c.service_id))
        forbid("only a consultant of the consult's service can accept it");
      if (c.assignee_id && *c.assignee_id != a.id) forbid("the consult is assigned to another consultant");
      return;
    case ConsultAction::assign:
      if (a.role == Role::coordinator && service_member(tx, a, c)) return;
      forbid("only a coordinator of the service can assign a consult to someone else");
    case ConsultAction::answer: return require_consultant(a, c, "answer a consult");
    case ConsultAction::request_info: return require_consultant(a, c, "request information");
    case ConsultAction::consultant_note:
      if (a.role != Role::consultant || !contains(a.services, c.service_id))
        forbid("only a consultant of the consult's service can add a note");
      return;
    case ConsultAction::redirect:
      if ((a.role == Role::consultant && contains(a.services, c.service_id)) ||
          (a.role == Role::coordinator && service_member(tx, a, c)))
        return;
      forbid("only a consultant or coordinator of the consult's service can redirect it");
    case ConsultAction::attach:
      if (practice_member(a, c) || (a.role == Role::consultant && contains(a.services, c.service_id))) return;
      forbid("only the requesting practice or a consultant of the service can add attachments");
  }
}

bool can_create_consults(const Actor& actor) { return actor.role == Role::gp || actor.role == Role::assistant; }

std::vector<ServiceId> queue_services(store::ReadTx& tx, const Actor& actor) {
  if (actor.role == Role::consultant) return actor.services;
  std::vector<ServiceId> out;
  if (actor.role != Role::coordinator) return out;
  auto orgs = org_subtree(tx, actor.organization_id);
  for (const auto& s : tx.services())
    if (std::find(orgs.begin(), orgs.end(), s.organization_id) != orgs.end()) out.push_back(s.id);
  return out;
}

std::vector<OrgId> org_subtree(store::ReadTx& tx, const OrgId& root) {
  std::unordered_map<OrgId, std::vector<OrgId>> children;
  for (const auto& o : tx.organizations())
    if (o.part_of) children[*o.part_of].push_back(o.id);
  std::vector<OrgId> out{root};
  std::unordered_set<OrgId> seen{root};
  for (size_t i = 0; i < out.size(); ++i) {
    auto it = children.find(out[i]);
    if (it == children.end()) continue;
    for (const auto& child : it->second)
      if (seen.insert(child).second) out.push_back(child);
  }
  return out;
}

bool can_read_audit(const Actor& actor) { return actor.role == Role::privacy_officer; }

std::optional<OrgId> care_group_of(store::ReadTx& tx, const OrgId& practice) {
  OrgId org = practice;
  for (int depth = 0; depth < 32; ++depth) {
    auto o = tx.organization(org);
    if (!o) return std::nullopt;
    if (o->type == domain::OrgType::care_group) return o->id;
    if (!o->part_of) return std::nullopt;
    org = *o->part_of;
  }
  return std::nullopt;
}

bool service_accepts(store::ReadTx& tx, const domain::Service& s, const OrgId& practice) {
  if (s.accepts.empty()) return true;
  auto group = care_group_of(tx, practice);
  for (const auto& accepted : s.accepts)
    if (accepted == practice || (group && accepted == *group)) return true;
  return false;
}

namespace {
bool in_queue(store::ReadTx& tx, const Actor& actor, const ServiceId& service) {
  auto queue = queue_services(tx, actor);
  return std::find(queue.begin(), queue.end(), service) != queue.end();
}

bool open_to_practice(store::ReadTx& tx, const domain::OnsiteSession& s, const OrgId& practice) {
  auto named = [&](const OrgId& o) { return std::find(s.open_to.begin(), s.open_to.end(), o) != s.open_to.end(); };
  if (named(practice)) return true;
  auto group = care_group_of(tx, practice);
  return group && named(*group);
}
}  // namespace

bool can_manage_session(store::ReadTx& tx, const Actor& actor, const domain::OnsiteSession& s) {
  if (actor.role == Role::consultant) return actor.id == s.consultant_id;
  return actor.role == Role::coordinator && in_queue(tx, actor, s.service_id);
}

bool can_see_session(store::ReadTx& tx, const Actor& actor, const domain::OnsiteSession& s) {
  switch (actor.role) {
    case Role::consultant:
    case Role::coordinator: return can_manage_session(tx, actor, s) || in_queue(tx, actor, s.service_id);
    case Role::gp:
    case Role::assistant: return open_to_practice(tx, s, actor.organization_id);
    default: return false;
  }
}

bool can_book_session(store::ReadTx& tx, const Actor& actor, const domain::OnsiteSession& s) {
  return actor.role == Role::gp && open_to_practice(tx, s, actor.organization_id);
}

}  // namespace mk::app::access
