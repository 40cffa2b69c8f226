#pragma once
// Één loket (issue 8, part 2): one desk for GP care in the region. Third parties (the
// municipality, social-domain teams, elderly-care partners) put questions to the region's GPs
// ("inward"); GPs raise shared questions to the third parties ("outward") and other practices
// join them ("me too"), so the desk sees how many share a question. The desk officer routes a
// question to a care group or working group, follows it to an answer, publishes a public answer
// for the region's GPs and merges duplicates. No patient data: text with a BSN-like number is
// refused, attachments do not exist here.
#include <optional>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "core/time.hpp"

namespace mk::domain {

enum class DeskStatus { received, routed, in_progress, answered, closed };
enum class DeskTopic { social_domain, frail_elderly, labour_market, data_exchange, deprived_neighbourhoods, other };
enum class DeskDirection { inward, outward };

struct DeskQuestion {
  std::string id;
  std::string reference;  // "LOKET-2026-0007"
  DeskDirection direction = DeskDirection::inward;
  OrgId from_org_id;      // the third party's organisation, or the asking GP's practice
  UserId created_by;
  std::string title;
  std::string text;
  DeskTopic topic = DeskTopic::other;
  std::vector<std::string> area_pc4;  // empty: the whole region
  DeskStatus status = DeskStatus::received;
  std::optional<OrgId> routed_to;     // a care group or working group
  std::string answer;                 // for the asker
  std::string public_answer;          // for the region's GPs
  std::optional<std::string> merged_into;
  Timestamp created_at{}, updated_at{};
  int version = 1;
  int64_t supporters = 0;  // practices that share it (read side)
};

std::string_view to_string(DeskStatus s);
std::string_view to_string(DeskTopic t);
std::string_view to_string(DeskDirection d);
std::optional<DeskStatus> parse_desk_status(std::string_view s);
std::optional<DeskTopic> parse_desk_topic(std::string_view s);

// received → routed → in_progress → answered → closed; closing is allowed from any open state
// (a merged duplicate, a withdrawn question). Throws Error{conflict} naming both states.
void require_desk_transition(DeskStatus from, DeskStatus to);

// Whether the text holds a number that passes the BSN 11-check (9 digits, also written with
// dots, spaces or dashes): the desk refuses it, whoever's it is.
bool has_bsn_like_number(std::string_view text);

}  // namespace mk::domain
