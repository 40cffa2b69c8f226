#pragma once
// Turning client fields into a consult, naming every bad field (DESIGN §4).
#include "app/consult_inputs.hpp"
#include "core/error.hpp"
#include "store/store.hpp"

namespace mk::app {

inline constexpr size_t kMaxTextLength = 20000;

// Applies the present fields to `c`; format problems go to `v`. The service, requester and
// consultant are looked up in `tx`.
void apply_consult_fields(store::ReadTx& tx, const Actor& actor, domain::Consult& c, const ConsultFields& in,
                          Validation& v);

// What a consult must hold before it is submitted: the service accepts it, the patient is
// complete, the question and the intended-referral answer are there, the patient is informed.
void check_submittable(store::ReadTx& tx, const domain::Consult& c, Validation& v);

// A required free text: present, not blank, not longer than kMaxTextLength.
std::optional<std::string> required_text(const std::optional<std::string>& in, std::string_view field,
                                         Validation& v);

// The consult's due time: submitted + the service's response time in working days.
Timestamp due_at(store::ReadTx& tx, const ServiceId& service, Timestamp from);

}  // namespace mk::app
