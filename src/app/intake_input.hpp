#pragma once
// Reading an intake form (PATCH /services/{id}, the import file) and a consult's intake values
// (POST/PATCH consults) from client JSON, naming every wrong field.
#include <optional>
#include <string_view>

#include "app/json_input.hpp"
#include "domain/intake.hpp"

namespace mk::app {

// f[key] as {"fields": [{key, label, label_en, type, options, required}], "min_photos",
// "min_attachments"}: JSON shape problems and the form's own rules (domain) go to f's
// validation; absent → nullopt.
std::optional<domain::IntakeForm> intake_form(JsonFields& f, std::string_view key);

// f[key] as {"<field key>": "<value>"}; a blank value means "not filled in" and is dropped.
std::optional<domain::IntakeValues> intake_values(JsonFields& f, std::string_view key);

}  // namespace mk::app
