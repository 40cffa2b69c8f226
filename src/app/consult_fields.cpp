#include "app/consult_fields.hpp"

#include <algorithm>

#include "app/access.hpp"
#include "domain/calendar.hpp"
#include "domain/identifiers.hpp"

namespace mk::app {
namespace {

using domain::parse_enum;

std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

template <class E>
void set_enum(const std::optional<std::string>& in, std::string_view field, E& out, Validation& v) {
  if (!in) return;
  if (auto e = parse_enum<E>(*in)) {
    out = *e;
    return;
  }
  std::string allowed;
  for (auto n : domain::EnumNames<E>::names) allowed += (allowed.empty() ? "" : ", ") + std::string(n);
  v.add(std::string(field), "must be one of: " + allowed);
}

void set_text(const std::optional<std::string>& in, std::string_view field, std::string& out, Validation& v) {
  if (!in) return;
  if (in->size() > kMaxTextLength) {
    v.add(std::string(field), "is longer than " + std::to_string(kMaxTextLength) + " characters");
    return;
  }
  out = *in;
}

void apply_patient(domain::Patient& p, const PatientInput& in, Timestamp now, Validation& v) {
  if (in.bsn) {
    if (domain::valid_bsn(*in.bsn)) p.bsn = *in.bsn;
    else v.add("patient.bsn", "is not a valid BSN (9 digits passing the 11-check)");
  }
  if (in.name) {
    auto name = trim(*in.name);
    if (name.empty() || name.size() > 200) v.add("patient.name", "must be 1 to 200 characters");
    else p.name = name;
  }
  if (in.birth_date) {
    auto d = parse_date(*in.birth_date);
    if (!d) v.add("patient.birth_date", "must be a date as YYYY-MM-DD");
    else if (start_of_utc_day(*d) > now) v.add("patient.birth_date", "lies in the future");
    else if (int(d->year()) < 1890) v.add("patient.birth_date", "lies before 1890");
    else p.birth_date = d;
  }
  set_enum(in.sex, "patient.sex", p.sex, v);
  if (in.postcode) {
    if (auto pc = domain::normalise_postcode(*in.postcode)) p.postcode = *pc;
    else v.add("patient.postcode", "is not a Dutch postcode (1234 AB)");
  }
}

void apply_requester(store::ReadTx& tx, const Actor& actor, domain::Consult& c, const ConsultFields& in,
                     Validation& v) {
  if (actor.role == domain::Role::gp) {
    if (in.requester_id && *in.requester_id != actor.id.str())
      v.add("requester_id", "a GP requests consults as itself");
    c.requester_id = actor.id;
    return;
  }
  // An assistant prepares the draft on behalf of a GP of the same practice.
  if (!in.requester_id) {
    if (c.requester_id.empty()) v.add("requester_id", "is required: the GP this draft is prepared for");
    return;
  }
  auto gp = tx.user(UserId(*in.requester_id));
  if (!gp || !gp->active || gp->role != domain::Role::gp || gp->organization_id != actor.organization_id)
    v.add("requester_id", "is not a GP of your practice");
  else
    c.requester_id = gp->id;
}

}  // namespace

std::optional<std::string> required_text(const std::optional<std::string>& in, std::string_view field,
                                         Validation& v) {
  if (!in || trim(*in).empty()) {
    v.add(std::string(field), "is required");
    return std::nullopt;
  }
  if (in->size() > kMaxTextLength) {
    v.add(std::string(field), "is longer than " + std::to_string(kMaxTextLength) + " characters");
    return std::nullopt;
  }
  return *in;
}

void apply_consult_fields(store::ReadTx& tx, const Actor& actor, domain::Consult& c, const ConsultFields& in,
                          Validation& v) {
  for (const auto& e : in.input_errors) v.add(e.field, e.message);
  std::optional<domain::Service> service;
  if (in.service_id) {
    service = tx.service(ServiceId(*in.service_id));
    if (!service || !service->active) v.add("service_id", "is not a known service");
    else if (service->id != c.service_id) {
      c.service_id = service->id;
      c.assignee_id.reset();
      domain::keep_known_values(service->intake, c.intake);  // another service, another form
    }
  }
  if (in.intake) {
    if (!service || service->id != c.service_id) service = c.service_id.empty() ? std::nullopt : tx.service(c.service_id);
    if (service) domain::validate_intake_values(service->intake, *in.intake, v);
    else if (!in.intake->empty()) v.add("intake", "needs a service: the intake form is the service's");
    c.intake = *in.intake;
  }
  if (in.patient) apply_patient(c.patient, *in.patient, c.created_at, v);
  set_text(in.question, "question", c.question, v);
  set_text(in.clinical_context, "clinical_context", c.clinical_context, v);
  set_text(in.patient_narrative, "patient_narrative", c.patient_narrative, v);
  set_enum(in.urgency, "urgency", c.urgency, v);
  set_enum(in.modality, "modality", c.modality, v);
  if (in.intended_referral) {
    domain::IntendedReferral r{};
    Validation local;
    set_enum(in.intended_referral, "intended_referral", r, local);
    if (local.ok()) c.intended_referral = r;
    for (const auto& e : local.errors()) v.add(e.field, e.message);
  }
  if (in.patient_informed) c.patient_informed = *in.patient_informed;
  apply_requester(tx, actor, c, in, v);
  if (in.consultant_id) {
    auto u = tx.user(UserId(*in.consultant_id));
    bool ok = u && u->active && u->role == domain::Role::consultant &&
              std::find(u->services.begin(), u->services.end(), c.service_id) != u->services.end();
    if (ok) c.assignee_id = u->id;
    else v.add("consultant_id", "is not a consultant of the chosen service");
  }
}

void check_submittable(store::ReadTx& tx, const domain::Consult& c, Validation& v) {
  if (auto s = c.service_id.empty() ? std::nullopt : tx.service(c.service_id)) {
    if (!s->offers(c.modality))
      v.add("modality", "the service does not offer " + std::string(domain::to_string(c.modality)));
    if (!access::service_accepts(tx, *s, c.practice_id))
      v.add("service_id", "this service does not accept consults from your care group");
    if (s->routing == domain::Routing::direct && !c.assignee_id)
      v.add("consultant_id", "is required: this service routes to a named consultant");
    domain::validate_intake_values(s->intake, c.intake, v);
    domain::check_intake_complete(s->intake, c.intake, c.attachments, v);
  } else {
    v.add("service_id", "is required");
  }
  const auto& p = c.patient;
  if (p.bsn.empty()) v.add("patient.bsn", "is required");
  if (p.name.empty()) v.add("patient.name", "is required");
  if (!p.birth_date) v.add("patient.birth_date", "is required");
  if (p.postcode.empty()) v.add("patient.postcode", "is required");
  if (c.question.empty()) v.add("question", "is required");
  if (!c.intended_referral) v.add("intended_referral", "is required: would you refer without this consult?");
  if (!c.patient_informed) v.add("patient_informed", "must be true: the patient must be informed of the consult");
}

Timestamp due_at(store::ReadTx& tx, const ServiceId& service, Timestamp from) {
  auto s = tx.service(service);
  return domain::add_working_days(from, s ? s->response_days : 2);
}

}  // namespace mk::app
