// Creating a consult (or a draft) and submitting a draft.
#include "app/access.hpp"
#include "app/consult_fields.hpp"
#include "app/consults.hpp"
#include "app/events.hpp"
#include "domain/calendar.hpp"
#include "domain/identifiers.hpp"
#include "domain/workflow.hpp"

namespace mk::app {
namespace {

constexpr const char* kBookOnSite = "book an on-site consult into a session: POST /api/v1/sessions/{id}/bookings";

// An on-site consult has a place and a time: it is booked into a session, never made or submitted
// by itself, nor turned into one by editing a draft (a draft a cancelled session returned keeps
// its modality, and is booked again or switched to e_consult before it is submitted).
void refuse_switch_to_on_site(const ConsultFields& in, domain::Modality current) {
  if (in.modality && *in.modality == "on_site" && current != domain::Modality::on_site) {
    Validation v;
    v.add("modality", kBookOnSite);
    v.throw_if_any();
  }
}

void check_identifiers(const std::vector<domain::ExternalIdentifier>& ids) {
  Validation v;
  for (size_t i = 0; i < ids.size(); ++i) {
    auto field = "identifier[" + std::to_string(i) + "]";
    if (ids[i].system.empty() || ids[i].value.empty()) v.add(field, "needs a system and a value");
    else if (ids[i].system.size() > 200 || ids[i].value.size() > 200) v.add(field, "is too long");
  }
  v.throw_if_any();
}

}  // namespace

ConsultResult Consults::create(const RequestContext& ctx, const NewConsultInput& in, const Idempotency& idem) {
  const Actor& actor = ctx.actor;
  if (!access::can_create_consults(actor))
    throw Error(Errc::forbidden, "Not allowed", "only GPs and their assistants create consults");
  if (actor.role == domain::Role::assistant && !in.draft)
    throw Error(Errc::forbidden, "Not allowed", "an assistant prepares drafts; a GP submits them (\"draft\": true)");
  refuse_switch_to_on_site(in.fields, domain::Modality::e_consult);

  check_identifiers(in.identifiers);

  // The bytes are on disk before the consult that names them commits (as add_attachment).
  std::vector<domain::Attachment> files;
  for (const auto& upload : in.attachments) files.push_back(prepare_attachment(ctx, upload));
  const int year = int(domain::amsterdam_date(clock_.now()).year());
  const int64_t reserved = store_.reserve_reference_number(year);  // 0: numbered in the write
  return store_.write([&](store::WriteTx& tx) -> ConsultResult {
    if (auto r = earlier(tx, ctx, idem)) return replay(tx, ctx, *r);
    auto c = build(tx, ctx, in, {year, reserved}, std::nullopt);
    auto attached = files;  // the lambda may run again
    for (auto& a : attached) record_attachment(ctx, c, a);
    store_new(tx, ctx, idem, c);
    for (const auto& a : attached) audit_attachment(tx, ctx, c, a);
    for (const auto& id : in.identifiers)
      if (!tx.add_consult_identifier(c.id, c.practice_id, id))
        throw Error(Errc::conflict, "Identifier already used",
                    "your practice already has a consult with identifier " + id.system + "|" + id.value);
    return {view(tx, std::move(c)), 201, false};
  });
}

domain::Consult Consults::build(store::WriteTx& tx, const RequestContext& ctx, const NewConsultInput& in,
                                ReferenceNumber number, std::optional<Timestamp> due) {
  const Actor& actor = ctx.actor;
  auto now = clock_.now();
  domain::Consult c;
  c.id = ids_.make<ConsultId>();
  c.practice_id = actor.organization_id;
  c.created_by = actor.id;
  c.created_at = now;
  c.updated_at = now;
  c.patient.id = ids_.make<PatientId>();

  Validation v;
  if (!in.fields.service_id) v.add("service_id", "is required");
  if (!in.fields.patient || !in.fields.patient->bsn) v.add("patient.bsn", "is required");
  apply_consult_fields(tx, actor, c, in.fields, v);
  if (!in.draft) check_submittable(tx, c, v);
  v.throw_if_any();

  c.reference = domain::format_reference(
      number.year, number.reserved ? number.reserved : tx.next_reference_number(number.year));
  c.patient.id = tx.save_patient(c.patient);
  domain::Workflow wf(ids_, now, {actor.id, actor.name});
  wf.create(c);
  if (!in.draft) wf.submit(c, due ? *due : due_at(tx, c.service_id, now));
  return c;
}

void Consults::store_new(store::WriteTx& tx, const RequestContext& ctx, const Idempotency& idem,
                         const domain::Consult& c) {
  tx.insert_consult(c);
  events::changed(tx, c);
  if (mailbox_) mailbox_->consult_changed(tx, c, "consult.create");
  audit_.record(tx, acting_for(ctx, c), {"consult.create", "C"}, consult_subject(tx, c));
  remember(tx, ctx, idem, 201, c.id);
}

ConsultResult Consults::update_draft(const RequestContext& ctx, const ConsultId& id, const ConsultFields& in,
                                     const Idempotency& idem) {
  return change(ctx, id, idem, "consult.update", [&](store::WriteTx& tx, domain::Consult& c, domain::Workflow& wf) {
    access::require(tx, ctx.actor, c, access::ConsultAction::edit_draft);
    refuse_switch_to_on_site(in, c.modality);
    wf.edit_draft(c);
    Validation v;
    apply_consult_fields(tx, ctx.actor, c, in, v);
    v.throw_if_any();
    c.patient.id = tx.save_patient(c.patient);
  });
}

ConsultResult Consults::submit(const RequestContext& ctx, const ConsultId& id, const ConsultFields& in,
                               const Idempotency& idem) {
  return change(ctx, id, idem, "consult.submit", [&](store::WriteTx& tx, domain::Consult& c, domain::Workflow& wf) {
    access::require(tx, ctx.actor, c, access::ConsultAction::submit);
    domain::require_transition(c.status, domain::Transition::submit);
    Validation v;
    apply_consult_fields(tx, ctx.actor, c, in, v);
    if (c.modality == domain::Modality::on_site) v.add("modality", kBookOnSite);
    check_submittable(tx, c, v);
    v.throw_if_any();
    c.requester_id = ctx.actor.id;  // the GP who submits is the one who asks
    c.patient.id = tx.save_patient(c.patient);
    wf.submit(c, due_at(tx, c.service_id, clock_.now()));
  });
}

}  // namespace mk::app
