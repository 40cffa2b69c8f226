#include "domain/intake.hpp"

#include <algorithm>
#include <set>

#include "domain/consult.hpp"

namespace mk::domain {
namespace {

bool valid_key(std::string_view k) {
  if (k.empty() || k.size() > 40 || k[0] < 'a' || k[0] > 'z') return false;
  return std::all_of(k.begin(), k.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

bool blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

void check_label(const std::string& label, const std::string& field, Validation& v) {
  if (blank(label) || label.size() > kMaxIntakeLabel)
    v.add(field, "must be 1 to " + std::to_string(kMaxIntakeLabel) + " characters");
}

void check_count(int n, const std::string& field, Validation& v) {
  if (n < 0 || n > kMaxIntakeAttachments) v.add(field, "must be 0 to " + std::to_string(kMaxIntakeAttachments));
}

void check_options(const IntakeField& f, const std::string& path, Validation& v) {
  if (f.type != IntakeFieldType::choice) {
    if (!f.options.empty()) v.add(path, "only a choice field has options");
    return;
  }
  if (f.options.empty() || f.options.size() > kMaxIntakeOptions) {
    v.add(path, "a choice field needs 1 to " + std::to_string(kMaxIntakeOptions) + " options");
    return;
  }
  std::set<std::string_view> seen;
  for (const auto& o : f.options) {
    if (blank(o) || o.size() > kMaxIntakeLabel)
      v.add(path, "every option must be 1 to " + std::to_string(kMaxIntakeLabel) + " characters");
    else if (!seen.insert(o).second)
      v.add(path, "option '" + o + "' appears twice");
  }
}


}  // namespace

const IntakeField* IntakeForm::field(std::string_view key) const {
  auto it = std::find_if(fields.begin(), fields.end(), [&](const IntakeField& f) { return f.key == key; });
  return it == fields.end() ? nullptr : &*it;
}

void validate_intake_form(const IntakeForm& form, std::string_view prefix, Validation& v) {
  const std::string p(prefix);
  if (form.fields.size() > kMaxIntakeFields)
    v.add(p + ".fields", "at most " + std::to_string(kMaxIntakeFields) + " fields");
  std::set<std::string_view> keys;
  for (size_t i = 0; i < form.fields.size(); ++i) {
    const auto& f = form.fields[i];
    const std::string at = p + ".fields[" + std::to_string(i) + "].";
    if (!valid_key(f.key))
      v.add(at + "key", "must be a lower-case slug: a letter, then up to 39 letters, digits or _");
    else if (!keys.insert(f.key).second)
      v.add(at + "key", "'" + f.key + "' is used by another field");
    check_label(f.label, at + "label", v);
    check_label(f.label_en, at + "label_en", v);
    check_options(f, at + "options", v);
  }
  check_count(form.min_photos, p + ".min_photos", v);
  check_count(form.min_attachments, p + ".min_attachments", v);
}

void validate_intake_values(const IntakeForm& form, const IntakeValues& values, Validation& v) {
  for (const auto& [key, value] : values) {
    const std::string path = "intake." + key;
    const IntakeField* f = form.field(key);
    if (!f) v.add(path, "is not a field of this service's intake form");
    else if (value.size() > kMaxIntakeValue)
      v.add(path, "is longer than " + std::to_string(kMaxIntakeValue) + " characters");
    else if (f->type == IntakeFieldType::choice &&
             std::find(f->options.begin(), f->options.end(), value) == f->options.end())
      v.add(path, "must be one of the field's options");
  }
}

void check_intake_complete(const IntakeForm& form, const IntakeValues& values,
                           const std::vector<Attachment>& attachments, Validation& v) {
  for (const auto& f : form.fields) {
    auto it = values.find(f.key);
    if (f.required && (it == values.end() || blank(it->second))) v.add("intake." + f.key, "is required");
  }
  const auto photos = std::count_if(attachments.begin(), attachments.end(),
                                    [](const Attachment& a) { return a.content_type.starts_with("image/"); });
  std::string missing;  // "1 photo", "2 photos and 3 attachments"
  bool singular = true;
  auto need = [&](int n, std::string_view one, std::string_view many) {
    missing += (missing.empty() ? "" : " and ") + std::to_string(n) + " " + std::string(n == 1 ? one : many);
    singular = singular && n == 1 && missing.find(" and ") == std::string::npos;
  };
  if (photos < form.min_photos) need(form.min_photos, "photo", "photos");
  if (std::ssize(attachments) < form.min_attachments) need(form.min_attachments, "attachment", "attachments");
  if (!missing.empty()) v.add("attachments", "at least " + missing + (singular ? " is" : " are") + " required");
}

void keep_known_values(const IntakeForm& form, IntakeValues& values) {
  std::erase_if(values, [&](const auto& kv) { return form.field(kv.first) == nullptr; });
}

}  // namespace mk::domain
