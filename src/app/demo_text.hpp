#pragma once
// Texts of the demo consults: a small set of realistic Dutch questions and answers per
// specialty (synthetic, no real patient data), and the short messages of a conversation.
#include <string_view>
#include <vector>

#include "app/demo_model.hpp"

namespace mk::app::demo {

// Which patients a case fits.
enum class Fit { any, child, adult, female, elderly };

struct CaseText {
  std::string_view specialty;
  Fit fit;
  std::string_view question;
  std::string_view context;    // clinical_context
  std::string_view narrative;  // the patient's own words
  std::string_view advice_gp;     // advice that keeps the patient with the GP
  std::string_view advice_refer;  // advice to refer
};

std::vector<CaseText> hospital_cases();  // demo_cases_hospital.cpp
std::vector<CaseText> other_cases();     // demo_cases_other.cpp: the rest and the kader-GP pools
bool fits(Fit fit, const domain::Patient& p, Timestamp now);

// The short messages of a conversation (demo_text.cpp).
struct Exchange {
  std::string_view ask, reply;
};
Exchange info_exchange(Rng& rng);       // the consultant asks for more, the GP provides it
Exchange follow_up_exchange(Rng& rng);  // the GP asks again after the advice, the consultant answers
std::string_view cancel_reason(Rng& rng);
std::string_view redirect_reason(Rng& rng);
std::string_view close_note(Rng& rng, domain::OutcomeResult result);

}  // namespace mk::app::demo
