#include "store/postgres/consult_rows.hpp"

#include <array>
#include <string_view>

#include "store/intake_codec.hpp"
#include "store/postgres/rows.hpp"

namespace mk::store::pg {
namespace {

constexpr std::array<std::string_view, 37> kColumns = {
    "reference", "modality", "service_id", "requester_id", "practice_id", "created_by", "patient_id",
    "question", "clinical_context", "patient_narrative", "urgency", "intended_referral", "patient_informed",
    "status", "assignee_id", "created_at", "updated_at", "submitted_at", "due_at", "first_answer_at",
    "answered_at", "closed_at", "cancelled_at", "answer_advice", "answer_referral_advised",
    "answer_minutes_spent", "minutes_spent_total", "redirect_count", "outcome_result", "outcome_usefulness",
    "outcome_learned", "outcome_note", "follow_up_referred_within_90d", "follow_up_recorded_at",
    "follow_up_recorded_by", "version", "intake"};

std::string join(std::string_view prefix) {
  std::string out;
  for (auto c : kColumns) {
    if (!out.empty()) out += ", ";
    out += prefix;
    out += c;
  }
  return out;
}

void read_groups(const Row& r, int i, Consult& c) {
  if (!r.is_null(i + 1)) c.answer = domain::Answer{r.text(i), r.boolean(i + 1), r.integer(i + 2)};
  c.minutes_spent_total = r.integer(i + 3);
  c.redirect_count = r.integer(i + 4);
  if (!r.is_null(i + 5))
    c.outcome = domain::Outcome{enum_col<domain::OutcomeResult>(r, i + 5), r.integer(i + 6), r.boolean(i + 7),
                                r.text(i + 8)};
  if (!r.is_null(i + 9))
    c.follow_up = domain::FollowUp{r.boolean(i + 9), r.timestamp(i + 10), UserId(r.text(i + 11))};
  c.version = r.integer(i + 12);
  c.intake = decode_intake_values(r.text(i + 13));
}

void read_patient(const Row& r, int i, domain::Patient& p) {
  p.id = PatientId(r.text(i));
  p.bsn = r.text(i + 1);
  p.name = r.text(i + 2);
  p.birth_date = r.opt_date(i + 3);
  p.sex = enum_col<domain::Sex>(r, i + 4);
  p.postcode = r.text(i + 5);
}

}  // namespace

const std::string& consult_columns() {
  static const std::string columns = "id, " + join("");
  return columns;
}

Params patient_params(const Patient& p) {
  return std::move(Params().add_all(p.id, p.bsn, p.name, opt_date_text(p.birth_date), enum_text(p.sex), p.postcode));
}

Params message_params(const ConsultId& consult, const domain::Message& m) {
  Params p;
  p.add_all(m.id, consult, m.at).add_or_null(m.author_id.str()).add_all(m.author_name, enum_text(m.kind), m.text);
  return p;
}

Params event_params(const ConsultId& consult, const domain::ConsultEvent& e) {
  Params p;
  p.add_all(e.id, consult, e.at, e.type)
      .add_or_null(e.actor_id.str())
      .add_all(e.actor_name, opt_enum_text(e.from_status), opt_enum_text(e.to_status), e.subject, e.detail);
  return p;
}

Params attachment_params(const ConsultId& consult, const Attachment& a) {
  Params p;
  p.add_all(a.id, consult, a.sha256, a.filename, a.content_type, a.size, a.at).add_or_null(a.uploaded_by.str());
  return p;
}

std::string insert_sql(std::string_view table, std::string_view columns, size_t n) {
  std::string values;
  for (size_t i = 1; i <= n; ++i) values += (i > 1 ? ", $" : "$") + std::to_string(i);
  return "INSERT INTO " + std::string(table) + " (" + std::string(columns) + ") VALUES (" + values + ")";
}

const std::string& consult_insert_sql() {
  static const std::string sql = [] {
    std::string values = "$1";
    for (size_t i = 0; i < kColumns.size(); ++i) values += ", $" + std::to_string(i + 2);
    return "INSERT INTO consults (id, " + join("") + ") VALUES (" + values + ")";
  }();
  return sql;
}

const std::string& consult_update_sql() {
  static const std::string sql = [] {
    std::string set;
    for (size_t i = 0; i < kColumns.size(); ++i)
      set += (i ? ", " : "") + std::string(kColumns[i]) + " = $" + std::to_string(i + 1);
    size_t n = kColumns.size();
    return "UPDATE consults SET " + set + " WHERE id = $" + std::to_string(n + 1) + " AND version = $" +
           std::to_string(n + 2);
  }();
  return sql;
}

const std::string& consult_header_select() {
  static const std::string sql = "SELECT c.id, " + join("c.") +
                                 ", p.id, p.bsn, p.name, p.birth_date, p.sex, p.postcode "
                                 "FROM consults c JOIN patients p ON p.id = c.patient_id ";
  return sql;
}

void add_consult_header(Params& p, const Consult& c, const PatientId& patient) {
  p.add_all(c.reference, enum_text(c.modality), c.service_id, c.requester_id, c.practice_id, c.created_by, patient,
            c.question, c.clinical_context, c.patient_narrative, enum_text(c.urgency),
            opt_enum_text(c.intended_referral), c.patient_informed, enum_text(c.status), c.assignee_id, c.created_at,
            c.updated_at, c.submitted_at, c.due_at, c.first_answer_at, c.answered_at, c.closed_at, c.cancelled_at);
  const auto& a = c.answer;
  if (a) p.add_all(a->advice, a->referral_advised, a->minutes_spent);
  else p.add_all(std::nullopt, std::nullopt, std::nullopt);
  p.add_all(c.minutes_spent_total, c.redirect_count);
  const auto& o = c.outcome;
  if (o) p.add_all(enum_text(o->result), o->usefulness, o->learned, o->note);
  else p.add_all(std::nullopt, std::nullopt, std::nullopt, std::nullopt);
  const auto& f = c.follow_up;
  if (f) p.add_all(f->referred_within_90d, f->recorded_at).add_or_null(f->recorded_by.str());
  else p.add_all(std::nullopt, std::nullopt, std::nullopt);
  p.add(c.version);
  p.add(encode_intake_values(c.intake));
}

Consult read_consult_header(const Row& r) {
  Consult c;
  c.id = ConsultId(r.text(0));
  c.reference = r.text(1);
  c.modality = enum_col<domain::Modality>(r, 2);
  c.service_id = ServiceId(r.text(3));
  c.requester_id = UserId(r.text(4));
  c.practice_id = OrgId(r.text(5));
  c.created_by = UserId(r.text(6));
  // 7 is patient_id; the joined patient columns follow the header.
  c.question = r.text(8);
  c.clinical_context = r.text(9);
  c.patient_narrative = r.text(10);
  c.urgency = enum_col<domain::Urgency>(r, 11);
  c.intended_referral = opt_enum_col<domain::IntendedReferral>(r, 12);
  c.patient_informed = r.boolean(13);
  c.status = enum_col<domain::ConsultStatus>(r, 14);
  c.assignee_id = opt_id_col<UserId>(r, 15);
  c.created_at = r.timestamp(16);
  c.updated_at = r.timestamp(17);
  c.submitted_at = r.opt_timestamp(18);
  c.due_at = r.opt_timestamp(19);
  c.first_answer_at = r.opt_timestamp(20);
  c.answered_at = r.opt_timestamp(21);
  c.closed_at = r.opt_timestamp(22);
  c.cancelled_at = r.opt_timestamp(23);
  read_groups(r, 24, c);
  read_patient(r, 1 + static_cast<int>(kColumns.size()), c.patient);
  return c;
}

}  // namespace mk::store::pg
