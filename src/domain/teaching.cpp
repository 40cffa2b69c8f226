#include "domain/teaching.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>

#include "domain/identifiers.hpp"

namespace mk::domain {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_word_byte(unsigned char c) { return std::isalnum(c) || c >= 0x80; }

// Lower-case ASCII and the common accented Latin letters folded to their base letter, so that
// "Jánssen" matches "janssen". Returns the folded text and, per folded byte, its source offset.
std::string fold(std::string_view s, std::vector<size_t>* map) {
  static const std::array<std::pair<const char*, char>, 28> kAccents = {{
      {"á", 'a'}, {"à", 'a'}, {"ä", 'a'}, {"â", 'a'}, {"é", 'e'}, {"è", 'e'}, {"ë", 'e'}, {"ê", 'e'},
      {"í", 'i'}, {"ì", 'i'}, {"ï", 'i'}, {"î", 'i'}, {"ó", 'o'}, {"ò", 'o'}, {"ö", 'o'}, {"ô", 'o'},
      {"ú", 'u'}, {"ù", 'u'}, {"ü", 'u'}, {"û", 'u'}, {"ç", 'c'}, {"ñ", 'n'}, {"É", 'e'}, {"Ö", 'o'},
      {"Ü", 'u'}, {"Ë", 'e'}, {"Ï", 'i'}, {"Á", 'a'}}};
  std::string out;
  for (size_t i = 0; i < s.size();) {
    bool done = false;
    for (const auto& [from, to] : kAccents) {
      std::string_view f(from);
      if (s.substr(i, f.size()) == f) {
        out += to;
        if (map) map->push_back(i);
        i += f.size();
        done = true;
        break;
      }
    }
    if (done) continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(s[i])));
    if (map) map->push_back(i);
    ++i;
  }
  if (map) map->push_back(s.size());
  return out;
}

struct Span {
  size_t from, to;  // in the source text
  const char* replacement;
};

// Runs of digits with single separators ('.', ' ', '-') between them that hold exactly 9
// digits passing the 11-check.
void find_bsns(std::string_view s, std::vector<Span>& out) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (!is_digit(s[i]) || (i > 0 && (is_digit(s[i - 1]) || std::isalpha(static_cast<unsigned char>(s[i - 1])))))
      continue;
    std::string digits;
    size_t j = i;
    while (j < s.size()) {
      if (is_digit(s[j])) {
        digits += s[j++];
      } else if ((s[j] == '.' || s[j] == ' ' || s[j] == '-') && j + 1 < s.size() && is_digit(s[j + 1]) &&
                 digits.size() < 9) {
        ++j;
      } else {
        break;
      }
    }
    if (digits.size() == 9 && valid_bsn(digits)) out.push_back({i, j, "[BSN]"});
  }
}

// Every whole-word occurrence of `needle` (already folded) in the folded text.
void find_words(const std::string& folded, const std::vector<size_t>& map, const std::string& needle,
                const char* replacement, std::vector<Span>& out) {
  if (needle.empty()) return;
  for (size_t at = folded.find(needle); at != std::string::npos; at = folded.find(needle, at + 1)) {
    size_t end = at + needle.size();
    bool left = at == 0 || !is_word_byte(static_cast<unsigned char>(folded[at - 1]));
    bool right = end >= folded.size() || !is_word_byte(static_cast<unsigned char>(folded[end]));
    if (left && right) out.push_back({map[at], map[end], replacement});
  }
}

std::vector<std::string> name_parts(const Patient& p) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : fold(p.name, nullptr) + " ") {
    if (is_word_byte(static_cast<unsigned char>(c))) {
      cur += c;
    } else {
      // Initials ("J.") and particles ("de", "van") are not names on their own.
      static const std::array<std::string_view, 8> kParticles = {"de", "van", "der", "den", "het", "ten", "ter", "la"};
      bool particle = std::find(kParticles.begin(), kParticles.end(), cur) != kParticles.end();
      if (cur.size() >= 2 && !particle) parts.push_back(cur);
      cur.clear();
    }
  }
  return parts;
}

std::vector<std::string> birth_date_forms(const Patient& p) {
  if (!p.birth_date) return {};
  const int y = int(p.birth_date->year());
  const unsigned m = unsigned(p.birth_date->month()), d = unsigned(p.birth_date->day());
  static const std::array<const char*, 12> kMonths = {"januari", "februari", "maart", "april", "mei", "juni",
                                                      "juli", "augustus", "september", "oktober", "november",
                                                      "december"};
  std::vector<std::string> out;
  char buf[64];
  for (const char* fmt : {"%02u-%02u-%04d", "%u-%u-%04d", "%02u/%02u/%04d", "%u/%u/%04d", "%02u.%02u.%04d"}) {
    std::snprintf(buf, sizeof buf, fmt, d, m, y);
    out.emplace_back(buf);
  }
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
  out.emplace_back(buf);
  std::snprintf(buf, sizeof buf, "%u %s %04d", d, kMonths[m - 1], y);
  out.emplace_back(buf);
  return out;
}

std::vector<std::string> postcode_forms(const Patient& p) {
  if (p.postcode.size() != 6) return {};
  std::string pc = fold(p.postcode, nullptr);
  return {pc, pc.substr(0, 4) + " " + pc.substr(4)};
}

std::vector<Span> spans(std::string_view text, const Patient& patient) {
  std::vector<Span> out;
  find_bsns(text, out);
  std::vector<size_t> map;
  std::string folded = fold(text, &map);
  for (const auto& part : name_parts(patient)) find_words(folded, map, part, "[naam]", out);
  for (const auto& form : birth_date_forms(patient)) find_words(folded, map, form, "[geboortedatum]", out);
  for (const auto& form : postcode_forms(patient)) find_words(folded, map, form, "[postcode]", out);
  return out;
}

}  // namespace

std::string scrub_patient_data(std::string_view text, const Patient& patient) {
  auto found = spans(text, patient);
  std::sort(found.begin(), found.end(), [](const Span& a, const Span& b) { return a.from < b.from; });
  std::string out;
  size_t at = 0;
  for (const auto& s : found) {
    if (s.from < at) continue;  // overlaps one already replaced
    out.append(text.substr(at, s.from - at));
    out += s.replacement;
    at = s.to;
  }
  out.append(text.substr(at));
  return out;
}

bool mentions_patient(std::string_view text, const Patient& patient) {
  if (!patient.bsn.empty() && text.find(patient.bsn) != std::string_view::npos) return true;
  return !spans(text, patient).empty();
}

}  // namespace mk::domain
