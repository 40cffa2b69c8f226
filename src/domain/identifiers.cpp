#include "domain/identifiers.hpp"

#include <array>
#include <cstdio>
#include <vector>

namespace mk::domain {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view s) {
  for (char c : s)
    if (!is_digit(c)) return false;
  return true;
}

char to_upper_ascii(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }
bool is_letter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// Separators that people put inside a written BSN: "123 456 782", "123.456.782", "123-45-6782".
bool is_group_separator(char c) { return c == ' ' || c == '.' || c == '-'; }

// Does a run of consecutive digit groups spell exactly 9 digits that pass the 11-check?
bool groups_form_bsn(const std::vector<std::string_view>& groups) {
  for (size_t first = 0; first < groups.size(); ++first) {
    std::string digits;
    for (size_t last = first; last < groups.size() && digits.size() < 9; ++last) {
      digits.append(groups[last]);
      if (digits.size() == 9 && valid_bsn(digits)) return true;
    }
  }
  return false;
}

}  // namespace

bool valid_bsn(std::string_view bsn) {
  if (bsn.size() != 9 || !all_digits(bsn) || bsn == "000000000") return false;
  static constexpr std::array<int, 9> weights{9, 8, 7, 6, 5, 4, 3, 2, -1};
  int sum = 0;
  for (size_t i = 0; i < 9; ++i) sum += weights[i] * (bsn[i] - '0');
  return sum % 11 == 0;
}

bool valid_agb(std::string_view agb) { return agb.size() == 8 && all_digits(agb); }

std::optional<std::string> normalise_postcode(std::string_view postcode) {
  if (postcode.size() == 7) {
    if (postcode[4] != ' ') return std::nullopt;
    std::string joined(postcode.substr(0, 4));
    joined.append(postcode.substr(5));
    return normalise_postcode(joined);
  }
  if (postcode.size() != 6 || !all_digits(postcode.substr(0, 4)) || postcode[0] == '0') return std::nullopt;
  if (!is_letter(postcode[4]) || !is_letter(postcode[5])) return std::nullopt;
  std::string out(postcode);
  out[4] = to_upper_ascii(out[4]);
  out[5] = to_upper_ascii(out[5]);
  // SA, SD and SS are never issued (historical connotations).
  std::string_view letters = std::string_view(out).substr(4);
  if (letters == "SA" || letters == "SD" || letters == "SS") return std::nullopt;
  return out;
}

std::string pc4(std::string_view normalised_postcode) {
  return std::string(normalised_postcode.substr(0, 4));
}

// A "number" is a maximal stretch of digit groups joined by single separators. It holds a
// BSN-like number when some consecutive groups in it add up to exactly 9 digits that pass the
// 11-check: a plain 9-digit run, or one written in groups. Longer plain runs (phone numbers,
// IBANs) are never cut into pieces, because groups are maximal digit runs.
bool contains_bsn_like_number(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    if (!is_digit(text[i])) {
      ++i;
      continue;
    }
    std::vector<std::string_view> groups;
    while (true) {
      size_t start = i;
      while (i < text.size() && is_digit(text[i])) ++i;
      groups.push_back(text.substr(start, i - start));
      if (i + 1 < text.size() && is_group_separator(text[i]) && is_digit(text[i + 1])) {
        ++i;
        continue;
      }
      break;
    }
    if (groups_form_bsn(groups)) return true;
  }
  return false;
}

std::string format_reference(int year, int64_t number) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "MK-%04d-%06lld", year, static_cast<long long>(number));
  return buf;
}

}  // namespace mk::domain
