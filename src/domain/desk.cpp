#include "domain/desk.hpp"

#include <array>

#include "core/error.hpp"
#include "domain/teaching.hpp"

namespace mk::domain {
namespace {

constexpr std::array<std::string_view, 5> kStatus = {"received", "routed", "in_progress", "answered", "closed"};
constexpr std::array<std::string_view, 6> kTopic = {"social_domain", "frail_elderly", "labour_market",
                                                    "data_exchange", "deprived_neighbourhoods", "other"};
constexpr std::array<std::string_view, 2> kDirection = {"inward", "outward"};

template <class E, size_t N>
std::optional<E> parse(const std::array<std::string_view, N>& names, std::string_view s) {
  for (size_t i = 0; i < N; ++i)
    if (names[i] == s) return static_cast<E>(i);
  return std::nullopt;
}

}  // namespace

std::string_view to_string(DeskStatus s) { return kStatus[static_cast<size_t>(s)]; }
std::string_view to_string(DeskTopic t) { return kTopic[static_cast<size_t>(t)]; }
std::string_view to_string(DeskDirection d) { return kDirection[static_cast<size_t>(d)]; }
std::optional<DeskStatus> parse_desk_status(std::string_view s) { return parse<DeskStatus>(kStatus, s); }
std::optional<DeskTopic> parse_desk_topic(std::string_view s) { return parse<DeskTopic>(kTopic, s); }

void require_desk_transition(DeskStatus from, DeskStatus to) {
  bool ok = (to == DeskStatus::closed && from != DeskStatus::closed) ||
            static_cast<int>(to) == static_cast<int>(from) + 1;
  if (!ok)
    throw Error(Errc::conflict, "Transition not allowed",
                "a desk question in status '" + std::string(to_string(from)) + "' cannot become '" +
                    std::string(to_string(to)) + "'");
}

bool has_bsn_like_number(std::string_view text) {
  // The teaching library's scrubber knows every notation; with no patient it replaces only
  // BSN-like numbers, so any change means one was there.
  return scrub_patient_data(text, Patient{}) != text;
}

}  // namespace mk::domain
