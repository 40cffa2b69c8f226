// Performing a planned demo consult with the domain workflow (app/demo_lifecycle.hpp): each
// step gets a Workflow with its own moment and actor, exactly as a request would.
#include <algorithm>

#include "app/demo_lifecycle.hpp"
#include "domain/calendar.hpp"
#include "domain/workflow.hpp"

namespace mk::app::demo {
namespace {

domain::Consult new_consult(const Directory& d, IdGenerator& ids, const ConsultSeed& seed, const Plan& plan) {
  domain::Consult c;
  c.id = ids.make<ConsultId>();
  c.modality = domain::Modality::e_consult;
  c.service_id = d.services[seed.service].id;
  c.requester_id = d.users[seed.gp].id;
  c.practice_id = d.orgs[d.practices[seed.practice].org].id;
  c.created_by = d.users[plan.steps.front().actor].id;
  c.patient = d.patients[seed.patient];
  c.question = std::string(seed.text->question);
  c.clinical_context = std::string(seed.text->context);
  c.patient_narrative = std::string(seed.text->narrative);
  c.urgency = plan.urgency;
  if (plan.intended_known) c.intended_referral = plan.intended;
  c.patient_informed = plan.intended_known;  // a half-filled draft may lack both
  if (plan.direct_assignee) c.assignee_id = d.users[*plan.direct_assignee].id;
  // The service's intake form as the GP fills it in (a choice by the patient, so it is stable).
  for (const auto& f : d.services[seed.service].intake.fields) {
    if (f.type == domain::IntakeFieldType::choice) c.intake[f.key] = f.options[seed.patient % f.options.size()];
    else if (f.required) c.intake[f.key] = "zie vraagstelling";
  }
  return c;
}

// The photos (and other attachments) the service's intake form asks for, added with the draft.
void attach_required(const Directory& d, IdGenerator& ids, domain::Consult& c, size_t service, const Step& s) {
  const auto& form = d.services[service].intake;
  const auto& actor = d.users[s.actor];
  domain::Workflow wf(ids, s.at, {actor.id, actor.name});
  for (int i = 0; i < std::max(form.min_photos, form.min_attachments); ++i) {
    domain::Attachment a = d.photo;
    a.id = ids.make<AttachmentId>();
    a.consult_id = c.id;
    a.at = s.at;
    a.uploaded_by = actor.id;
    wf.attachment_added(c, a);
  }
}

Timestamp due(const Directory& d, size_t service, Timestamp from) {
  return domain::add_working_days(from, d.services[service].response_days);
}

void perform(const Directory& d, IdGenerator& ids, domain::Consult& c, const Step& s) {
  const auto& actor = d.users[s.actor];
  domain::Workflow wf(ids, s.at, {actor.id, actor.name});
  switch (s.act) {
    case Act::create:
      c.created_at = c.updated_at = s.at;
      return wf.create(c);
    case Act::submit: return wf.submit(c, due(d, s.other, s.at));
    case Act::accept: return wf.accept(c, d.users[s.other].id, d.users[s.other].name);
    case Act::request_info: return wf.request_info(c, s.text);
    case Act::gp_reply:
    case Act::follow_up_question: return wf.gp_message(c, s.text);
    case Act::answer: return wf.answer(c, s.answer);
    case Act::redirect: return wf.redirect(c, d.services[s.other].id, s.text, due(d, s.other, s.at));
    case Act::cancel: return wf.cancel(c, s.text);
    case Act::close: return wf.close(c, s.outcome);
    case Act::follow_up: return wf.record_follow_up(c, s.referred);
  }
}

}  // namespace

domain::Consult replay(const Directory& d, IdGenerator& ids, const ConsultSeed& seed, const Plan& plan,
                       Timestamp now) {
  domain::Consult c = new_consult(d, ids, seed, plan);
  for (const auto& step : plan.steps) {
    if (step.at > now) break;
    perform(d, ids, c, step);
    if (step.act == Act::create) attach_required(d, ids, c, seed.service, step);
  }
  return c;
}

}  // namespace mk::app::demo
