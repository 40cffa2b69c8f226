#pragma once
// Dutch identifiers and codes: pure checks, no I/O.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mk::domain {

// BSN: 9 digits passing the 11-check (weights 9..2 and -1; sum divisible by 11, not all zero).
bool valid_bsn(std::string_view bsn);
// AGB-code: exactly 8 digits.
bool valid_agb(std::string_view agb);
// Dutch postcode "1234AB" or "1234 AB" (any case; first digit not 0, letters not SA/SD/SS).
// Returns the normalised form "1234AB", or nullopt.
std::optional<std::string> normalise_postcode(std::string_view postcode);
// The 4-digit neighbourhood (PC4) of a normalised postcode.
std::string pc4(std::string_view normalised_postcode);
// Any 9-digit run in free text that passes the 11-check (één loket refuses such text).
bool contains_bsn_like_number(std::string_view text);

// Human consult reference: "MK-2026-000123".
std::string format_reference(int year, int64_t number);

}  // namespace mk::domain
