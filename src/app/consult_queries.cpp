// Consult lists (the boxes of DESIGN §10) and the SOEP summary for the GP's record system.
#include <chrono>
#include <map>
#include <sstream>

#include "app/access.hpp"
#include "app/consults.hpp"
#include "app/consult_cursor.hpp"
#include "app/crypto.hpp"
#include "domain/workflow.hpp"

namespace mk::app {
namespace {

using domain::ConsultStatus;
using domain::Role;

bool practice_role(const Actor& a) { return a.role == Role::gp || a.role == Role::assistant; }
bool service_role(const Actor& a) { return a.role == Role::consultant || a.role == Role::coordinator; }

[[noreturn]] void bad_box(const std::string& box, const std::string& why) {
  throw Error(Errc::validation, "The request has invalid fields", "box: " + why, {{"box", why + " ('" + box + "')"}});
}

std::vector<ConsultStatus> parse_statuses(const std::string& text) {
  std::vector<ConsultStatus> out;
  std::stringstream ss(text);
  std::string part;
  while (std::getline(ss, part, ',')) {
    if (part.empty()) continue;
    auto s = domain::parse_enum<ConsultStatus>(part);
    if (!s)
      throw Error(Errc::validation, "The request has invalid fields", "status: unknown status '" + part + "'",
                  {{"status", "unknown status '" + part + "'"}});
    out.push_back(*s);
  }
  return out;
}

}  // namespace

ConsultList Consults::list(const RequestContext& ctx, const ListInput& in) {
  const Actor& a = ctx.actor;
  std::string box = in.box;
  if (box.empty()) {
    if (practice_role(a)) box = "practice";
    else if (service_role(a)) box = "service";
    else throw Error(Errc::forbidden, "Not allowed", "your role has no consult boxes");
  }
  if (in.limit < 1 || in.limit > 200)
    throw Error(Errc::validation, "The request has invalid fields", "limit: must be 1 to 200",
                {{"limit", "must be between 1 and 200"}});
  store::ConsultFilter filter;
  filter.statuses = parse_statuses(in.status);
  filter.text = in.q;
  auto order = store::ConsultOrder::updated_desc;
  store::PageRequest page{decode_consult_cursor(in.cursor), in.limit};

  return store_.write([&](store::WriteTx& tx) {
    if (box == "practice" || box == "follow_up") {
      if (!practice_role(a)) bad_box(box, "only for GPs and assistants");
      filter.practice_id = a.organization_id;
      if (box == "follow_up") {
        filter.statuses = {ConsultStatus::closed};
        filter.closed_before = clock_.now() - std::chrono::days{90};
        filter.follow_up_missing = true;
        filter.outcome = domain::OutcomeResult::treated_by_gp;  // the check confirms an avoided referral
      }
    } else if (box == "service" || box == "assigned") {
      if (!service_role(a)) bad_box(box, "only for consultants and coordinators");
      filter.exclude_drafts = true;
      order = store::ConsultOrder::due_asc;
      if (box == "assigned") filter.assignee_id = a.id;
      else filter.service_ids = access::queue_services(tx, a);
      if (box == "service" && filter.service_ids.empty()) return ConsultList{};
    } else {
      bad_box(box, "must be practice, service, assigned or follow_up");
    }
    if (in.overdue) {
      filter.statuses = {ConsultStatus::submitted, ConsultStatus::accepted};
      filter.due_before = clock_.now();
      filter.unanswered = true;
    }
    auto result = with_cursor_check([&] { return tx.consults(filter, order, page); });
    ConsultList out;
    std::map<ServiceId, domain::Service> services;
    auto now = clock_.now();
    for (auto& s : result.items) {
      auto it = services.find(s.service_id);
      if (it == services.end()) {
        auto svc = tx.service(s.service_id);
        it = services.emplace(s.service_id, svc.value_or(domain::Service{})).first;
      }
      AuditSubject subject{s.patient.bsn, "consult", s.id.str(), s.id.str(), s.practice_id.str(),
                           it->second.organization_id.str()};
      audit_.record(tx, ctx, {"consult.list", "R"}, subject);
      ConsultListItem item{std::move(s), it->second.name, it->second.specialty, false};
      item.overdue = domain::is_overdue(item.summary.status, item.summary.due_at, item.summary.first_answer_at, now);
      out.items.push_back(std::move(item));
    }
    out.next_cursor = result.next.empty() ? "" : base64url_encode(result.next);
    return out;
  });
}

}  // namespace mk::app
