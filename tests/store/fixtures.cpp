#include "fixtures.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <cstdio>

namespace mk::store::test {

using domain::ConsultStatus;

Timestamp ts(const std::string& iso) {
  auto t = parse_timestamp(iso);
  if (!t) throw std::runtime_error("bad test timestamp " + iso);
  return *t;
}

Timestamp t0() { return ts("2026-03-01T10:00:00.000Z"); }
Timestamp at_minute(int minutes) { return t0() + std::chrono::minutes(minutes); }

namespace {

Organization org(const std::string& id, domain::OrgType type, const std::string& name) {
  Organization o;
  o.id = OrgId(id);
  o.ref = id + "-ref";
  o.name = name;
  o.type = type;
  return o;
}

User user(const std::string& id, domain::Role role, const OrgId& org) {
  User u;
  u.id = UserId(id);
  u.ref = id + "-ref";
  u.email = id + "@example.test";
  u.name = "User " + id;
  u.role = role;
  u.organization_id = org;
  u.agb = "01000001";
  u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
  return u;
}

}  // namespace

Region make_region() {
  using domain::OrgType;
  using domain::Role;
  Region r;
  r.care_group = org("cg", OrgType::care_group, "IZER");
  r.care_group.agb = "01234567";
  r.practice = org("prac", OrgType::gp_practice, "Praktijk Janson");
  r.practice.part_of = r.care_group.id;
  r.practice.postcode = "3083AB";
  r.other_practice = org("prac2", OrgType::gp_practice, "Praktijk Zuid");
  r.other_practice.part_of = r.care_group.id;
  r.hospital = org("hosp", OrgType::hospital, "Maasstad");
  r.service = Service{ServiceId("svc"), "svc-ref", r.hospital.id, "dermatology", "Dermatologie",
                      {domain::Modality::on_site, domain::Modality::e_consult}, 2, domain::Routing::pool,
                      {r.care_group.id}, true};
  r.service.intake.fields = {
      {"body_location", "Lokalisatie \"hoofd\"", "Body location", domain::IntakeFieldType::choice,
       {"Romp", "Arm", "Été"}, true},
      {"duration", "Bestaat sinds", "Present since", domain::IntakeFieldType::text, {}, false}};
  r.service.intake.min_photos = 1;
  r.service.intake.min_attachments = 2;
  r.other_service = Service{ServiceId("svc2"), "svc2-ref", r.hospital.id, "cardiology", "Cardiologie",
                            {domain::Modality::e_consult}, 3, domain::Routing::direct, {}, false};
  r.gp = user("gp", Role::gp, r.practice.id);
  r.gp.totp_secret = "JBSWY3DPEHPK3PXP";
  r.assistant = user("assist", Role::assistant, r.practice.id);
  r.consultant = user("derm", Role::consultant, r.hospital.id);
  r.consultant.services = {r.service.id, r.other_service.id};
  r.other_gp = user("gp2", Role::gp, r.other_practice.id);
  return r;
}

void save_region(Store& store, const Region& r) {
  store.write([&](WriteTx& tx) {
    for (const auto* o : {&r.care_group, &r.practice, &r.other_practice, &r.hospital}) tx.save_organization(*o);
    tx.save_service(r.service);
    tx.save_service(r.other_service);
    for (const auto* u : {&r.gp, &r.assistant, &r.consultant, &r.other_gp}) tx.save_user(*u);
  });
}

Patient make_patient(const std::string& id, const std::string& bsn, const std::string& name) {
  return Patient{PatientId(id), bsn, name, Date{std::chrono::year{1970}, std::chrono::month{5}, std::chrono::day{17}},
                 domain::Sex::female, "3083AB"};
}

Consult make_consult(const Region& r, int n, const Patient& p, Timestamp updated_at) {
  Consult c;
  c.id = ConsultId("c" + std::to_string(1000 + n));
  c.reference = "MK-2026-" + std::string(6 - std::to_string(n).size(), '0') + std::to_string(n);
  c.service_id = r.service.id;
  c.requester_id = r.gp.id;
  c.practice_id = r.practice.id;
  c.created_by = r.assistant.id;
  c.patient = p;
  c.question = "Question " + std::to_string(n);
  c.clinical_context = "Context";
  c.patient_narrative = "Narrative";
  c.intended_referral = domain::IntendedReferral::yes;
  c.patient_informed = true;
  c.status = ConsultStatus::submitted;
  c.created_at = updated_at - std::chrono::hours(1);
  c.updated_at = updated_at;
  c.submitted_at = c.created_at;
  return c;
}

domain::Message make_message(const Consult& c, const std::string& id, Timestamp at, const std::string& text) {
  return domain::Message{MessageId(id), c.id, at, UserId("gp"), "User gp", domain::MessageKind::question, text};
}

domain::ConsultEvent make_event(const Consult& c, const std::string& id, Timestamp at, const std::string& type) {
  return domain::ConsultEvent{EventId(id), c.id,           at, type, UserId("gp"), "User gp",
                              ConsultStatus::draft, ConsultStatus::submitted, "svc", "detail " + id};
}

Attachment make_attachment(const Consult& c, const std::string& id, Timestamp at, char hex_digit) {
  return Attachment{AttachmentId(id), c.id, std::string(64, hex_digit), "photo.jpg", "image/jpeg", 12345, at,
                    UserId("gp")};
}

Consult make_full_consult(const Region& r, const Patient& p) {
  Consult c = make_consult(r, 1, p, at_minute(500));
  c.modality = domain::Modality::on_site;
  c.urgency = domain::Urgency::soon;
  c.status = ConsultStatus::closed;
  c.assignee_id = r.consultant.id;
  c.due_at = at_minute(2000);
  c.first_answer_at = at_minute(100);
  c.answered_at = at_minute(200);
  c.closed_at = at_minute(300);
  c.cancelled_at = at_minute(301);
  c.answer = domain::Answer{"Treat with cream", true, 12};
  c.intake = {{"body_location", "Arm"}, {"duration", "sinds \"de zomer\"\nmet jeuk"}};
  c.minutes_spent_total = 17;
  c.redirect_count = 1;
  c.outcome = domain::Outcome{domain::OutcomeResult::referred_elsewhere, 4, true, "Helpful"};
  c.follow_up = domain::FollowUp{true, at_minute(400), r.gp.id};
  c.version = 7;
  c.messages = {make_message(c, "m1", at_minute(10), "first"), make_message(c, "m2", at_minute(20), "second")};
  c.messages[1].kind = domain::MessageKind::advice;
  c.messages[1].author_id = r.consultant.id;
  c.events = {make_event(c, "e1", at_minute(0), "created"), make_event(c, "e2", at_minute(10), "submitted"),
              make_event(c, "e3", at_minute(20), "answered")};
  c.events[0].from_status.reset();
  c.events[2].actor_id = UserId();  // a system event: no actor
  c.attachments = {make_attachment(c, "a1", at_minute(15), 'a')};
  return c;
}

void insert_with_patient(WriteTx& tx, Consult& c) {
  c.patient.id = tx.save_patient(c.patient);
  tx.insert_consult(c);
}

namespace {

void expect_same_patient(const Patient& a, const Patient& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.bsn, b.bsn);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.birth_date, b.birth_date);
  EXPECT_EQ(a.sex, b.sex);
  EXPECT_EQ(a.postcode, b.postcode);
}

void expect_same_header(const Consult& a, const Consult& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.reference, b.reference);
  EXPECT_EQ(a.modality, b.modality);
  EXPECT_EQ(a.service_id, b.service_id);
  EXPECT_EQ(a.requester_id, b.requester_id);
  EXPECT_EQ(a.practice_id, b.practice_id);
  EXPECT_EQ(a.created_by, b.created_by);
  EXPECT_EQ(a.question, b.question);
  EXPECT_EQ(a.clinical_context, b.clinical_context);
  EXPECT_EQ(a.patient_narrative, b.patient_narrative);
  EXPECT_EQ(a.urgency, b.urgency);
  EXPECT_EQ(a.intended_referral, b.intended_referral);
  EXPECT_EQ(a.patient_informed, b.patient_informed);
  EXPECT_EQ(a.intake, b.intake);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.assignee_id, b.assignee_id);
  EXPECT_EQ(a.minutes_spent_total, b.minutes_spent_total);
  EXPECT_EQ(a.redirect_count, b.redirect_count);
  EXPECT_EQ(a.version, b.version);
}

void expect_same_times(const Consult& a, const Consult& b) {
  EXPECT_EQ(a.created_at, b.created_at);
  EXPECT_EQ(a.updated_at, b.updated_at);
  EXPECT_EQ(a.submitted_at, b.submitted_at);
  EXPECT_EQ(a.due_at, b.due_at);
  EXPECT_EQ(a.first_answer_at, b.first_answer_at);
  EXPECT_EQ(a.answered_at, b.answered_at);
  EXPECT_EQ(a.closed_at, b.closed_at);
  EXPECT_EQ(a.cancelled_at, b.cancelled_at);
}

void expect_same_groups(const Consult& a, const Consult& b) {
  ASSERT_EQ(a.answer.has_value(), b.answer.has_value());
  if (a.answer) {
    EXPECT_EQ(a.answer->advice, b.answer->advice);
    EXPECT_EQ(a.answer->referral_advised, b.answer->referral_advised);
    EXPECT_EQ(a.answer->minutes_spent, b.answer->minutes_spent);
  }
  ASSERT_EQ(a.outcome.has_value(), b.outcome.has_value());
  if (a.outcome) {
    EXPECT_EQ(a.outcome->result, b.outcome->result);
    EXPECT_EQ(a.outcome->usefulness, b.outcome->usefulness);
    EXPECT_EQ(a.outcome->learned, b.outcome->learned);
    EXPECT_EQ(a.outcome->note, b.outcome->note);
  }
  ASSERT_EQ(a.follow_up.has_value(), b.follow_up.has_value());
  if (a.follow_up) {
    EXPECT_EQ(a.follow_up->referred_within_90d, b.follow_up->referred_within_90d);
    EXPECT_EQ(a.follow_up->recorded_at, b.follow_up->recorded_at);
    EXPECT_EQ(a.follow_up->recorded_by, b.follow_up->recorded_by);
  }
}

void expect_same_child(const domain::Message& x, const domain::Message& y) {
  EXPECT_EQ(x.id, y.id);
  EXPECT_EQ(x.consult_id, y.consult_id);
  EXPECT_EQ(x.at, y.at);
  EXPECT_EQ(x.author_id, y.author_id);
  EXPECT_EQ(x.author_name, y.author_name);
  EXPECT_EQ(x.kind, y.kind);
  EXPECT_EQ(x.text, y.text);
}

void expect_same_child(const domain::ConsultEvent& x, const domain::ConsultEvent& y) {
  EXPECT_EQ(x.id, y.id);
  EXPECT_EQ(x.consult_id, y.consult_id);
  EXPECT_EQ(x.at, y.at);
  EXPECT_EQ(x.type, y.type);
  EXPECT_EQ(x.actor_id, y.actor_id);
  EXPECT_EQ(x.actor_name, y.actor_name);
  EXPECT_EQ(x.from_status, y.from_status);
  EXPECT_EQ(x.to_status, y.to_status);
  EXPECT_EQ(x.subject, y.subject);
  EXPECT_EQ(x.detail, y.detail);
}

void expect_same_child(const Attachment& x, const Attachment& y) {
  EXPECT_EQ(x.id, y.id);
  EXPECT_EQ(x.consult_id, y.consult_id);
  EXPECT_EQ(x.sha256, y.sha256);
  EXPECT_EQ(x.filename, y.filename);
  EXPECT_EQ(x.content_type, y.content_type);
  EXPECT_EQ(x.size, y.size);
  EXPECT_EQ(x.at, y.at);
  EXPECT_EQ(x.uploaded_by, y.uploaded_by);
}

template <class T>
void expect_same_children(const std::vector<T>& a, const std::vector<T>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    SCOPED_TRACE("child " + std::to_string(i));
    expect_same_child(a[i], b[i]);
  }
}

}  // namespace

void expect_same(const Consult& a, const Consult& b) {
  expect_same_header(a, b);
  expect_same_patient(a.patient, b.patient);
  expect_same_times(a, b);
  expect_same_groups(a, b);
  expect_same_children(a.messages, b.messages);
  expect_same_children(a.events, b.events);
  expect_same_children(a.attachments, b.attachments);
}

void expect_same(const AuditEntry& a, const AuditEntry& b) {
  EXPECT_EQ(a.seq, b.seq);
  EXPECT_EQ(a.at, b.at);
  auto fields = [](const AuditEntry& e) {
    return std::vector<std::string>{e.event,       e.action,     e.outcome,       e.user_id,
                                    e.user_name,   e.user_email, e.role,          e.organization_id,
                                    e.on_behalf_of, e.patient_bsn, e.object_type, e.object_id,
                                    e.ip,          e.request_id, e.consult_id,    e.subject_practice_id,
                                    e.subject_provider_org_id};
  };
  EXPECT_EQ(fields(a), fields(b));
  if (a.chain_pos != 0 && b.chain_pos != 0) {
    EXPECT_EQ(a.chain_pos, b.chain_pos);
    EXPECT_EQ(a.prev_hash, b.prev_hash);
    EXPECT_EQ(a.hash, b.hash);
  }
}

std::vector<AuditEntry> audit_chain(Store& store) {
  store.flush_audit();
  std::vector<AuditEntry> out;
  store.read([&](ReadTx& tx) {
    out.clear();
    tx.for_each_audit([&](const AuditEntry& e) {
      out.push_back(e);
      return true;
    });
  });
  return out;
}

namespace {

std::string sha256_hex(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_sha256(), nullptr);
  std::string out;
  char hex[3];
  for (unsigned i = 0; i < len; ++i) {
    snprintf(hex, sizeof hex, "%02x", digest[i]);
    out += hex;
  }
  return out;
}

}  // namespace

void expect_valid_chain(const std::vector<AuditEntry>& chain) {
  std::string prev;
  for (size_t i = 0; i < chain.size(); ++i) {
    const AuditEntry& e = chain[i];
    SCOPED_TRACE("entry seq " + std::to_string(e.seq));
    ASSERT_EQ(e.chain_pos, int64_t(i + 1)) << "chained in one run of positions";
    ASSERT_EQ(e.prev_hash, prev);
    ASSERT_EQ(e.hash, sha256_hex(domain::audit_canonical(e)));
    prev = e.hash;
  }
}

}  // namespace mk::store::test
