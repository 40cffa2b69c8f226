// Performing a planned demo consult with the domain workflow (app/demo_lifecycle.hpp): each
// step gets a Workflow with its own moment and actor, exactly as a request would.
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
  return c;
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
  }
  return c;
}

}  // namespace mk::app::demo
