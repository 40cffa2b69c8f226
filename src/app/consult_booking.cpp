// On-site meekijkconsult (issue 8): booking a patient into a session's slot is creating (or, for
// a draft a cancelled session returned, submitting) a consult with modality on_site — in the
// same transaction as taking the slot, so a committed booking always has its consult and two
// GPs racing for one slot get one 201 and one 409.
#include <algorithm>

#include "app/access.hpp"
#include "app/consult_fields.hpp"
#include "app/consults.hpp"
#include "app/events.hpp"
#include "domain/calendar.hpp"
#include "domain/onsite.hpp"
#include "domain/workflow.hpp"

namespace mk::app {
namespace {

// The session, locked (PostgreSQL: FOR UPDATE) so that its bookings take turns; 404 when the
// caller may not see it, 403 when it sees but may not book, 409 when it is cancelled or over.
domain::OnsiteSession bookable(store::WriteTx& tx, const Actor& actor, const std::string& id, Timestamp now) {
  auto s = tx.onsite_session(id);
  if (!s || !access::can_see_session(tx, actor, *s))
    throw Error(Errc::not_found, "Session not found", "no session '" + id + "' that you can see");
  if (!access::can_book_session(tx, actor, *s))
    throw Error(Errc::forbidden, "Not allowed", "GPs of the practices the session is open to book patients");
  if (s->status == domain::SessionStatus::cancelled)
    throw Error(Errc::conflict, "Session cancelled", "the session was cancelled; book another one");
  if (domain::amsterdam_at(s->date, s->end) <= now)
    throw Error(Errc::conflict, "Session over", "the session has ended; book another one");
  return std::move(*s);
}

// The slot asked for when free, or the first free one. Validation of the number first (422).
int take_slot(store::WriteTx& tx, const domain::OnsiteSession& s, std::optional<int64_t> wanted) {
  if (wanted && (*wanted < 1 || *wanted > s.slots))
    throw Error(Errc::validation, "The request has invalid fields", "slot: out of range",
                {{"slot", "must be between 1 and " + std::to_string(s.slots)}});
  std::vector<int> taken;
  for (const auto& b : tx.onsite_bookings(s.id)) taken.push_back(b.slot);
  if (wanted) {
    if (std::find(taken.begin(), taken.end(), int(*wanted)) != taken.end())
      throw Error(Errc::conflict, "Slot taken", "slot " + std::to_string(*wanted) + " of this session is booked");
    return int(*wanted);
  }
  auto free = domain::first_free_slot(s.slots, taken);
  if (!free) throw Error(Errc::conflict, "Session full", "every slot of this session is booked");
  return *free;
}

}  // namespace

ConsultResult Consults::book(const RequestContext& ctx, const std::string& session_id, std::optional<int64_t> slot,
                             const NewConsultInput& in, const Idempotency& idem) {
  const int year = int(domain::amsterdam_date(clock_.now()).year());
  const int64_t reserved = store_.reserve_reference_number(year);
  return store_.write([&](store::WriteTx& tx) -> ConsultResult {
    if (auto r = earlier(tx, ctx, idem)) return replay(tx, ctx, *r);
    auto s = bookable(tx, ctx.actor, session_id, clock_.now());
    Validation v;
    if (in.fields.service_id && *in.fields.service_id != s.service_id.str())
      v.add("service_id", "is the session's service, or left out");
    if (in.fields.modality && *in.fields.modality != "on_site") v.add("modality", "is on_site for a booking, or left out");
    v.throw_if_any();
    int number = take_slot(tx, s, slot);
    NewConsultInput fields = in;
    fields.draft = false;
    fields.fields.service_id = s.service_id.str();
    fields.fields.modality = "on_site";
    auto c = build(tx, ctx, fields, {year, reserved}, domain::amsterdam_at(s.date, s.end));
    c.assignee_id = s.consultant_id;  // the consultant who comes hears of it, not the whole pool
    store_new(tx, ctx, idem, c);
    tx.insert_booking({s.id, number, c.id, clock_.now(), std::nullopt});
    return {view(tx, std::move(c)), 201, false};
  });
}

ConsultResult Consults::rebook(const RequestContext& ctx, const std::string& session_id, std::optional<int64_t> slot,
                               const ConsultId& id, const Idempotency& idem) {
  return change(ctx, id, idem, "consult.submit", [&](store::WriteTx& tx, domain::Consult& c, domain::Workflow& wf) {
    access::require(tx, ctx.actor, c, access::ConsultAction::submit);
    if (c.modality != domain::Modality::on_site || c.status != domain::ConsultStatus::draft)
      throw Error(Errc::conflict, "Not bookable", "only an on-site draft (from a cancelled session) is booked again");
    auto s = bookable(tx, ctx.actor, session_id, clock_.now());
    if (s.service_id != c.service_id)
      throw Error(Errc::validation, "The request has invalid fields", "consult_id: another service",
                  {{"consult_id", "is a consult for another service than the session's"}});
    int number = take_slot(tx, s, slot);
    Validation v;
    check_submittable(tx, c, v);
    v.throw_if_any();
    c.requester_id = ctx.actor.id;
    wf.submit(c, domain::amsterdam_at(s.date, s.end));
    c.assignee_id = s.consultant_id;
    tx.insert_booking({s.id, number, c.id, clock_.now(), std::nullopt});
  });
}

}  // namespace mk::app
