#include "app/teaching.hpp"

#include <algorithm>

#include "app/access.hpp"
#include "domain/teaching.hpp"
#include "domain/workflow.hpp"

namespace mk::app {
namespace {

using domain::Role;

constexpr size_t kTitleLength = 90;

// "gp" or "consultant": which side the caller speaks for on this consult.
std::string side_of(const Actor& actor, const domain::Consult& c) {
  if (actor.role == Role::gp && actor.organization_id == c.practice_id) return "gp";
  if (actor.role == Role::consultant && domain::latest_advice_author(c) == actor.id) return "consultant";
  throw Error(Errc::forbidden, "Forbidden",
              "only a GP of the asking practice and the consultant who gave the advice decide on publishing");
}

domain::Consult visible(store::ReadTx& tx, const Actor& actor, std::optional<domain::Consult> c) {
  if (!c || !access::can_view(tx, actor, *c)) throw Error(Errc::not_found, "Not found", "no such consult");
  return std::move(*c);
}

TeachingState state_of(store::ReadTx& tx, const ConsultId& id) {
  TeachingState s;
  for (auto& c : tx.teaching_consents(id)) (c.party == "gp" ? s.gp : s.consultant) = std::move(c);
  s.published = tx.teaching_case_of(id);
  return s;
}

void require_reader(const Actor& actor) {
  if (actor.role != Role::gp && actor.role != Role::consultant && actor.role != Role::coordinator &&
      actor.role != Role::regional_admin)
    throw Error(Errc::forbidden, "Forbidden", "the teaching-case library is for the region's GPs and specialists");
}

std::string title_of(const std::string& question) {
  std::string first = question.substr(0, question.find('\n'));
  if (first.size() <= kTitleLength) return first;
  size_t cut = first.rfind(' ', kTitleLength);
  return first.substr(0, cut == std::string::npos ? kTitleLength : cut) + "…";
}

// The case as published: scrubbed texts (and a last check that nothing of the patient is left).
domain::TeachingCase make_case(store::ReadTx& tx, const domain::Consult& c, const TeachingState& s,
                               IdGenerator& ids, Timestamp now) {
  domain::TeachingCase t;
  t.id = ids.next();
  t.consult_id = c.id;
  t.service_id = c.service_id;
  auto svc = tx.service(c.service_id);
  t.specialty = svc ? svc->specialty : "";
  t.question = domain::scrub_patient_data(c.question, c.patient);
  t.advice = domain::scrub_patient_data(c.answer ? c.answer->advice : "", c.patient);
  t.title = title_of(t.question);
  for (const auto& a : s.gp->attachments)
    if (std::find(s.consultant->attachments.begin(), s.consultant->attachments.end(), a) != s.consultant->attachments.end())
      t.attachments.push_back(a);
  t.published_at = now;
  for (const auto* text : {&t.title, &t.question, &t.advice})
    if (domain::mentions_patient(*text, c.patient))
      throw Error(Errc::internal, "Internal error", "scrubbing left patient data in a teaching case");
  return t;
}

}  // namespace

TeachingState TeachingLibrary::consent(const RequestContext& ctx, const ConsultId& id, const TeachingConsentInput& in) {
  if (!in.agree)
    throw Error(Errc::validation, "The request has invalid fields", "agree: is required",
                {{"agree", "is required (true or false)"}});
  return store_.write([&](store::WriteTx& tx) {
    // Locked: the two sides' consents of one consult take turns, so the second sees the first.
    auto c = visible(tx, ctx.actor, tx.consult(id));
    auto party = side_of(ctx.actor, c);
    if (c.status != domain::ConsultStatus::closed)
      throw Error(Errc::conflict, "Not closed", "a consult is published as a teaching case only after its close");
    Validation v;
    std::vector<AttachmentId> included;
    for (const auto& a : in.attachments) {
      bool known = std::any_of(c.attachments.begin(), c.attachments.end(), [&](const auto& x) { return x.id.str() == a; });
      if (!known) v.add("attachments", "'" + a + "' is not an attachment of this consult");
      else included.emplace_back(a);
    }
    v.throw_if_any();
    auto now = clock_.now();
    tx.save_teaching_consent({c.id, party, ctx.actor.id, *in.agree, included, now});
    auto s = state_of(tx, c.id);
    bool both = s.gp && s.gp->agree && s.consultant && s.consultant->agree;
    // A change of either side's terms republishes; a withdrawal unpublishes.
    if (s.published) tx.unpublish_teaching_case(c.id);
    if (both) tx.publish_teaching_case(make_case(tx, c, s, ids_, now));
    audit_.record(tx, ctx, {"teaching.consent", "U"}, consult_subject(tx, c));
    return state_of(tx, c.id);
  });
}

TeachingState TeachingLibrary::state(const RequestContext& ctx, const ConsultId& id) {
  return store_.write([&](store::WriteTx& tx) {
    auto c = visible(tx, ctx.actor, tx.consult_for_read(id));
    audit_.record(tx, ctx, {"teaching.state", "R"}, consult_subject(tx, c));
    return state_of(tx, c.id);
  });
}

std::vector<domain::TeachingCase> TeachingLibrary::search(const RequestContext& ctx, const std::string& text,
                                                          const std::string& specialty, int limit) {
  require_reader(ctx.actor);
  if (text.size() > 200)
    throw Error(Errc::validation, "The request has invalid fields", "q: too long", {{"q", "is at most 200 characters"}});
  limit = std::clamp(limit <= 0 ? 20 : limit, 1, 100);
  return store_.read([&](store::ReadTx& tx) { return tx.search_teaching_cases({text, specialty, limit}); });
}

TeachingCaseView TeachingLibrary::read(const RequestContext& ctx, const std::string& id) {
  require_reader(ctx.actor);
  return store_.write([&](store::WriteTx& tx) {
    auto t = tx.teaching_case(id);
    if (!t) throw Error(Errc::not_found, "Not found", "no such teaching case");
    tx.count_teaching_read(id);
    TeachingCaseView v{std::move(*t), {}};
    v.item.reads += 1;
    for (const auto& a : v.item.attachments)
      if (auto stored = tx.attachment(v.item.consult_id, a)) v.attachments.push_back(*stored);
    return v;
  });
}

AttachmentDownload TeachingLibrary::attachment(const RequestContext& ctx, const std::string& id, const AttachmentId& a) {
  require_reader(ctx.actor);
  auto stored = store_.read([&](store::ReadTx& tx) {
    auto t = tx.teaching_case(id);
    if (!t || std::find(t->attachments.begin(), t->attachments.end(), a) == t->attachments.end())
      throw Error(Errc::not_found, "Not found", "no such attachment of a teaching case");
    auto found = tx.attachment(t->consult_id, a);
    if (!found) throw Error(Errc::not_found, "Not found", "no such attachment of a teaching case");
    return *found;
  });
  return {stored, store_.blobs().path(stored.sha256)};
}

}  // namespace mk::app
