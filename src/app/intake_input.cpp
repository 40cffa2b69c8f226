#include "app/intake_input.hpp"

#include <algorithm>

namespace mk::app {
namespace {

domain::IntakeField field(const boost::json::value& item, const std::string& prefix, Validation& v) {
  domain::IntakeField out;
  if (!item.is_object()) {
    v.add(prefix, "must be an object");
    return out;
  }
  JsonFields f(item.as_object(), prefix + ".", v);
  f.only({"key", "label", "label_en", "type", "options", "required"});
  out.key = f.text("key").value_or("");
  out.label = f.text("label").value_or("");
  out.label_en = f.text("label_en").value_or("");
  if (auto t = f.text("type")) {
    if (auto e = domain::parse_enum<domain::IntakeFieldType>(*t)) out.type = *e;
    else v.add(f.path("type"), "must be text or choice");
  }
  out.options = f.texts("options").value_or(std::vector<std::string>{});
  out.required = f.boolean("required").value_or(false);
  return out;
}

int count(JsonFields& f, std::string_view key) {
  auto n = f.integer(key).value_or(0);
  // Out of range is named by validate_intake_form; clamp so the int cannot wrap.
  return static_cast<int>(std::clamp<int64_t>(n, -1, domain::kMaxIntakeAttachments + 1));
}

}  // namespace

std::optional<domain::IntakeForm> intake_form(JsonFields& outer, std::string_view key) {
  const auto* o = outer.object(key);
  if (!o) return std::nullopt;
  Validation& v = outer.validation();
  const std::string prefix = outer.path(key);
  JsonFields f(*o, prefix + ".", v);
  f.only({"fields", "min_photos", "min_attachments"});
  domain::IntakeForm form;
  if (const auto* list = f.array("fields"))
    for (size_t i = 0; i < list->size(); ++i)
      form.fields.push_back(field((*list)[i], prefix + ".fields[" + std::to_string(i) + "]", v));
  form.min_photos = count(f, "min_photos");
  form.min_attachments = count(f, "min_attachments");
  domain::validate_intake_form(form, prefix, v);
  return form;
}

std::optional<domain::IntakeValues> intake_values(JsonFields& outer, std::string_view key) {
  const auto* o = outer.object(key);
  if (!o) return std::nullopt;
  domain::IntakeValues values;
  for (const auto& kv : *o) {
    const std::string path = outer.path(key) + "." + std::string(kv.key());
    if (!kv.value().is_string()) {
      if (!kv.value().is_null()) outer.validation().add(path, "must be a string");
      continue;
    }
    std::string_view text = kv.value().as_string();
    if (text.find_first_not_of(" \t\r\n") != std::string_view::npos) values.emplace(kv.key(), text);
  }
  return values;
}

}  // namespace mk::app
