// Scrubbing patient data out of a teaching case's texts (issue 8, part 3).
#include <gtest/gtest.h>

#include "domain/teaching.hpp"

namespace mk::domain {
namespace {

Patient patient() {
  Patient p;
  p.bsn = "111222333";
  p.name = "Jan-Willem van der Berg";
  p.birth_date = std::chrono::year(1961) / std::chrono::month(3) / std::chrono::day(7);
  p.postcode = "3083AB";
  return p;
}

TEST(ScrubPatientData, ReplacesTheBsnInEveryUsualNotation) {
  for (const char* bsn : {"111222333", "111.222.333", "111 222 333", "111-222-333"})
    EXPECT_EQ(scrub_patient_data(std::string("BSN ") + bsn + ".", patient()), "BSN [BSN].") << bsn;
  // Any number passing the 11-check is a BSN-like identifier (another person's too).
  EXPECT_EQ(scrub_patient_data("partner 123456782", patient()), "partner [BSN]");
  // Other numbers stay: doses, dates, phone numbers failing the check.
  EXPECT_EQ(scrub_patient_data("2 dd 500 mg, 123456789, 0612345678", patient()), "2 dd 500 mg, 123456789, 0612345678");
}

TEST(ScrubPatientData, ReplacesNamesBirthDateAndPostcodeButNotOtherWords) {
  auto out = scrub_patient_data(
      "Dhr. Van der Berg (Jan-Willem, BERG) geb. 07-03-1961 / 7-3-1961 / 1961-03-07 / 7 maart 1961, "
      "woont 3083 AB (3083ab). Bergamot-olie helpt niet; van der Waals.",
      patient());
  EXPECT_EQ(out,
            "Dhr. Van der [naam] ([naam]-[naam], [naam]) geb. [geboortedatum] / [geboortedatum] / [geboortedatum] / "
            "[geboortedatum], woont [postcode] ([postcode]). Bergamot-olie helpt niet; van der Waals.");
  EXPECT_FALSE(mentions_patient(out, patient()));
  EXPECT_TRUE(mentions_patient("Berg", patient()));
  EXPECT_TRUE(mentions_patient("bérg", patient()));  // accents folded
  EXPECT_FALSE(mentions_patient("Sinds maart 2026 jeuk.", patient()));
}

}  // namespace
}  // namespace mk::domain
