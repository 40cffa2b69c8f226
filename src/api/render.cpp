#include "api/render.hpp"

#include <boost/json/serialize.hpp>

namespace mk::api {
namespace {

namespace json = boost::json;
using domain::to_string;

json::value when(const std::optional<Timestamp>& t, const json::storage_ptr& sp = {}) {
  if (!t) return json::value(nullptr, sp);
  return json::string(format_timestamp(*t), sp);
}

json::object patient(const domain::Patient& p, const json::storage_ptr& sp = {}) {
  return json::object({{"bsn", p.bsn},
                       {"name", p.name},
                       {"birth_date", p.birth_date ? json::value(format_date(*p.birth_date), sp) : json::value(nullptr, sp)},
                       {"sex", to_string(p.sex)},
                       {"postcode", p.postcode}},
                      sp);
}

json::value outcome(const std::optional<domain::Outcome>& o, const json::storage_ptr& sp = {}) {
  if (!o) return json::value(nullptr, sp);
  return json::object({{"result", to_string(o->result)},
                       {"usefulness", o->usefulness},
                       {"learned", o->learned},
                       {"note", o->note}},
                      sp);
}

json::object message(const domain::Message& m, const json::storage_ptr& sp = {}) {
  return json::object({{"id", m.id.str()},
                       {"at", format_timestamp(m.at)},
                       {"author_id", m.author_id.str()},
                       {"author_name", m.author_name},
                       {"kind", to_string(m.kind)},
                       {"text", m.text}},
                      sp);
}

json::object event(const domain::ConsultEvent& e, const json::storage_ptr& sp = {}) {
  return json::object(
      {{"id", e.id.str()},
       {"at", format_timestamp(e.at)},
       {"type", e.type},
       {"actor_id", e.actor_id.str()},
       {"actor_name", e.actor_name},
       {"from_status", e.from_status ? json::value(to_string(*e.from_status), sp) : json::value(nullptr, sp)},
       {"to_status", e.to_status ? json::value(to_string(*e.to_status), sp) : json::value(nullptr, sp)},
       {"subject", e.subject},
       {"detail", e.detail}},
      sp);
}

json::object intake_form(const domain::IntakeForm& form) {
  json::array fields;
  for (const auto& f : form.fields)
    fields.push_back(json::object{{"key", f.key},
                                  {"label", f.label},
                                  {"label_en", f.label_en},
                                  {"type", to_string(f.type)},
                                  {"options", json::array(f.options.begin(), f.options.end())},
                                  {"required", f.required}});
  return {{"fields", std::move(fields)}, {"min_photos", form.min_photos}, {"min_attachments", form.min_attachments}};
}

}  // namespace

json::object render_attachment(const domain::Attachment& a, json::storage_ptr sp) {
  return json::object({{"id", a.id.str()},
                       {"filename", a.filename},
                       {"content_type", a.content_type},
                       {"size", a.size},
                       {"sha256", a.sha256},
                       {"at", format_timestamp(a.at)},
                       {"uploaded_by", a.uploaded_by.str()},
                       {"url", "/api/v1/consults/" + a.consult_id.str() + "/attachments/" + a.id.str()}},
                      std::move(sp));
}

// Every value is made in `sp`, so that a response rendered into a monotonic buffer
// (consult_handlers.cpp) allocates nothing else: one consult is ~150 values.
json::object render_consult(const app::ConsultView& v, json::storage_ptr sp) {
  const auto& c = v.consult;
  json::object o(sp);
  o.reserve(48);
  o["id"] = c.id.str();
  o["reference"] = c.reference;
  o["modality"] = to_string(c.modality);
  if (v.booking) {  // on-site: the session and slot it is booked into
    o["session_id"] = v.booking->session_id;
    o["slot"] = v.booking->slot;
  } else if (c.modality == domain::Modality::on_site) {
    o["session_id"] = nullptr;
    o["slot"] = nullptr;
  }
  o["status"] = to_string(c.status);
  o["service_id"] = c.service_id.str();
  o["service"] = json::object({{"id", c.service_id.str()},
                               {"name", v.service_name},
                               {"specialty", v.specialty},
                               {"organization_name", v.provider_name}},
                              sp);
  o["requester_id"] = c.requester_id.str();
  o["requester"] = json::object({{"id", c.requester_id.str()}, {"name", v.requester_name}}, sp);
  o["practice_id"] = c.practice_id.str();
  o["practice_name"] = v.practice_name;
  o["created_by"] = c.created_by.str();
  o["patient"] = patient(c.patient, sp);
  o["question"] = c.question;
  o["clinical_context"] = c.clinical_context;
  o["patient_narrative"] = c.patient_narrative;
  o["urgency"] = to_string(c.urgency);
  o["intended_referral"] =
      c.intended_referral ? json::value(to_string(*c.intended_referral), sp) : json::value(nullptr, sp);
  o["patient_informed"] = c.patient_informed;
  json::object intake(sp);
  for (const auto& [key, value] : c.intake) intake[key] = value;
  o["intake"] = std::move(intake);
  o["assignee_id"] = c.assignee_id ? json::value(c.assignee_id->str(), sp) : json::value(nullptr, sp);
  o["assignee_name"] = v.assignee_name;
  o["created_at"] = format_timestamp(c.created_at);
  o["updated_at"] = format_timestamp(c.updated_at);
  o["submitted_at"] = when(c.submitted_at, sp);
  o["due_at"] = when(c.due_at, sp);
  o["first_answer_at"] = when(c.first_answer_at, sp);
  o["answered_at"] = when(c.answered_at, sp);
  o["closed_at"] = when(c.closed_at, sp);
  o["cancelled_at"] = when(c.cancelled_at, sp);
  o["overdue"] = v.overdue;
  o["answer"] = c.answer ? json::value(json::object({{"advice", c.answer->advice},
                                                     {"referral_advised", c.answer->referral_advised},
                                                     {"minutes_spent", c.answer->minutes_spent}},
                                                    sp))
                         : json::value(nullptr);
  o["minutes_spent_total"] = c.minutes_spent_total;
  o["redirect_count"] = c.redirect_count;
  o["outcome"] = outcome(c.outcome, sp);
  o["follow_up"] = c.follow_up ? json::value(json::object({{"referred_within_90d", c.follow_up->referred_within_90d},
                                                           {"recorded_at", format_timestamp(c.follow_up->recorded_at)}},
                                                          sp))
                               : json::value(nullptr);
  o["version"] = c.version;
  json::array messages(sp), attachments(sp), events(sp);
  messages.reserve(c.messages.size());
  attachments.reserve(c.attachments.size());
  events.reserve(c.events.size());
  for (const auto& m : c.messages) messages.push_back(message(m, sp));
  for (const auto& a : c.attachments) attachments.push_back(render_attachment(a, sp));
  for (const auto& e : c.events) events.push_back(event(e, sp));
  o["messages"] = std::move(messages);
  o["attachments"] = std::move(attachments);
  o["events"] = std::move(events);
  return o;
}

json::object render_list_item(const app::ConsultListItem& item) {
  const auto& s = item.summary;
  return {{"id", s.id.str()},
          {"reference", s.reference},
          {"modality", to_string(s.modality)},
          {"status", to_string(s.status)},
          {"service_id", s.service_id.str()},
          {"service_name", item.service_name},
          {"specialty", item.specialty},
          {"requester_id", s.requester_id.str()},
          {"practice_id", s.practice_id.str()},
          {"patient", patient(s.patient)},
          {"question", s.question.size() > 240 ? s.question.substr(0, 240) + "…" : s.question},
          {"urgency", to_string(s.urgency)},
          {"assignee_id", s.assignee_id ? json::value(s.assignee_id->str()) : json::value(nullptr)},
          {"created_at", format_timestamp(s.created_at)},
          {"updated_at", format_timestamp(s.updated_at)},
          {"submitted_at", when(s.submitted_at)},
          {"due_at", when(s.due_at)},
          {"closed_at", when(s.closed_at)},
          {"overdue", item.overdue},
          {"outcome", outcome(s.outcome)},
          {"message_count", s.message_count},
          {"attachment_count", s.attachment_count},
          {"version", s.version}};
}

json::object render_user(const domain::User& u) {
  json::array services;
  for (const auto& s : u.services) services.push_back(json::string(s.str()));
  return {{"id", u.id.str()},       {"email", u.email},
          {"name", u.name},         {"role", to_string(u.role)},
          {"organization_id", u.organization_id.str()},
          {"agb", u.agb},           {"services", std::move(services)},
          {"totp_enabled", !u.totp_secret.empty()}};
}

json::object render_organization(const domain::Organization& o) {
  return {{"id", o.id.str()},
          {"ref", o.ref},
          {"name", o.name},
          {"type", to_string(o.type)},
          {"part_of", o.part_of ? json::value(o.part_of->str()) : json::value(nullptr)},
          {"agb", o.agb},
          {"postcode", o.postcode}};
}

json::object render_service(const app::ServiceView& v) {
  const auto& s = v.service;
  json::array modalities, accepts, consultants;
  for (auto m : s.modalities) modalities.push_back(json::string(to_string(m)));
  for (const auto& a : s.accepts) accepts.push_back(json::string(a.str()));
  for (const auto& u : v.consultants) consultants.push_back(json::object{{"id", u.id.str()}, {"name", u.name}});
  return {{"id", s.id.str()},
          {"ref", s.ref},
          {"organization_id", s.organization_id.str()},
          {"organization_name", v.organization_name},
          {"specialty", s.specialty},
          {"name", s.name},
          {"modalities", std::move(modalities)},
          {"response_days", s.response_days},
          {"active", s.active},
          {"routing", to_string(s.routing)},
          {"accepts", std::move(accepts)},
          {"accepts_my_practice", v.accepts_caller},
          {"consultants", std::move(consultants)},
          {"intake", intake_form(s.intake)}};
}

json::object render_audit_entry(const domain::AuditEntry& e) {
  return {{"seq", e.seq},
          {"at", format_timestamp(e.at)},
          {"event", e.event},
          {"action", e.action},
          {"outcome", e.outcome},
          {"user_id", e.user_id},
          {"user_name", e.user_name},
          {"user_email", e.user_email},
          {"role", e.role},
          {"organization_id", e.organization_id},
          {"on_behalf_of", e.on_behalf_of},
          {"patient_bsn", e.patient_bsn},
          {"object_type", e.object_type},
          {"object_id", e.object_id},
          {"consult_id", e.consult_id},
          {"ip", e.ip},
          {"request_id", e.request_id},
          {"prev_hash", e.prev_hash},
          {"hash", e.hash}};
}

json::object page(json::array items, const std::string& next_cursor) {
  return {{"items", std::move(items)},
          {"next_cursor", next_cursor.empty() ? json::value(nullptr) : json::value(next_cursor)}};
}

HttpResponse json_response(int status, const json::value& body) {
  HttpResponse r;
  r.status = status;
  r.content_type = "application/json";
  r.body = json::serialize(body);
  return r;
}

}  // namespace mk::api
