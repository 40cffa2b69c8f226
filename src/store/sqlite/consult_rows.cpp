#include "store/sqlite/consult_rows.hpp"

#include <array>
#include <string_view>

#include "store/intake_codec.hpp"
#include "store/sqlite/rows.hpp"

namespace mk::store::sqlite {
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

void read_groups(const Query& q, int i, Consult& c) {
  if (!q.is_null(i + 1)) c.answer = domain::Answer{q.text(i), q.boolean(i + 1), q.integer(i + 2)};
  c.minutes_spent_total = q.integer(i + 3);
  c.redirect_count = q.integer(i + 4);
  if (!q.is_null(i + 5))
    c.outcome = domain::Outcome{enum_col<domain::OutcomeResult>(q, i + 5), q.integer(i + 6), q.boolean(i + 7),
                                q.text(i + 8)};
  if (!q.is_null(i + 9))
    c.follow_up = domain::FollowUp{q.boolean(i + 9), q.timestamp(i + 10), UserId(q.text(i + 11))};
  c.version = q.integer(i + 12);
  c.intake = decode_intake_values(q.text(i + 13));
}

void read_patient(const Query& q, int i, domain::Patient& p) {
  p.id = PatientId(q.text(i));
  p.bsn = q.text(i + 1);
  p.name = q.text(i + 2);
  p.birth_date = opt_date_col(q, i + 3);
  p.sex = enum_col<domain::Sex>(q, i + 4);
  p.postcode = q.text(i + 5);
}

}  // namespace

const std::string& consult_header_columns() {
  static const std::string columns = join("");
  return columns;
}

size_t consult_header_column_count() { return kColumns.size(); }

const std::string& consult_header_select() {
  static const std::string sql = "SELECT c.id, " + join("c.") +
                                 ", p.id, p.bsn, p.name, p.birth_date, p.sex, p.postcode "
                                 "FROM consults c JOIN patients p ON p.id = c.patient_id ";
  return sql;
}

void bind_consult_header(Query& q, const Consult& c, const PatientId& patient) {
  q.bind_all(c.reference, enum_text(c.modality), c.service_id, c.requester_id, c.practice_id, c.created_by,
             patient, c.question, c.clinical_context, c.patient_narrative, enum_text(c.urgency),
             opt_enum_text(c.intended_referral), c.patient_informed, enum_text(c.status), c.assignee_id,
             c.created_at, c.updated_at, c.submitted_at, c.due_at, c.first_answer_at, c.answered_at, c.closed_at,
             c.cancelled_at);
  const auto& a = c.answer;
  if (a) q.bind_all(a->advice, a->referral_advised, a->minutes_spent);
  else q.bind_all(std::nullopt, std::nullopt, std::nullopt);
  q.bind_all(c.minutes_spent_total, c.redirect_count);
  const auto& o = c.outcome;
  if (o) q.bind_all(enum_text(o->result), o->usefulness, o->learned, o->note);
  else q.bind_all(std::nullopt, std::nullopt, std::nullopt, std::nullopt);
  const auto& f = c.follow_up;
  if (f) q.bind_all(f->referred_within_90d, f->recorded_at).bind_or_null(f->recorded_by.str());
  else q.bind_all(std::nullopt, std::nullopt, std::nullopt);
  q.bind(c.version);
  q.bind(encode_intake_values(c.intake));
}

Consult read_consult_header(const Query& q) {
  Consult c;
  c.id = ConsultId(q.text(0));
  c.reference = q.text(1);
  c.modality = enum_col<domain::Modality>(q, 2);
  c.service_id = ServiceId(q.text(3));
  c.requester_id = UserId(q.text(4));
  c.practice_id = OrgId(q.text(5));
  c.created_by = UserId(q.text(6));
  // 7 is patient_id; the joined patient columns follow the header.
  c.question = q.text(8);
  c.clinical_context = q.text(9);
  c.patient_narrative = q.text(10);
  c.urgency = enum_col<domain::Urgency>(q, 11);
  c.intended_referral = opt_enum_col<domain::IntendedReferral>(q, 12);
  c.patient_informed = q.boolean(13);
  c.status = enum_col<domain::ConsultStatus>(q, 14);
  c.assignee_id = opt_id_col<UserId>(q, 15);
  c.created_at = q.timestamp(16);
  c.updated_at = q.timestamp(17);
  c.submitted_at = q.opt_timestamp(18);
  c.due_at = q.opt_timestamp(19);
  c.first_answer_at = q.opt_timestamp(20);
  c.answered_at = q.opt_timestamp(21);
  c.closed_at = q.opt_timestamp(22);
  c.cancelled_at = q.opt_timestamp(23);
  read_groups(q, 24, c);
  read_patient(q, 1 + static_cast<int>(kColumns.size()), c.patient);
  return c;
}

}  // namespace mk::store::sqlite
