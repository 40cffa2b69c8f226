#pragma once
// Contracts and declarations (DESIGN §5–6). A contract says, for one requester care group ×
// provider organisation × modality and a period, who pays what to whom; when a consult closes
// it yields two declaration lines (the GP's practice and the consultant's organisation) from
// the contract in force on the consult's submit date. All money is in whole euro cents; a
// per-minute rate is kept in hundredths of a cent so that rates like € 1,875 per minute are
// exact, and the product is rounded half up to whole cents once, before the cap.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "core/time.hpp"
#include "domain/enums.hpp"

namespace mk::domain {

struct Contract {
  ContractId id;
  std::string ref;  // stable key of the import file; may be empty for contracts made in the app
  int version = 1;
  OrgId requester_care_group_id;
  OrgId provider_organization_id;
  Modality modality = Modality::e_consult;
  Date valid_from{};
  std::optional<Date> valid_to;  // inclusive; none = open-ended
  OrgId payer_id;
  int64_t gp_fee_cents = 0;
  std::string gp_code;
  FeeKind consultant_fee_kind = FeeKind::fixed;
  int64_t consultant_fee_cents = 0;          // kind fixed
  int64_t consultant_rate_centicents = 0;    // kind per_minute: 1/100 cent per minute
  std::optional<int64_t> consultant_fee_cap_cents;  // kind per_minute; none = no cap
  std::string consultant_code;
  // on_site: paid once per session to the provider organisation (consultant_code), when the
  // session's first booked consult closes; none = no session fee.
  std::optional<int64_t> session_fee_cents;
  bool deductible_applies = false;  // never true for this product: refused on save and on export
  Timestamp updated_at{};

  bool in_force_on(Date d) const;
  // Whether the two periods share a day.
  bool overlaps(const Contract& other) const;
  // The consultant's fee for `minutes` spent (per_minute: rounded half up to cents, then capped).
  int64_t consultant_fee(int minutes) const;
};

struct DeclarationLine {
  std::string id;
  ConsultId consult_id;
  std::string reference;
  Date date{};          // the close date (Europe/Amsterdam): the line's billing month
  Party party = Party::gp;
  OrgId organization_id;  // the GP's practice, or the contract's provider organisation
  std::string organization_agb;
  std::optional<UserId> practitioner_id;  // the asking GP, or the consultant who gave the advice
  std::string practitioner_agb;
  OrgId payer_id;
  std::string code;
  int64_t amount_cents = 0;
  bool deductible_applies = false;
  ContractId contract_id;
  Modality modality = Modality::e_consult;
  int minutes_spent = 0;
  Timestamp created_at{};
  // A session's line (the fee per session): the session; consult_id is the consult whose close
  // billed it. None for a consult's own lines.
  std::optional<std::string> session_id;
};

// A closed consult that found no contract: listed, never silently dropped, until a contract
// is added and the month is reprocessed.
struct Unbilled {
  ConsultId consult_id;
  std::string reference;
  Date date{};
  OrgId practice_id;
  OrgId provider_organization_id;
  Modality modality = Modality::e_consult;
  std::string reason;  // "no_care_group" | "no_contract"
  Timestamp created_at{};
};

// One line of a monthly statement: the sum of an organisation's declaration lines per party,
// payer and code.
struct StatementLine {
  OrgId organization_id;
  Party party = Party::gp;
  OrgId payer_id;
  std::string code;
  int64_t lines = 0;
  int64_t amount_cents = 0;
  int64_t deductible_lines = 0;  // lines that would charge the deductible: the export refuses them
};

// "2026-10" for a date in October 2026.
std::string month_of(Date d);
// Accepts "YYYY-MM" with a month 01–12 and a year 2000–2999.
bool valid_month(std::string_view month);

}  // namespace mk::domain
