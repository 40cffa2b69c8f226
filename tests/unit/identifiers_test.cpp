#include "domain/identifiers.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace mk::domain {
namespace {

// The check digit the 11-check needs for eight leading digits, or -1 when none does (10).
int bsn_check_digit(const std::string& first8) {
  int sum = 0;
  for (int i = 0; i < 8; ++i) sum += (9 - i) * (first8[i] - '0');
  int check = sum % 11;  // sum - check must be divisible by 11
  return check == 10 ? -1 : check;
}

TEST(Bsn, KnownValidNumbers) {
  // Commonly used test numbers (111222333, 123456782) and others checked outside this code.
  for (const char* bsn : {"111222333", "123456782", "999999990", "999996356", "100000009", "012345672"}) {
    SCOPED_TRACE(bsn);
    EXPECT_TRUE(valid_bsn(bsn));
  }
}

TEST(Bsn, GeneratedNumbersPassAndOneDigitOffFails) {
  int generated = 0;
  for (int n = 10000000; n < 99999999; n += 7654321) {
    std::string first8 = std::to_string(n);
    int check = bsn_check_digit(first8);
    if (check < 0) continue;
    std::string bsn = first8 + char('0' + check);
    SCOPED_TRACE(bsn);
    EXPECT_TRUE(valid_bsn(bsn));
    std::string off = bsn;
    off[8] = char('0' + (check + 1) % 10);
    EXPECT_FALSE(valid_bsn(off));
    ++generated;
  }
  EXPECT_GE(generated, 8);
}

TEST(Bsn, InvalidNumbers) {
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"", "empty"},
      {"12345678", "8 digits"},
      {"1234567820", "10 digits"},
      {"000000000", "all zeros passes the sum but is refused"},
      {"123456789", "bad check"},
      {"123456781", "bad check"},
      {"111222334", "bad check"},
      {"12345678a", "letter"},
      {"a23456782", "letter"},
      {"123 45678", "space"},
      {" 123456782", "leading space"},
      {"123456782 ", "trailing space"},
      {"-23456782", "sign"},
      {"123-45-678", "separators"},
  };
  for (const auto& [bsn, why] : cases) {
    SCOPED_TRACE(std::string(bsn) + " (" + why + ")");
    EXPECT_FALSE(valid_bsn(bsn));
  }
}

TEST(Agb, ExactlyEightDigits) {
  EXPECT_TRUE(valid_agb("01234567"));
  EXPECT_TRUE(valid_agb("12345678"));
  EXPECT_TRUE(valid_agb("00000000"));
  for (const char* agb : {"", "1234567", "123456789", "1234567a", "1234 567", " 12345678", "12-34567"}) {
    SCOPED_TRACE(agb);
    EXPECT_FALSE(valid_agb(agb));
  }
}

TEST(Postcode, NormalisesValidForms) {
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"1234AB", "1234AB"}, {"1234 AB", "1234AB"}, {"1234ab", "1234AB"}, {"1234 aB", "1234AB"},
      {"3083 cz", "3083CZ"}, {"9999ZZ", "9999ZZ"},  {"1000AA", "1000AA"}, {"1234SB", "1234SB"},
      {"1234AS", "1234AS"},  {"1234DS", "1234DS"},
  };
  for (const auto& [in, out] : cases) {
    SCOPED_TRACE(in);
    auto got = normalise_postcode(in);
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(*got, out);
  }
}

TEST(Postcode, RefusesInvalidForms) {
  for (const char* in : {"", "0123AB", "0123 AB", "123AB", "12345AB", "1234A", "1234ABC", "1234  AB",
                         "1234-AB", "1234_AB", " 1234AB", "1234AB ", "1234 A1", "12a4AB", "ABCD12",
                         "1234SA", "1234 sa", "1234Sd", "1234ss", "1234 SS", "1234\xc3\x84" "B",
                         "1234 \xc3\x84" "B"}) {
    SCOPED_TRACE(in);
    EXPECT_FALSE(normalise_postcode(in).has_value());
  }
}

TEST(Postcode, Pc4IsTheDigitPart) {
  EXPECT_EQ(pc4("3083AB"), "3083");
  EXPECT_EQ(pc4("1000AA"), "1000");
  EXPECT_EQ(pc4(*normalise_postcode("9711 lm")), "9711");
}

TEST(BsnLikeNumber, FindsBsnsInText) {
  for (const char* text : {
           "123456782",
           "BSN 123456782",
           "bsn:111222333.",
           "patient (123456782) met eczeem",
           "abc123456782def",
           "123 456 782",
           "bsn 123.456.782, geboren 1970",
           "123-45-6782",
           "tel 06 1234 en bsn 111 222 333",
           "12 123456782",
           "regel 1\n999999990\nregel 3",
       }) {
    SCOPED_TRACE(text);
    EXPECT_TRUE(contains_bsn_like_number(text));
  }
}

TEST(BsnLikeNumber, IgnoresOtherNumbers) {
  for (const char* text : {
           "",
           "geen cijfers",
           "0612345678",     // mobile number: 10 digits, even though a tail would pass
           "0123456782",     // 10 digits containing the valid 123456782
           "1234567820",     // 10 digits starting with the valid 123456782
           "06-12345678",    // 2 + 8 digits
           "06 123 456 78",  // 2 + 3 + 3 + 2: no consecutive groups of exactly 9
           "+31 6 12345678",
           "123456781",      // 9 digits, bad check
           "123456789",
           "AGB 01234567",
           "postcode 3083 AB",
           "12-03-2026 om 10.30 uur",
           "IBAN NL91ABNA0417164300",
           "123,456,782",    // comma is not a separator inside a written BSN
           "123  456 782",   // double space breaks the number
           "000000000",
       }) {
    SCOPED_TRACE(text);
    EXPECT_FALSE(contains_bsn_like_number(text));
  }
}

TEST(Reference, FormatsWithSixDigitsMinimum) {
  EXPECT_EQ(format_reference(2026, 123), "MK-2026-000123");
  EXPECT_EQ(format_reference(2026, 0), "MK-2026-000000");
  EXPECT_EQ(format_reference(2026, 1), "MK-2026-000001");
  EXPECT_EQ(format_reference(2027, 999999), "MK-2027-999999");
  EXPECT_EQ(format_reference(2027, 1000000), "MK-2027-1000000");
  EXPECT_EQ(format_reference(2030, 123456789012LL), "MK-2030-123456789012");
}

}  // namespace
}  // namespace mk::domain
