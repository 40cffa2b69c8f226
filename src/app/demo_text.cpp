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

Exchange info_exchange(Rng& rng) {
  static constexpr std::array<Exchange, 5> kExchanges{{
      {"Kunt u de afmeting en het aspect nauwkeuriger beschrijven, liefst met een dermatoscopische opname?",
       "Opnieuw bekeken: 8 mm, rand onregelmatig, geen ulceratie of bloeding."},
      {"Wat is de medicatie op dit moment, inclusief zelfzorgmiddelen?",
       "Medicatie: omeprazol 20 mg, paracetamol zo nodig. Verder geen zelfzorgmiddelen."},
      {"Zijn er recente laboratoriumwaarden (Hb, nierfunctie, TSH)? Graag de uitslagen.",
       "Lab van vorige week: Hb 8,1, eGFR 74, TSH 2,3. Verder geen afwijkingen."},
      {"Hoe lang bestaan de klachten precies en is er sprake van progressie?",
       "Klachten bestaan ongeveer vier maanden, de laatste weken duidelijk toegenomen."},
      {"Is er een ECG of eerder onderzoek beschikbaar? Graag de uitslag.",
       "ECG van vorig jaar: sinusritme zonder afwijkingen. Verder geen eerder onderzoek."},
  }};
  return kExchanges[static_cast<size_t>(uniform_int(rng, 0, int(kExchanges.size()) - 1))];
}

Exchange follow_up_exchange(Rng& rng) {
  static constexpr std::array<Exchange, 4> kExchanges{{
      {"Dank voor het advies. Hoe lang moet ik de behandeling proberen voor ik opnieuw consulteer?",
       "Geef het zes tot acht weken; bij uitblijven van effect opnieuw consulteren."},
      {"De patiënt vraagt of sporten in de tussentijd kan. Is daar bezwaar tegen?",
       "Daar is geen bezwaar tegen, zolang de klachten niet toenemen."},
      {"Na twee weken is er weinig verbetering. Kan ik de dosering verder ophogen?",
       "Ophogen is verantwoord; controleer na vier weken het effect en de bijwerkingen."},
      {"Welke controle adviseert u daarna, en door wie?", "Controle in de eerste lijn over drie maanden is voldoende."},
  }};
  return kExchanges[static_cast<size_t>(uniform_int(rng, 0, int(kExchanges.size()) - 1))];
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
                           "Duidelijk advies en snel antwoord."});
  if (result == R::referred)
    return one_of<2>(rng, {"Verwezen volgens advies.", "Patiënt wilde toch verwezen worden."});
  return one_of<2>(rng, {"Verwezen naar een ander ziekenhuis op verzoek van patiënt.", "Anders opgelost."});
}

}  // namespace mk::app::demo
