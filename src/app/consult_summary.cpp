// The SOEP summary (Subjectief, Objectief, Evaluatie, Plan) a GP copies into the record system.
#include <sstream>

#include "app/consults.hpp"

namespace mk::app {
namespace {

std::string result_nl(domain::OutcomeResult r) {
  switch (r) {
    case domain::OutcomeResult::treated_by_gp: return "behandeld door de huisarts";
    case domain::OutcomeResult::referred: return "verwezen naar de geconsulteerde specialist";
    case domain::OutcomeResult::referred_elsewhere: return "elders verwezen";
    case domain::OutcomeResult::other: return "anders";
  }
  return "";
}

void indented(std::ostringstream& out, std::string_view label, const std::string& text) {
  if (text.empty()) return;
  out << "   " << label;
  for (char ch : text) {
    out << ch;
    if (ch == '\n') out << "   ";
  }
  out << "\n";
}

std::string render(const ConsultView& v) {
  const auto& c = v.consult;
  std::ostringstream out;
  out << "Meekijkconsult " << c.reference << " - " << v.service_name << ", " << v.provider_name << "\n";
  out << "Patient: " << c.patient.name;
  if (c.patient.birth_date) out << ", geb. " << format_date(*c.patient.birth_date);
  out << "\n";
  out << "S: Vraag aan " << (v.specialty.empty() ? "specialist" : v.specialty) << ":\n";
  indented(out, "", c.question);
  indented(out, "Patient vertelt: ", c.patient_narrative);
  out << "O:\n";
  indented(out, "", c.clinical_context);
  if (!c.attachments.empty()) {
    out << "   Bijlagen:";
    for (const auto& a : c.attachments) out << " " << a.filename << ";";
    out << "\n";
  }
  out << "E:";
  if (c.answer) {
    out << " Advies van " << (v.assignee_name.empty() ? "consulent" : v.assignee_name);
    if (c.answered_at) out << " (" << format_date(utc_date(*c.answered_at)) << ")";
    out << ":\n";
    indented(out, "", c.answer->advice);
    out << "   Verwijzing geadviseerd: " << (c.answer->referral_advised ? "ja" : "nee") << "\n";
  } else {
    out << " nog geen advies (status: " << domain::to_string(c.status) << ")\n";
  }
  out << "P:";
  if (c.outcome) {
    out << " " << result_nl(c.outcome->result) << "\n";
    indented(out, "", c.outcome->note);
  } else {
    out << " consult loopt nog\n";
  }
  return out.str();
}

}  // namespace

std::string Consults::summary(const RequestContext& ctx, const ConsultId& id) {
  auto v = get(ctx, id);  // the read is audited there, once
  return render(v);
}

}  // namespace mk::app
