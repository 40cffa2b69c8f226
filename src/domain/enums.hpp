#pragma once
// The domain's closed vocabularies. Their text forms are the JSON contract (DESIGN §4–5),
// so names here are exactly the wire names.
#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace mk::domain {

enum class Role {
  gp, assistant, consultant, coordinator, care_group_manager, regional_admin, insurer,
  privacy_officer, desk_officer, third_party
};
enum class OrgType {
  gp_practice, care_group, health_centre, hospital, zbc, insurer, municipality, social_domain,
  region_office
};
enum class Modality { e_consult, on_site };
enum class Routing { pool, direct };
enum class Urgency { routine, soon };
enum class IntendedReferral { yes, no, unsure };
enum class Sex { female, male, other, unknown };
enum class ConsultStatus { draft, submitted, accepted, awaiting_gp, answered, closed, cancelled };
enum class OutcomeResult { treated_by_gp, referred, referred_elsewhere, other };
enum class FeeKind { fixed, per_minute };
enum class Party { gp, consultant };  // who a declaration line pays
enum class MessageKind {
  question,            // a GP's message, also the answer to a request for information
  request_info,        // consultant asks the GP for more information
  advice,              // the consultant's answer
  follow_up_question,  // the GP's second-round question after an answer
  note,                // consultant's message without a state change
};

template <class E>
struct EnumNames;

#define MK_ENUM_NAMES(E, ...)                                                \
  template <>                                                                \
  struct EnumNames<E> {                                                      \
    static constexpr auto names = std::to_array<std::string_view>({__VA_ARGS__});                       \
  }

MK_ENUM_NAMES(Role, "gp", "assistant", "consultant", "coordinator",
              "care_group_manager", "regional_admin", "insurer", "privacy_officer", "desk_officer",
              "third_party");
MK_ENUM_NAMES(OrgType, "gp_practice", "care_group", "health_centre", "hospital", "zbc",
              "insurer", "municipality", "social_domain", "region_office");
MK_ENUM_NAMES(Modality, "e_consult", "on_site");
MK_ENUM_NAMES(Routing, "pool", "direct");
MK_ENUM_NAMES(Urgency, "routine", "soon");
MK_ENUM_NAMES(IntendedReferral, "yes", "no", "unsure");
MK_ENUM_NAMES(Sex, "female", "male", "other", "unknown");
MK_ENUM_NAMES(ConsultStatus, "draft", "submitted", "accepted", "awaiting_gp", "answered",
              "closed", "cancelled");
MK_ENUM_NAMES(OutcomeResult, "treated_by_gp", "referred", "referred_elsewhere", "other");
MK_ENUM_NAMES(FeeKind, "fixed", "per_minute");
MK_ENUM_NAMES(Party, "gp", "consultant");
MK_ENUM_NAMES(MessageKind, "question", "request_info", "advice", "follow_up_question",
              "note");
#undef MK_ENUM_NAMES

template <class E>
constexpr std::string_view to_string(E e) {
  return EnumNames<E>::names[static_cast<std::size_t>(e)];
}

template <class E>
constexpr std::optional<E> parse_enum(std::string_view text) {
  const auto& names = EnumNames<E>::names;
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == text) return static_cast<E>(i);
  return std::nullopt;
}

template <class E>
constexpr std::size_t enum_count() {
  return EnumNames<E>::names.size();
}

}  // namespace mk::domain
