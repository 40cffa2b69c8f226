// The frame every consult use case runs in: idempotency, locked load (a change) or unlocked
// load (a read), visibility (404 with a "denied" audit entry), save, audit, and the view with
// display names.
#include <map>

#include "app/access.hpp"
#include "app/consults.hpp"
#include "app/events.hpp"
#include "core/error.hpp"
#include "domain/workflow.hpp"

namespace mk::app {
Error Consults::not_found(const ConsultId& id) {
  return Error(Errc::not_found, "Consult not found", "no consult '" + id.str() + "' that you can see");
}

domain::Consult Consults::load_visible(store::WriteTx& tx, const RequestContext& ctx, const ConsultId& id) {
  return visible(tx, ctx, id, tx.consult(id));
}

domain::Consult Consults::read_visible(store::WriteTx& tx, const RequestContext& ctx, const ConsultId& id) {
  return visible(tx, ctx, id, tx.consult_for_read(id));
}

domain::Consult Consults::visible(store::ReadTx& tx, const RequestContext& ctx, const ConsultId& id,
                                  std::optional<domain::Consult> c) {
  if (!c) throw not_found(id);
  if (!access::can_view(tx, ctx.actor, *c)) throw Invisible{};
  return std::move(*c);
}

void Consults::record_denied(const RequestContext& ctx, const ConsultId& id, std::string_view event) {
  // A separate transaction: the denied attempt is logged although the request fails.
  store_.write([&](store::WriteTx& tx) {
    auto c = tx.consult_for_read(id);
    if (!c) return;
    // The action the caller attempted: a read, a create (attachment) or an update.
    std::string_view action = event.ends_with(".read") ? "R" : event.ends_with(".create") ? "C" : "U";
    audit_.record(tx, ctx, {event, action, "denied"}, consult_subject(tx, *c));
  });
}

std::optional<domain::IdempotencyRecord> Consults::earlier(store::WriteTx& tx, const RequestContext& ctx,
                                                           const Idempotency& idem) {
  if (!idem) return std::nullopt;
  auto r = tx.idempotency(ctx.actor.id, idem->key);
  if (!r) return std::nullopt;
  if (r->route != idem->route || r->fingerprint != idem->fingerprint)
    throw Error(Errc::validation, "Idempotency-Key reused",
                "this Idempotency-Key was used before for a different request; use a new key",
                {{"Idempotency-Key", "was used before with a different request"}});
  return r;
}

void Consults::remember(store::WriteTx& tx, const RequestContext& ctx, const Idempotency& idem, int status,
                        const ConsultId& id) {
  if (!idem) return;
  tx.save_idempotency({ctx.actor.id, idem->key, idem->route, idem->fingerprint, status, id.str(), clock_.now()});
}

ConsultResult Consults::replay(store::WriteTx& tx, const RequestContext& ctx, const domain::IdempotencyRecord& r) {
  auto c = tx.consult_for_read(ConsultId(r.resource_id));  // shown again, not changed
  if (!c) throw not_found(ConsultId(r.resource_id));
  if (!access::can_view(tx, ctx.actor, *c)) {
    ConsultResult redacted;
    redacted.view.consult.id = c->id;
    redacted.view.consult.reference = c->reference;
    redacted.view.consult.status = c->status;
    redacted.status = r.status;
    redacted.replayed = redacted.redacted = true;
    return redacted;
  }
  audit_.record(tx, acting_for(ctx, *c), {"consult.replay", "R"}, consult_subject(tx, *c));
  return {view(tx, std::move(*c)), r.status, true};
}

RequestContext Consults::acting_for(const RequestContext& ctx, const domain::Consult& c) {
  if (ctx.actor.role != domain::Role::assistant || c.requester_id.empty()) return ctx;
  RequestContext out = ctx;
  out.actor.on_behalf_of = c.requester_id;
  return out;
}

ConsultResult Consults::change(const RequestContext& ctx, const ConsultId& id, const Idempotency& idem,
                               std::string_view event, const Change& apply) {
  return guarded(ctx, id, event, [&] {
    return store_.write([&](store::WriteTx& tx) -> ConsultResult {
      if (auto r = earlier(tx, ctx, idem)) return replay(tx, ctx, *r);
      auto c = load_visible(tx, ctx, id);
      if (ctx.expected_version && *ctx.expected_version != c.version)
        throw Error(Errc::precondition_failed, "Version mismatch",
                    "the consult is at version " + std::to_string(c.version) + ", not " +
                        std::to_string(*ctx.expected_version) + "; read it again");
      auto before = store::mark(c);
      domain::Workflow wf(ids_, clock_.now(), {ctx.actor.id, ctx.actor.name});
      apply(tx, c, wf);
      tx.update_consult(c, before);
      events::changed(tx, c);  // the live inboxes hear of it once this commits
      if (mailbox_) mailbox_->consult_changed(tx, c, event);
      audit_.record(tx, acting_for(ctx, c), {event, "U"}, consult_subject(tx, c));
      remember(tx, ctx, idem, 200, c.id);
      return ConsultResult{view(tx, std::move(c)), 200, false};
    });
  });
}

// The read runs in the writer's transaction, together with its access-log entry: the two
// commit together or not at all (the writer's page cache is also the one that is always warm).
// The consult is not locked: a read does not queue behind a change of it, nor hold one up.
ConsultView Consults::get(const RequestContext& ctx, const ConsultId& id) {
  return guarded(ctx, id, "consult.read",
                 [&] { return store_.write([&](store::WriteTx& tx) { return read_audited(tx, ctx, id); }); });
}

bool Consults::get_async(const RequestContext& ctx, const ConsultId& id,
                         std::function<void(std::shared_ptr<const ConsultView>)> done) {
  auto out = std::make_shared<ConsultView>();
  return store_.write_async([this, ctx, id, out](store::WriteTx& tx) { *out = read_audited(tx, ctx, id); },
                            [out, done = std::move(done)](std::exception_ptr error) {
                              done(error ? nullptr : std::shared_ptr<const ConsultView>(out));
                            });
}

ConsultView Consults::read_audited(store::WriteTx& tx, const RequestContext& ctx, const ConsultId& id) {
  auto c = read_visible(tx, ctx, id);
  audit_.record(tx, acting_for(ctx, c), {"consult.read", "R"}, consult_subject(tx, c));
  return view(tx, std::move(c));
}

domain::Consult Consults::current(const RequestContext& ctx, const ConsultId& id) {
  return guarded(ctx, id, "consult.update", [&] {
    return store_.write([&](store::WriteTx& tx) { return read_visible(tx, ctx, id); });
  });
}

ConsultView Consults::view(store::ReadTx& tx, domain::Consult c) {
  ConsultView v;
  if (auto s = tx.service(c.service_id)) {
    v.service_name = s->name;
    v.specialty = s->specialty;
    if (auto o = tx.organization(s->organization_id)) v.provider_name = o->name;
  }
  if (auto p = tx.organization(c.practice_id)) v.practice_name = p->name;
  if (auto u = tx.user(c.requester_id)) v.requester_name = u->name;
  if (c.assignee_id)
    if (auto u = tx.user(*c.assignee_id)) v.assignee_name = u->name;
  v.overdue = is_overdue(c.status, c.due_at, c.first_answer_at, clock_.now());
  if (c.modality == domain::Modality::on_site) v.booking = tx.booking_of(c.id);
  v.identifiers = tx.consult_identifiers(c.id);
  v.consult = std::move(c);
  return v;
}

}  // namespace mk::app
