#pragma once
// The SQLite transaction: one class serves both ReadTx (on a pooled read connection, inside
// BEGIN/COMMIT) and WriteTx (on the writer connection, inside the batch's transaction and
// the job's SAVEPOINT). It owns no transaction state itself; the caller brackets it.
// The definitions are split by responsibility: tx_directory.cpp, tx_login.cpp,
// tx_consult.cpp, tx_consult_list.cpp, tx_audit.cpp.
//
// organization(), service() and user() by id remember what they found in a DirectoryMemo: one
// consult read asks for its service three times (access check, access-log subject, view), and
// these are the writer's hottest lookups. A read transaction has a memo of its own. The write
// jobs share the Writer's memo across jobs and batches (writer.hpp says when it is dropped: a
// commit by another connection, a rolled-back directory write). save_organization/save_service/
// save_user, the only writers of those tables, forget it all.
#include <cstdint>
#include <unordered_map>

#include "store/sqlite/connection.hpp"
#include "store/store.hpp"

namespace mk::store::sqlite {

// Directory rows by id (nullopt: known to be absent), as read on one connection.
struct DirectoryMemo {
  std::unordered_map<std::string, std::optional<Organization>> organizations;
  std::unordered_map<std::string, std::optional<Service>> services;
  std::unordered_map<std::string, std::optional<User>> users;
  uint64_t forgotten = 0;  // how often forget() ran: a job that wrote the directory moved it
  // The hash of the newest audit entry (the next one's prev_hash), as this connection last
  // wrote or read it. Dropped with the rest, and by the Writer when a job fails (its entries
  // are rolled back with it).
  std::optional<std::string> audit_head;

  void forget() {
    organizations.clear();
    services.clear();
    users.clear();
    audit_head.reset();
    ++forgotten;
  }
  size_t size() const { return organizations.size() + services.size() + users.size(); }
};

// The SELECT of SqliteTx::for_each_report_row for `filter` (its plan is tested).
std::string report_row_sql(const ReportFilter& filter);

class SqliteTx final : public WriteTx {
 public:
  // memo: where the directory lookups are remembered (nullptr: in this transaction only).
  explicit SqliteTx(Connection& conn, bool maintain_report_cells = true, DirectoryMemo* memo = nullptr)
      : conn_(conn), maintain_report_cells_(maintain_report_cells), memo_(memo ? memo : &own_memo_) {}
  SqliteTx(const SqliteTx&) = delete;
  SqliteTx& operator=(const SqliteTx&) = delete;
  bool maintains_report_cells() const override { return maintain_report_cells_; }

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
  Page<ConsultSummary> consults(const ConsultFilter& filter, ConsultOrder order,
                                const PageRequest& page) override;
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

  // The payloads of this write, for the writer to deliver once its batch has committed.
  std::vector<std::string> take_notifications() { return std::move(notifications_); }

 private:
  std::vector<ServiceId> user_services(const UserId& id);
  std::vector<Service> load_services(Query& q);
  std::vector<User> load_users(Query& q);
  void load_children(Consult& c);
  void insert_message(const ConsultId& consult, const domain::Message& m);
  void insert_event(const ConsultId& consult, const domain::ConsultEvent& e);
  void insert_attachment(const ConsultId& consult, const Attachment& a);

  void forget_directory();

  Connection& conn_;
  bool maintain_report_cells_;
  std::vector<std::string> notifications_;
  DirectoryMemo own_memo_;
  DirectoryMemo* memo_;
};

}  // namespace mk::store::sqlite
