#include "store/intake_codec.hpp"

#include <boost/json.hpp>

#include "core/error.hpp"

namespace mk::store {
namespace json = boost::json;
namespace {

json::value parse_stored(std::string_view text) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec) throw Error(Errc::internal, "Stored intake is not JSON", ec.message());
  return v;
}

std::string text(const json::object& o, std::string_view key) {
  auto* p = o.if_contains(key);
  return p && p->is_string() ? std::string(p->get_string()) : std::string();
}

int number(const json::object& o, std::string_view key) {
  auto* p = o.if_contains(key);
  return p && p->is_int64() ? static_cast<int>(p->get_int64()) : 0;
}

}  // namespace

std::string encode_intake_form(const domain::IntakeForm& form) {
  json::object root;
  json::array& fields = root["fields"].emplace_array();
  for (const auto& f : form.fields) {
    json::object& o = fields.emplace_back(json::object()).as_object();
    o["key"] = f.key;
    o["label"] = f.label;
    o["label_en"] = f.label_en;
    o["type"] = domain::to_string(f.type);
    o["options"] = json::array(f.options.begin(), f.options.end());
    o["required"] = f.required;
  }
  root["min_photos"] = form.min_photos;
  root["min_attachments"] = form.min_attachments;
  return json::serialize(root);
}

domain::IntakeForm decode_intake_form(std::string_view stored) {
  domain::IntakeForm form;
  if (stored.empty()) return form;
  const auto root = parse_stored(stored);
  const auto& o = root.as_object();
  form.min_photos = number(o, "min_photos");
  form.min_attachments = number(o, "min_attachments");
  if (auto* fields = o.if_contains("fields"))
    for (const auto& fv : fields->as_array()) {
      const auto& f = fv.as_object();
      domain::IntakeField field{text(f, "key"), text(f, "label"), text(f, "label_en")};
      field.type = domain::parse_enum<domain::IntakeFieldType>(text(f, "type")).value_or(domain::IntakeFieldType::text);
      if (auto* options = f.if_contains("options"))
        for (const auto& opt : options->as_array()) field.options.emplace_back(opt.as_string());
      auto* required = f.if_contains("required");
      field.required = required && required->is_bool() && required->get_bool();
      form.fields.push_back(std::move(field));
    }
  return form;
}

std::string encode_intake_values(const domain::IntakeValues& values) {
  json::object o;
  for (const auto& [key, value] : values) o[key] = value;
  return json::serialize(o);
}

domain::IntakeValues decode_intake_values(std::string_view stored) {
  domain::IntakeValues values;
  if (stored.empty()) return values;
  const auto root = parse_stored(stored);
  for (const auto& [key, value] : root.as_object())
    if (value.is_string()) values.emplace(std::string(key), std::string(value.get_string()));
  return values;
}

}  // namespace mk::store
