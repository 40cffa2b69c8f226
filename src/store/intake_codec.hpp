#pragma once
// The intake form of a service and the intake values of a consult are stored as JSON text
// (services.intake, consults.intake), the same in both backends. The text is only ever written
// by encode_*, so decoding trusts it; "" (a row from before the column) decodes to empty.
#include <string>
#include <string_view>

#include "domain/intake.hpp"

namespace mk::store {

std::string encode_intake_form(const domain::IntakeForm& form);
domain::IntakeForm decode_intake_form(std::string_view text);
std::string encode_intake_values(const domain::IntakeValues& values);
domain::IntakeValues decode_intake_values(std::string_view text);

}  // namespace mk::store
