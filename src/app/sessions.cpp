#include "app/sessions.hpp"

#include <algorithm>

#include "app/access.hpp"
#include "app/events.hpp"
#include "domain/calendar.hpp"
#include "domain/onsite.hpp"
#include "domain/workflow.hpp"

namespace mk::app {
namespace {

using domain::OnsiteSession;
using domain::OrgType;
using domain::SessionStatus;

Error not_found(const std::string& id) {
  return Error(Errc::not_found, "Session not found", "no session '" + id + "' that you can see");
}

// The place and time fields (create: all required; update: those given).
// A session is never planned or moved to a day before `today` (Europe/Amsterdam).
void apply_when_where(store::ReadTx& tx, const SessionInput& in, OnsiteSession& s, bool required, Date today,
                      Validation& v) {
  auto need = [&](const auto& field, const char* name) {
    if (!field && required) v.add(name, "is required");
    return bool(field);
  };
  if (need(in.location_id, "location_id")) {
    auto o = tx.organization(OrgId(*in.location_id));
    if (!o || (o->type != OrgType::gp_practice && o->type != OrgType::health_centre))
      v.add("location_id", "is not a practice or health centre");
    else s.location_id = o->id;
  }
  if (need(in.date, "date")) {
    auto d = parse_date(*in.date);
    if (!d) v.add("date", "must be a date YYYY-MM-DD");
    else if (std::chrono::sys_days(*d) < std::chrono::sys_days(today))
      v.add("date", "is in the past: a session is planned or moved to today (" + format_date(today) + ") or later");
    else s.date = *d;
  }
  if (need(in.start, "start")) {
    if (domain::parse_clock_time(*in.start)) s.start = *in.start;
    else v.add("start", "must be a time HH:MM");
  }
  if (need(in.end, "end")) {
    if (domain::parse_clock_time(*in.end)) s.end = *in.end;
    else v.add("end", "must be a time HH:MM");
  }
  if (!s.start.empty() && !s.end.empty() && s.end <= s.start) v.add("end", "must be after start");
  if (need(in.slots, "slots")) {
    if (*in.slots < 1 || *in.slots > domain::kMaxSlots) v.add("slots", "must be between 1 and " + std::to_string(domain::kMaxSlots));
    else s.slots = int(*in.slots);
  }
  if (need(in.open_to, "open_to")) {
    s.open_to.clear();
    for (const auto& id : *in.open_to) {
      auto o = tx.organization(OrgId(id));
      if (!o || (o->type != OrgType::gp_practice && o->type != OrgType::care_group))
        v.add("open_to", "'" + id + "' is not a practice or care group");
      else s.open_to.push_back(o->id);
    }
    if (s.open_to.empty()) v.add("open_to", "names at least one practice or care group");
  }
}

// The service (offering on_site) and the consultant who comes (a consultant of it; a consultant
// planning a session comes itself).
void apply_who(store::ReadTx& tx, const Actor& actor, const SessionInput& in, OnsiteSession& s, Validation& v) {
  auto service = in.service_id ? tx.service(ServiceId(*in.service_id)) : std::nullopt;
  if (!in.service_id) v.add("service_id", "is required");
  else if (!service || !service->offers(domain::Modality::on_site)) v.add("service_id", "is not a service that offers on_site");
  else s.service_id = service->id;
  std::optional<std::string> consultant = in.consultant_id;
  if (!consultant && actor.role == domain::Role::consultant) consultant = actor.id.str();
  if (!consultant) return v.add("consultant_id", "is required");
  auto u = tx.user(UserId(*consultant));
  bool ok = u && u->active && u->role == domain::Role::consultant && service &&
            std::find(u->services.begin(), u->services.end(), service->id) != u->services.end();
  if (ok) s.consultant_id = u->id;
  else v.add("consultant_id", "is not a consultant of the service");
}

OnsiteSession load(store::ReadTx& tx, const Actor& actor, const std::string& id) {
  auto s = tx.onsite_session(id);
  if (!s || !access::can_see_session(tx, actor, *s)) throw not_found(id);
  return std::move(*s);
}

OnsiteSession load_managed(store::WriteTx& tx, const Actor& actor, const std::string& id) {
  auto s = load(tx, actor, id);
  if (!access::can_manage_session(tx, actor, s))
    throw Error(Errc::forbidden, "Not allowed", "the service's coordinator or the session's consultant changes it");
  if (s.status == SessionStatus::cancelled) throw Error(Errc::conflict, "Session cancelled", "the session was cancelled");
  return s;
}

std::string describe_when(const OnsiteSession& s) { return format_date(s.date) + " " + s.start + "–" + s.end; }

}  // namespace

SessionView Sessions::view(store::ReadTx& tx, const Actor& actor, OnsiteSession s) {
  SessionView v;
  if (auto svc = tx.service(s.service_id)) {
    v.service_name = svc->name;
    v.specialty = svc->specialty;
  }
  if (auto u = tx.user(s.consultant_id)) v.consultant_name = u->name;
  if (auto o = tx.organization(s.location_id)) v.location_name = o->name;
  for (const auto& id : s.open_to)
    if (auto o = tx.organization(id)) v.open_to_names.push_back(o->name);
  v.booked = int(tx.onsite_bookings(s.id).size());
  v.can_manage = access::can_manage_session(tx, actor, s);
  v.can_book = s.status == SessionStatus::planned && access::can_book_session(tx, actor, s) &&
               domain::amsterdam_at(s.date, s.end) > clock_.now();
  v.session = std::move(s);
  return v;
}

SessionView Sessions::create(const RequestContext& ctx, const SessionInput& in) {
  const Actor& actor = ctx.actor;
  if (actor.role != domain::Role::coordinator && actor.role != domain::Role::consultant)
    throw Error(Errc::forbidden, "Not allowed", "a service's coordinator or consultant plans on-site sessions");
  return store_.write([&](store::WriteTx& tx) {
    OnsiteSession s;
    Validation v;
    for (const auto& e : in.input_errors) v.add(e.field, e.message);
    apply_who(tx, actor, in, s, v);
    apply_when_where(tx, in, s, true, domain::amsterdam_date(clock_.now()), v);
    v.throw_if_any();
    if (!access::can_manage_session(tx, actor, s))
      throw Error(Errc::forbidden, "Not allowed", "you plan sessions of your own service (coordinator) or for yourself (consultant)");
    s.id = ids_.next();
    s.created_by = actor.id;
    s.created_at = s.updated_at = clock_.now();
    tx.insert_onsite_session(s);
    return view(tx, actor, std::move(s));
  });
}

std::vector<SessionView> Sessions::list(const RequestContext& ctx, const SessionRange& range) {
  store::SessionFilter f;
  Validation v;
  if (range.from && !(f.from = parse_date(*range.from))) v.add("from", "must be a date YYYY-MM-DD");
  if (range.to && !(f.to = parse_date(*range.to))) v.add("to", "must be a date YYYY-MM-DD");
  v.throw_if_any();
  return store_.read([&](store::ReadTx& tx) {
    std::vector<SessionView> out;
    for (auto& s : tx.onsite_sessions(f))
      if (access::can_see_session(tx, ctx.actor, s)) out.push_back(view(tx, ctx.actor, std::move(s)));
    return out;
  });
}

// In a write transaction: the patients shown and their access-log entries commit together.
SessionView Sessions::get(const RequestContext& ctx, const std::string& id) {
  return store_.write([&](store::WriteTx& tx) {
    auto v = view(tx, ctx.actor, load(tx, ctx.actor, id));
    auto bookings = tx.onsite_bookings(id);
    for (int slot = 1; slot <= v.session.slots; ++slot) {
      SlotView sv{slot};
      auto b = std::find_if(bookings.begin(), bookings.end(), [&](const auto& x) { return x.slot == slot; });
      if (b != bookings.end()) {
        sv.booked = true;
        auto c = tx.consult_for_read(b->consult_id);
        if (c && access::can_view(tx, ctx.actor, *c)) {
          sv.consult_id = c->id;
          sv.reference = c->reference;
          sv.patient_name = c->patient.name;
          sv.status = std::string(domain::to_string(c->status));
          audit_.record(tx, ctx, {"session.read", "R"}, consult_subject(tx, *c));
        }
      }
      v.slots.push_back(std::move(sv));
    }
    return v;
  });
}

SessionView Sessions::update(const RequestContext& ctx, const std::string& id, const SessionInput& in) {
  return store_.write([&](store::WriteTx& tx) {
    auto s = load_managed(tx, ctx.actor, id);
    Validation v;
    for (const auto& e : in.input_errors) v.add(e.field, e.message);
    if (in.service_id) v.add("service_id", "cannot change: plan a new session");
    if (in.consultant_id) v.add("consultant_id", "cannot change: plan a new session");
    const int before = s.version;
    const std::string when_before = describe_when(s) + " " + s.location_id.str();
    apply_when_where(tx, in, s, false, domain::amsterdam_date(clock_.now()), v);
    auto bookings = tx.onsite_bookings(s.id);
    if (!bookings.empty() && s.slots < bookings.back().slot)
      v.add("slots", "slot " + std::to_string(bookings.back().slot) + " is booked");
    v.throw_if_any();
    s.version += 1;
    s.updated_at = clock_.now();
    tx.update_onsite_session(s, before);
    if (describe_when(s) + " " + s.location_id.str() != when_before) move_consults(tx, ctx, s);
    return view(tx, ctx.actor, std::move(s));
  });
}

SessionView Sessions::cancel(const RequestContext& ctx, const std::string& id, const std::optional<std::string>& reason) {
  if (reason && reason->size() > 2000)
    throw Error(Errc::validation, "The request has invalid fields", "reason: too long", {{"reason", "is too long"}});
  return store_.write([&](store::WriteTx& tx) {
    auto s = load_managed(tx, ctx.actor, id);
    const int before = s.version;
    return_consults(tx, ctx, s);
    s.status = SessionStatus::cancelled;
    s.cancel_reason = reason.value_or("");
    s.version += 1;
    s.updated_at = clock_.now();
    tx.update_onsite_session(s, before);
    return view(tx, ctx.actor, std::move(s));
  });
}

// Each booked consult gets the new due time (the session's end) and a timeline event; its GP a mail.
void Sessions::move_consults(store::WriteTx& tx, const RequestContext& ctx, const OnsiteSession& s) {
  domain::Workflow wf(ids_, clock_.now(), {ctx.actor.id, ctx.actor.name});
  for (const auto& b : tx.onsite_bookings(s.id)) {
    auto c = tx.consult(b.consult_id);
    if (!c) continue;
    auto mark = store::mark(*c);
    wf.session_moved(*c, domain::amsterdam_at(s.date, s.end), describe_when(s));
    tx.update_consult(*c, mark);
    events::changed(tx, *c);
    if (mailbox_) mailbox_->session_changed(tx, *c, MailKind::session_moved);
    audit_.record(tx, ctx, {"consult.session_moved", "U"}, consult_subject(tx, *c));
  }
}

// The rule (docs/api.md): a booked consult not yet answered goes back to its GP as a draft, its
// slot released, with a "session_cancelled" event and a mail; the GP books it into another
// session (POST /sessions/{id}/bookings {"consult_id"}) or cancels it. A session with an
// answered consult took place and cannot be cancelled (409).
void Sessions::return_consults(store::WriteTx& tx, const RequestContext& ctx, const OnsiteSession& s) {
  domain::Workflow wf(ids_, clock_.now(), {ctx.actor.id, ctx.actor.name});
  for (const auto& b : tx.onsite_bookings(s.id)) {
    auto c = tx.consult(b.consult_id);
    if (!c) continue;
    if (c->first_answer_at)
      throw Error(Errc::conflict, "Session took place", "consult " + c->reference + " was answered: the session cannot be cancelled");
    auto mark = store::mark(*c);
    wf.return_to_gp(*c, "session " + describe_when(s) + " cancelled");
    tx.release_booking(c->id, clock_.now());
    tx.update_consult(*c, mark);
    events::changed(tx, *c);
    if (mailbox_) mailbox_->session_changed(tx, *c, MailKind::session_cancelled);
    audit_.record(tx, ctx, {"consult.session_cancelled", "U"}, consult_subject(tx, *c));
  }
}

}  // namespace mk::app
