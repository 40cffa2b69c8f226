#pragma once
// The PostgreSQL transaction: one class serves ReadTx (inside REPEATABLE READ READ ONLY) and
// WriteTx (inside READ COMMITTED with row locks). It owns no transaction state itself; the
// store brackets it with BEGIN/COMMIT and retries it. The definitions are split by
// responsibility: tx_directory.cpp, tx_login.cpp, tx_consult.cpp, tx_consult_list.cpp,
// tx_audit.cpp.
#include <set>
#include <utility>

#include "store/postgres/connection.hpp"
#include "store/store.hpp"

namespace mk::store::pg {

class PgTx final : public WriteTx {
 public:
  enum class Mode { read, write };
  PgTx(Connection& conn, Mode mode) : conn_(conn), mode_(mode) {}

  // Whether this transaction appended audit entries (the sealer has work after commit).
  bool appended_audit() const { return appended_audit_; }

  // ReadTx — directory
  std::optional<Organization> organization(const OrgId& id) override;
  std::optional<Organization> organization_by_ref(std::string_view ref) override;
  std::vector<Organization> organizations() override;
  std::optional<Service> service(const ServiceId& id) override;
  std::optional<Service> service_by_ref(std::string_view ref) override;
  std::vector<Service> services() override;
  std::optional<User> user(const UserId& id) override;
  std::optional<User> user_by_email(std::string_view email) override;
  std::optional<User> user_by_ref(std::string_view ref) override;
  std::vector<User> users_of_service(const ServiceId& id) override;
  std::vector<User> users_of_organizations(const std::vector<OrgId>& orgs) override;

  // ReadTx — login state
  std::optional<SessionRecord> session(std::string_view token_hash) override;
  std::optional<ApiToken> api_token(std::string_view token_hash) override;
  int login_failures_since(std::string_view email, Timestamp since) override;
  std::optional<IdempotencyRecord> idempotency(const UserId& user, std::string_view key) override;
  std::optional<std::string> meta(std::string_view key) override;

  // ReadTx — consults and audit
  std::optional<Consult> consult(const ConsultId& id) override;
  std::optional<Consult> consult_for_read(const ConsultId& id) override;
  Page<ConsultSummary> consults(const ConsultFilter& filter, ConsultOrder order, const PageRequest& page) override;
  std::optional<Attachment> attachment(const ConsultId& consult, const AttachmentId& id) override;
  std::vector<domain::ExternalIdentifier> consult_identifiers(const ConsultId& consult) override;
  std::optional<ConsultId> consult_of_message(const MessageId& id) override;
  std::optional<ConsultId> consult_of_attachment(const AttachmentId& id) override;
  Page<AuditEntry> audit(const AuditFilter& filter, const PageRequest& page) override;
  void for_each_audit(const std::function<bool(const AuditEntry&)>& fn) override;

  // WriteTx — directory and login state
  void save_organization(const Organization& o) override;
  void save_service(const Service& s) override;
  void save_user(const User& u) override;
  void insert_session(const SessionRecord& s) override;
  void delete_session(std::string_view token_hash) override;
  void delete_sessions_expired_before(Timestamp t) override;
  void insert_api_token(const ApiToken& t) override;
  void record_login_failure(std::string_view email, Timestamp at) override;
  void clear_login_failures(std::string_view email) override;
  void save_idempotency(const IdempotencyRecord& r) override;
  void delete_login_failures_before(Timestamp t) override;
  void delete_idempotency_before(Timestamp t) override;
  void set_meta(std::string_view key, std::string_view value) override;

  // WriteTx — consults and audit
  int64_t next_reference_number(int year) override;
  PatientId save_patient(const Patient& p) override;
  void insert_consult(const Consult& c) override;
  void update_consult(const Consult& c, const ConsultMark& before) override;
  bool add_consult_identifier(const ConsultId& consult, const OrgId& practice,
                              const domain::ExternalIdentifier& id) override;
  void append_audit(AuditEntry& e) override;
  void notify(std::string_view payload) override;

  // Billing (tx_billing.cpp)
  std::vector<domain::Contract> contracts(const ContractFilter& filter) override;
  std::optional<domain::Contract> contract(const ContractId& id) override;
  std::optional<domain::Contract> contract_by_ref(std::string_view ref) override;
  std::vector<domain::DeclarationLine> declarations(const BillingFilter& filter) override;
  std::vector<domain::StatementLine> statement(const BillingFilter& filter) override;
  std::vector<domain::Unbilled> unbilled(const BillingFilter& filter) override;
  void save_contract(const domain::Contract& c) override;
  bool insert_declarations(const std::vector<domain::DeclarationLine>& lines) override;
  void save_unbilled(const domain::Unbilled& u) override;
  void delete_unbilled(const ConsultId& consult) override;

  // Teaching cases (tx_teaching.cpp)
  std::vector<domain::TeachingConsent> teaching_consents(const ConsultId& consult) override;
  std::optional<domain::TeachingCase> teaching_case(std::string_view id) override;
  std::optional<domain::TeachingCase> teaching_case_of(const ConsultId& consult) override;
  std::vector<domain::TeachingCase> search_teaching_cases(const TeachingSearch& search) override;
  TeachingStats teaching_stats(Timestamp from, Timestamp to) override;
  void save_teaching_consent(const domain::TeachingConsent& c) override;
  void publish_teaching_case(const domain::TeachingCase& c) override;
  void unpublish_teaching_case(const ConsultId& consult) override;
  void count_teaching_read(std::string_view id) override;

  // On-site sessions (tx_sessions.cpp)
  std::optional<domain::OnsiteSession> onsite_session(std::string_view id) override;
  std::vector<domain::OnsiteSession> onsite_sessions(const SessionFilter& filter) override;
  std::vector<domain::Booking> onsite_bookings(std::string_view session_id) override;
  std::optional<domain::Booking> booking_of(const ConsultId& consult) override;
  void insert_onsite_session(const domain::OnsiteSession& s) override;
  void update_onsite_session(const domain::OnsiteSession& s, int expected_version) override;
  void insert_booking(const domain::Booking& b) override;
  void release_booking(const ConsultId& consult, Timestamp at) override;
  // Één loket (tx_desk.cpp)
  std::optional<domain::DeskQuestion> desk_question(std::string_view id) override;
  std::vector<domain::DeskQuestion> desk_questions(const DeskFilter& filter) override;
  std::vector<OrgId> desk_supporters(std::string_view question) override;
  void insert_desk_question(domain::DeskQuestion& q) override;
  void update_desk_question(const domain::DeskQuestion& q, int expected_version) override;
  bool add_desk_supporter(std::string_view question, const OrgId& practice, const UserId& user, Timestamp at) override;
  void move_desk_supporters(std::string_view from, std::string_view to) override;

  // Reporting (tx_report.cpp)
  void for_each_report_row(const ReportFilter& filter, const std::function<void(const ReportRow&)>& fn) override;
  std::optional<std::pair<Timestamp, Timestamp>> closed_range() override;
  void for_each_report_cell(std::string_view dim, std::string_view first, std::string_view last,
                            const std::function<void(const ReportCell&)>& fn) override;
  std::optional<std::string> report_cell_for_update(std::string_view dim, std::string_view month,
                                                    std::string_view key) override;
  void put_report_cell(const ReportCell& c, bool exists) override;
  void clear_report_cells() override;

  // Mail (tx_mail.cpp)
  unsigned mail_kinds(const UserId& user) override;
  void set_mail_kinds(const UserId& user, unsigned kinds) override;
  bool enqueue_mail(const MailItem& m) override;
  std::vector<MailItem> claim_mail(Timestamp now, Timestamp lease_until, int limit) override;
  void mail_sent(const std::string& id, Timestamp at) override;
  void mail_failed(const std::string& id, std::string_view error, Timestamp retry_at, bool give_up) override;

 private:
  // all: r holds every service (their lists are read without a filter).
  std::vector<Service> load_services(const Result& r, bool all = false);
  std::vector<User> load_users(const Result& r);
  // The header (FOR UPDATE when `lock`) and the children.
  std::optional<Consult> load_consult(const ConsultId& id, bool lock);
  void load_children(Consult& c);
  void insert_message(const ConsultId& consult, const domain::Message& m);
  void insert_event(const ConsultId& consult, const domain::ConsultEvent& e);
  void insert_attachment(const ConsultId& consult, const Attachment& a);

  Connection& conn_;
  const Mode mode_;
  bool appended_audit_ = false;
  // Idempotency keys this transaction looked up and did not find. If saving one of them
  // then collides, a concurrent transaction won the race: retry, and the lambda replays.
  std::set<std::pair<std::string, std::string>> absent_keys_;
};

}  // namespace mk::store::pg
