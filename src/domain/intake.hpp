#pragma once
// The intake form of a service (DESIGN §5): the fields a GP fills in for this specialty and
// the attachments it needs (dermatology: the body location and at least one photo). Drafts may
// be incomplete; the form is enforced when a consult is submitted.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "domain/enums.hpp"

namespace mk::domain {

struct Attachment;

enum class IntakeFieldType { text, choice };
template <>
struct EnumNames<IntakeFieldType> {
  static constexpr auto names = std::to_array<std::string_view>({"text", "choice"});
};

inline constexpr size_t kMaxIntakeFields = 20;
inline constexpr size_t kMaxIntakeOptions = 50;
inline constexpr size_t kMaxIntakeLabel = 200;
inline constexpr size_t kMaxIntakeValue = 2000;
inline constexpr int kMaxIntakeAttachments = 10;

struct IntakeField {
  std::string key;  // [a-z][a-z0-9_]{0,39}, unique within the form
  std::string label;     // Dutch
  std::string label_en;  // English
  IntakeFieldType type = IntakeFieldType::text;
  std::vector<std::string> options;  // choice only
  bool required = false;

  bool operator==(const IntakeField&) const = default;
};

struct IntakeForm {
  std::vector<IntakeField> fields;
  int min_photos = 0;       // attachments whose sniffed type is image/*
  int min_attachments = 0;  // attachments of any kind

  const IntakeField* field(std::string_view key) const;
  bool empty() const { return fields.empty() && min_photos == 0 && min_attachments == 0; }
  bool operator==(const IntakeForm&) const = default;
};

// A consult's answers: field key → value (never empty).
using IntakeValues = std::map<std::string, std::string>;

// The form's own rules (keys, labels, options, limits); problems go to `v` under `prefix`
// ("intake" → "intake.fields[2].key").
void validate_intake_form(const IntakeForm& form, std::string_view prefix, Validation& v);

// Values against the form: known keys, one of the options for a choice, not too long.
// Problems are named "intake.<key>".
void validate_intake_values(const IntakeForm& form, const IntakeValues& values, Validation& v);

// What submit needs: every required field filled in, enough photos and attachments.
void check_intake_complete(const IntakeForm& form, const IntakeValues& values,
                           const std::vector<Attachment>& attachments, Validation& v);

// Keeps only the values of keys the form defines (a draft moved to another service).
void keep_known_values(const IntakeForm& form, IntakeValues& values);

}  // namespace mk::domain
