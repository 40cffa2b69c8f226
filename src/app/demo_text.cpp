// The short messages of a demo consult conversation, and which patients a case fits.
#include <array>
#include <chrono>

#include "app/demo_text.hpp"

namespace mk::app::demo {
namespace {

template <size_t N>
std::string_view one_of(Rng& rng, const std::array<std::string_view, N>& texts) {
  return texts[static_cast<size_t>(uniform_int(rng, 0, static_cast<int>(N) - 1))];
}

int age_at(const domain::Patient& p, Timestamp now) {
  if (!p.birth_date) return 40;
  auto days = (std::chrono::floor<std::chrono::days>(now) - std::chrono::sys_days{*p.birth_date}).count();
  return static_cast<int>(days / 365);
}

}  // namespace

bool fits(Fit fit, const domain::Patient& p, Timestamp now) {
  int age = age_at(p, now);
  switch (fit) {
    case Fit::any: return true;
    case Fit::child: return age < 18;
    case Fit::adult: return age >= 18;
    case Fit::female: return age >= 16 && p.sex == domain::Sex::female;
    case Fit::elderly: return age >= 65;
  }
  return false;
}

std::string_view request_info_text(Rng& rng) {
  return one_of<5>(rng, {"Kunt u de afmeting en het aspect nauwkeuriger beschrijven, liefst met een dermatoscopische opname?",
                         "Wat is de medicatie op dit moment, inclusief zelfzorgmiddelen?",
                         "Zijn er recente laboratoriumwaarden (Hb, nierfunctie, TSH)? Graag toevoegen.",
                         "Hoe lang bestaan de klachten precies en is er sprake van progressie?",
                         "Is er een ECG of eerder onderzoek beschikbaar? Graag de uitslag."});
}

std::string_view gp_reply_text(Rng& rng) {
  return one_of<5>(rng, {"Opnieuw bekeken: 8 mm, rand onregelmatig, geen ulceratie of bloeding.",
                         "Medicatie: omeprazol 20 mg, paracetamol zo nodig. Verder geen zelfzorgmiddelen.",
                         "Lab van vorige week: Hb 8,1, eGFR 74, TSH 2,3. Verder geen afwijkingen.",
                         "Klachten bestaan ongeveer vier maanden, de laatste weken duidelijk toegenomen.",
                         "ECG van vorig jaar: sinusritme zonder afwijkingen."});
}

std::string_view follow_up_question_text(Rng& rng) {
  return one_of<4>(rng, {"Dank voor het advies. Hoe lang moet ik de behandeling proberen voor ik opnieuw consulteer?",
                         "Patiënte vraagt of zij in de tussentijd kan blijven sporten. Is daar bezwaar tegen?",
                         "Na twee weken is er weinig verbetering. Kan ik de dosering verder ophogen?",
                         "Welke controle adviseert u daarna, en door wie?"});
}

std::string_view second_answer_text(Rng& rng) {
  return one_of<4>(rng, {"Geef het zes tot acht weken; bij uitblijven van effect opnieuw consulteren.",
                         "Daar is geen bezwaar tegen, zolang de klachten niet toenemen.",
                         "Ophogen is verantwoord; controleer na vier weken het effect en de bijwerkingen.",
                         "Controle in de eerste lijn over drie maanden is voldoende."});
}

std::string_view cancel_reason(Rng& rng) {
  return one_of<4>(rng, {"Patiënt is inmiddels via de SEH gezien.", "Klachten zijn spontaan verdwenen.",
                         "Patiënt wil toch direct verwezen worden.", "Per abuis aangemaakt voor deze patiënt."});
}

std::string_view redirect_reason(Rng& rng) {
  return one_of<3>(rng, {"Kortere wachttijd bij collega's; doorgezet met toestemming.",
                         "Deze vraag past beter bij het subspecialisme van collega's.",
                         "Door afwezigheid doorgestuurd zodat de termijn gehaald wordt."});
}

std::string_view close_note(Rng& rng, domain::OutcomeResult result) {
  using R = domain::OutcomeResult;
  if (result == R::treated_by_gp)
    return one_of<3>(rng, {"Advies opgevolgd, patiënt tevreden.", "Behandeling gestart volgens advies.",
                           "Goed uitgelegd, leerzaam voor de praktijk."});
  if (result == R::referred) return one_of<2>(rng, {"Verwezen volgens advies.", "Patiënt wilde toch verwezen worden."});
  return one_of<2>(rng, {"Verwezen naar een ander ziekenhuis op verzoek van patiënt.", "Anders opgelost."});
}

}  // namespace mk::app::demo
