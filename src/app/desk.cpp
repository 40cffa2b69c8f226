#include "app/desk.hpp"

#include <algorithm>

#include "app/access.hpp"
#include "domain/desk.hpp"

namespace mk::app {
namespace {

using domain::DeskDirection;
using domain::DeskQuestion;
using domain::DeskStatus;
using domain::Role;

constexpr size_t kMaxTitle = 200;
constexpr size_t kMaxText = 5000;
constexpr const char* kNoPatientData =
    "holds a number like a BSN: the desk takes no patient data (geen patiëntgegevens aan het loket)";

void check_text(const std::optional<std::string>& text, const char* field, size_t max, bool required, Validation& v) {
  if (!text || text->find_first_not_of(" \t\r\n") == std::string::npos) {
    if (required) v.add(field, "is required");
    return;
  }
  if (text->size() > max) v.add(field, "is at most " + std::to_string(max) + " characters");
  else if (domain::has_bsn_like_number(*text)) v.add(field, kNoPatientData);
}

// What the caller may see of one question.
bool visible(store::ReadTx& tx, const Actor& a, const DeskQuestion& q) {
  bool public_answer = !q.public_answer.empty() &&
                       (q.status == DeskStatus::answered || q.status == DeskStatus::closed);
  switch (a.role) {
    case Role::desk_officer: return true;
    case Role::third_party: return q.from_org_id == a.organization_id || q.routed_to == a.organization_id;
    case Role::gp: return q.direction == DeskDirection::outward || public_answer;
    case Role::care_group_manager: {
      if (public_answer) return true;
      if (!q.routed_to) return false;
      auto own = access::org_subtree(tx, a.organization_id);
      return std::find(own.begin(), own.end(), *q.routed_to) != own.end();
    }
    default: return false;
  }
}

void require_desk_user(const Actor& a) {
  if (a.role != Role::desk_officer && a.role != Role::third_party && a.role != Role::gp &&
      a.role != Role::care_group_manager)
    throw Error(Errc::forbidden, "Forbidden", "the desk is for desk officers, third parties, GPs and care groups");
}

DeskQuestionView view(store::ReadTx& tx, const Actor& a, DeskQuestion q) {
  DeskQuestionView v{std::move(q), "", "", false};
  if (auto o = tx.organization(v.question.from_org_id)) v.from_org_name = o->name;
  if (v.question.routed_to)
    if (auto o = tx.organization(*v.question.routed_to)) v.routed_to_name = o->name;
  // The answer for the asker stays with the asker's side and the desk.
  bool asker_side = a.role == Role::desk_officer || a.organization_id == v.question.from_org_id ||
                    v.question.routed_to == a.organization_id;
  if (!asker_side && a.role != Role::care_group_manager) v.question.answer.clear();
  if (a.role == Role::gp) {
    auto s = tx.desk_supporters(v.question.id);
    v.supported_by_me = std::find(s.begin(), s.end(), a.organization_id) != s.end();
  }
  return v;
}

DeskQuestion load(store::ReadTx& tx, const Actor& a, const std::string& id) {
  require_desk_user(a);
  auto q = tx.desk_question(id);
  if (!q || !visible(tx, a, *q)) throw Error(Errc::not_found, "Not found", "no such desk question");
  return std::move(*q);
}

}  // namespace

DeskQuestionView Desk::ask(const RequestContext& ctx, const DeskInput& in) {
  const auto& a = ctx.actor;
  if (a.role != Role::third_party && a.role != Role::gp)
    throw Error(Errc::forbidden, "Forbidden", "questions come from third parties (inward) and GPs (outward)");
  Validation v;
  check_text(in.title, "title", kMaxTitle, true, v);
  check_text(in.text, "text", kMaxText, true, v);
  std::optional<domain::DeskTopic> topic;
  if (!in.topic) v.add("topic", "is required");
  else if (!(topic = domain::parse_desk_topic(*in.topic)))
    v.add("topic", "must be social_domain, frail_elderly, labour_market, data_exchange, deprived_neighbourhoods or other");
  for (const auto& pc4 : in.area_pc4)
    if (pc4.size() != 4 || !std::all_of(pc4.begin(), pc4.end(), ::isdigit) || pc4[0] == '0')
      v.add("area", "'" + pc4 + "' is not a PC4 area (four digits, 1000–9999)");
  v.throw_if_any();
  return store_.write([&](store::WriteTx& tx) {
    DeskQuestion q;
    q.id = ids_.next();
    q.direction = a.role == Role::gp ? DeskDirection::outward : DeskDirection::inward;
    q.from_org_id = a.organization_id;
    q.created_by = a.id;
    q.title = *in.title;
    q.text = *in.text;
    q.topic = *topic;
    q.area_pc4 = in.area_pc4;
    q.created_at = q.updated_at = clock_.now();
    tx.insert_desk_question(q);
    if (q.direction == DeskDirection::outward) tx.add_desk_supporter(q.id, a.organization_id, a.id, q.created_at);
    return view(tx, a, *tx.desk_question(q.id));
  });
}

std::vector<DeskQuestionView> Desk::list(const RequestContext& ctx, const DeskListFilter& filter) {
  require_desk_user(ctx.actor);
  store::DeskFilter f;
  Validation v;
  if (filter.status) {
    f.status = domain::parse_desk_status(*filter.status);
    if (!f.status) v.add("status", "must be received, routed, in_progress, answered or closed");
  }
  if (filter.topic) {
    f.topic = domain::parse_desk_topic(*filter.topic);
    if (!f.topic) v.add("topic", "is not a desk topic");
  }
  v.throw_if_any();
  return store_.read([&](store::ReadTx& tx) {
    std::vector<DeskQuestionView> out;
    for (auto& q : tx.desk_questions(f))
      if (visible(tx, ctx.actor, q)) out.push_back(view(tx, ctx.actor, std::move(q)));
    return out;
  });
}

DeskQuestionView Desk::get(const RequestContext& ctx, const std::string& id) {
  return store_.read([&](store::ReadTx& tx) { return view(tx, ctx.actor, load(tx, ctx.actor, id)); });
}

DeskQuestionView Desk::change(const RequestContext& ctx, const std::string& id, const DeskChange& in) {
  const auto& a = ctx.actor;
  Validation v;
  std::optional<DeskStatus> to;
  if (in.status && !(to = domain::parse_desk_status(*in.status)))
    v.add("status", "must be received, routed, in_progress, answered or closed");
  check_text(in.answer, "answer", kMaxText, false, v);
  check_text(in.public_answer, "public_answer", kMaxText, false, v);
  v.throw_if_any();
  return store_.write([&](store::WriteTx& tx) {
    auto q = load(tx, a, id);
    bool desk = a.role == Role::desk_officer;
    bool working_group = a.role == Role::care_group_manager && q.routed_to &&
                         [&] {
                           auto own = access::org_subtree(tx, a.organization_id);
                           return std::find(own.begin(), own.end(), *q.routed_to) != own.end();
                         }();
    if (!desk && !working_group)
      throw Error(Errc::forbidden, "Forbidden", "the desk officer (or the group it was routed to) moves a desk question");
    if (in.version && *in.version != q.version)
      throw Error(Errc::conflict, "Conflict", "the desk question was changed by someone else; reload it");
    int before = q.version;
    const DeskStatus status_before = q.status;
    Validation cv;
    if (in.routed_to) {
      if (!desk) cv.add("routed_to", "only the desk officer routes");
      auto o = tx.organization(OrgId(*in.routed_to));
      if (!o) cv.add("routed_to", "is not a known organisation");
      else q.routed_to = o->id;
    }
    if (in.answer) q.answer = *in.answer;
    if (in.public_answer) q.public_answer = *in.public_answer;
    if (to && *to != q.status) {
      if (!desk && (*to == DeskStatus::routed || *to == DeskStatus::closed))
        throw Error(Errc::forbidden, "Forbidden", "only the desk officer routes and closes a desk question");
      domain::require_desk_transition(q.status, *to);
      if (*to == DeskStatus::routed && !q.routed_to) cv.add("routed_to", "is required to route a question");
      if (*to == DeskStatus::answered && q.answer.empty()) cv.add("answer", "is required to answer a question");
      q.status = *to;
    }
    cv.throw_if_any();
    bool moved = q.status != status_before;
    q.version += 1;
    q.updated_at = clock_.now();
    tx.update_desk_question(q, before);
    // In the same transaction: a committed status change always gets its mails.
    if (moved && mailbox_) mailbox_->desk_status_changed(tx, q);
    return view(tx, a, *tx.desk_question(q.id));
  });
}

DeskQuestionView Desk::support(const RequestContext& ctx, const std::string& id) {
  const auto& a = ctx.actor;
  if (a.role != Role::gp) throw Error(Errc::forbidden, "Forbidden", "practices join a question through their GPs");
  return store_.write([&](store::WriteTx& tx) {
    auto q = load(tx, a, id);
    if (q.direction != DeskDirection::outward || q.status == DeskStatus::closed || q.merged_into)
      throw Error(Errc::conflict, "Not open", "only open questions of GPs can be joined");
    if (tx.add_desk_supporter(q.id, a.organization_id, a.id, clock_.now())) {
      int before = q.version;
      q.version += 1;
      q.updated_at = clock_.now();
      tx.update_desk_question(q, before);
    }
    return view(tx, a, *tx.desk_question(q.id));
  });
}

DeskQuestionView Desk::merge(const RequestContext& ctx, const std::string& id, const std::string& into) {
  const auto& a = ctx.actor;
  if (a.role != Role::desk_officer) throw Error(Errc::forbidden, "Forbidden", "the desk officer merges duplicates");
  if (id == into)
    throw Error(Errc::validation, "The request has invalid fields", "into: the question itself", {{"into", "is the question itself"}});
  return store_.write([&](store::WriteTx& tx) {
    auto dup = load(tx, a, id);
    auto target = tx.desk_question(into);
    if (!target)
      throw Error(Errc::validation, "The request has invalid fields", "into: unknown", {{"into", "is not a desk question"}});
    if (dup.merged_into || dup.status == DeskStatus::closed || target->merged_into || target->status == DeskStatus::closed)
      throw Error(Errc::conflict, "Not open", "only two open questions can be merged");
    tx.move_desk_supporters(dup.id, target->id);
    auto now = clock_.now();
    int before = dup.version;
    dup.merged_into = target->id;
    dup.status = DeskStatus::closed;
    dup.version += 1;
    dup.updated_at = now;
    tx.update_desk_question(dup, before);
    before = target->version;
    target->version += 1;
    target->updated_at = now;
    tx.update_desk_question(*target, before);
    return view(tx, a, *tx.desk_question(target->id));
  });
}

DeskBoard Desk::board(const RequestContext& ctx) {
  if (ctx.actor.role != Role::desk_officer) throw Error(Errc::forbidden, "Forbidden", "the status board is the desk's");
  return store_.read([&](store::ReadTx& tx) {
    DeskBoard b;
    std::vector<DeskQuestion> shared;
    for (auto& q : tx.desk_questions({})) {
      ++b.by_status_topic[std::string(domain::to_string(q.status))][std::string(domain::to_string(q.topic))];
      if (q.direction == DeskDirection::outward && q.status != DeskStatus::closed) shared.push_back(std::move(q));
    }
    std::stable_sort(shared.begin(), shared.end(), [](const auto& x, const auto& y) { return x.supporters > y.supporters; });
    if (shared.size() > 10) shared.resize(10);
    for (auto& q : shared) b.most_shared.push_back(view(tx, ctx.actor, std::move(q)));
    return b;
  });
}

}  // namespace mk::app
