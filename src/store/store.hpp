#pragma once
// The storage port. app/ speaks only this interface; store/sqlite (and store/postgres) implement
// it. Transactions are at the level of the domain: no SQL leaves store/.
//
// Rules for callers:
//  * write() returns only after the transaction is durable on disk (a 2xx means "on disk");
//    concurrent writes may share one commit (SQLite group commit) or commit in parallel
//    (PostgreSQL, which groups their WAL flushes itself).
//  * A write lambda may run more than once (a backend may retry a serialization failure), so
//    it must have no effects outside the transaction other than idempotent ones.
//  * An exception thrown by a lambda rolls back that lambda's work only and is rethrown to the
//    caller of write().
//  * Inside a WriteTx, consult() locks the consult until commit (two closes cannot race).
//  * WriteTx::notify() payloads reach the listener of every instance on the same database
//    (Store::listen) after, and only if, the transaction commits.
#include <cstdint>
#include <exception>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/ids.hpp"
#include "core/metrics.hpp"
#include "core/time.hpp"
#include "domain/audit_entry.hpp"
#include "domain/billing.hpp"
#include "domain/desk.hpp"
#include "domain/onsite.hpp"
#include "domain/consult.hpp"
#include "domain/credentials.hpp"
#include "domain/organization.hpp"
#include "domain/teaching.hpp"

namespace mk::store {

using domain::ApiToken;
using domain::Attachment;
using domain::AuditEntry;
using domain::Consult;
using domain::ConsultStatus;
using domain::ConsultSummary;
using domain::IdempotencyRecord;
using domain::Organization;
using domain::Patient;
using domain::Service;
using domain::SessionRecord;
using domain::User;

// Keyset paging: `after` is the opaque `next` of the previous page ("" = first page).
struct PageRequest {
  std::string after;
  int limit = 50;
};

template <class T>
struct Page {
  std::vector<T> items;
  std::string next;  // "" when this was the last page
};

struct ConsultFilter {
  std::optional<OrgId> practice_id;
  std::vector<ServiceId> service_ids;  // any of these; empty = no restriction
  std::optional<UserId> assignee_id;
  std::vector<ConsultStatus> statuses;  // any of these; empty = all
  std::string text;                     // case-insensitive substring of reference, patient name or BSN
  std::optional<Timestamp> closed_before;
  bool follow_up_missing = false;  // only consults without a recorded follow-up
  std::optional<domain::OutcomeResult> outcome;  // only consults closed with this result
  std::optional<Timestamp> due_before;            // due_at earlier than this (overdue lists)
  bool unanswered = false;                        // no first answer yet
  bool exclude_drafts = false;
  // The FHIR searches (issue 7): each set field must match.
  std::vector<ConsultId> ids;  // any of these; empty = no restriction
  std::optional<PatientId> patient_id;
  std::string patient_bsn;
  std::optional<UserId> requester_id;
  bool unassigned = false;  // no assignee yet (a FHIR Task owned by its HealthcareService)
  std::string reference;
  std::optional<domain::ExternalIdentifier> identifier;
  std::optional<Timestamp> submitted_from, submitted_to;  // [from, to)
  std::optional<Timestamp> updated_from, updated_to;      // [from, to)
};

enum class ConsultOrder {
  updated_desc,  // inbox: most recently changed first
  due_asc,       // queue: earliest due first, consults without due_at last
};

struct AuditFilter {
  std::vector<OrgId> subject_orgs;  // entries about consults of these practices/providers; empty = all
  std::string patient_bsn;
  std::string consult_id;
  std::string user_id;
  std::optional<Timestamp> from;  // inclusive
  std::optional<Timestamp> to;    // exclusive
};

// Sizes of a consult before a change, so update_consult() stores only what is new.
struct ConsultMark {
  size_t messages = 0;
  size_t events = 0;
  size_t attachments = 0;
  int version = 0;
};
inline ConsultMark mark(const Consult& c) {
  return {c.messages.size(), c.events.size(), c.attachments.size(), c.version};
}

// One e-mail notification in the outbox: who, which kind, which consult — ids and the human
// reference only, never patient data.
struct MailItem {
  std::string id;
  UserId user_id;
  // new_consult | answered | info_requested | overdue | session_cancelled | session_moved (a
  // consult's) | desk_status (a desk question's)
  std::string kind;
  ConsultId consult_id;          // empty for a desk mail
  std::string desk_question_id;  // empty for a consult mail
  std::string reference;
  Timestamp created_at{};
  int attempts = 0;   // claim_mail: including this one
  std::string to;     // claim_mail: the user's e-mail address
};
inline constexpr unsigned kAllMailKinds = 0xF;
// What a mail row is about, as bound: the other one is NULL.
inline std::optional<ConsultId> mail_consult(const MailItem& m) {
  if (m.consult_id.str().empty()) return std::nullopt;
  return m.consult_id;
}
inline std::optional<std::string> mail_question(const MailItem& m) {
  if (m.desk_question_id.empty()) return std::nullopt;
  return m.desk_question_id;
}

// One closed consult as the triple-aim report counts it (DESIGN §7). The BSN only counts
// distinct patients (small-cell suppression) and leaves the report as a number, never as text.
struct ReportRow {
  ConsultId id;
  OrgId practice_id;
  ServiceId service_id;
  domain::Modality modality = domain::Modality::e_consult;
  std::string patient_bsn;
  std::string pc4;  // the patient's postcode area ("3083"), "" when unknown
  Timestamp submitted_at{}, closed_at{};
  std::optional<Timestamp> first_answer_at, due_at;
  std::optional<domain::IntendedReferral> intended_referral;
  domain::OutcomeResult result = domain::OutcomeResult::treated_by_gp;
  int usefulness = 0;
  bool learned = false;
  std::optional<bool> referred_within_90d;  // the 90-day follow-up, when recorded
  int64_t gp_fee_cents = 0, consultant_fee_cents = 0;  // its declaration lines
};

// Consults closed in [from, to); restricted to these practices / services / consults /
// patients when non-empty.
struct ReportFilter {
  Timestamp from{}, to{};
  std::vector<OrgId> practices;
  std::vector<ServiceId> services;
  std::vector<ConsultId> consults;
  std::vector<PatientId> patients;
};

// One pre-aggregated cell of the triple-aim report (store/report_cells.hpp): `data` is the
// encoded store::report_cells::Cell, opaque to the backends.
struct ReportCell {
  std::string dim, month, key;
  std::string data;
};

// The teaching-case library's search: all words of `text` (full-text; empty = every case),
// optionally one specialty; newest first.
struct TeachingSearch {
  std::string text;
  std::string specialty;
  int limit = 20;
};

struct TeachingStats {
  int64_t published = 0;  // cases published in the period
  int64_t reads = 0;      // reads of those cases so far
};

// Which desk questions: each set field must match; `routed_to_any` any of these (empty: any).
struct DeskFilter {
  std::optional<domain::DeskStatus> status;
  std::optional<domain::DeskTopic> topic;
  std::optional<domain::DeskDirection> direction;
  std::optional<OrgId> from_org;
  std::vector<OrgId> routed_to_any;
  bool include_merged = false;
};

// Which on-site sessions: dates in [from, to] (either may be open), by date and start.
struct SessionFilter {
  std::optional<Date> from, to;
};

// Which contracts: each set field must match.
struct ContractFilter {
  std::optional<OrgId> care_group;
  std::optional<OrgId> provider;
  std::optional<domain::Modality> modality;
};

// Which declaration lines (and no-contract consults) of one month. `everything` for the
// region; otherwise the lines of these organisations or addressed to these payers (either),
// and the no-contract consults whose practice or provider is one of `organizations`.
struct BillingFilter {
  std::string month;  // "2026-10"
  bool everything = false;
  std::vector<OrgId> organizations;
  std::vector<OrgId> payers;
};

class ReadTx {
 public:
  virtual ~ReadTx() = default;

  virtual std::optional<Organization> organization(const OrgId& id) = 0;
  virtual std::optional<Organization> organization_by_ref(std::string_view ref) = 0;
  virtual std::vector<Organization> organizations() = 0;
  virtual std::optional<Service> service(const ServiceId& id) = 0;
  virtual std::optional<Service> service_by_ref(std::string_view ref) = 0;
  virtual std::vector<Service> services() = 0;
  virtual std::optional<User> user(const UserId& id) = 0;
  virtual std::optional<User> user_by_email(std::string_view email) = 0;  // lower-case
  virtual std::optional<User> user_by_ref(std::string_view ref) = 0;
  virtual std::vector<User> users_of_service(const ServiceId& id) = 0;
  // Users belonging to any of these organisations, by name.
  virtual std::vector<User> users_of_organizations(const std::vector<OrgId>& orgs) = 0;

  virtual std::optional<SessionRecord> session(std::string_view token_hash) = 0;
  virtual std::optional<ApiToken> api_token(std::string_view token_hash) = 0;
  virtual int login_failures_since(std::string_view email, Timestamp since) = 0;
  virtual std::optional<IdempotencyRecord> idempotency(const UserId& user, std::string_view key) = 0;

  // The whole aggregate: messages, attachments and events in time order. In a WriteTx the
  // consult stays locked until commit — for a change: a concurrent change of the same consult
  // waits, then reads the version this one committed.
  virtual std::optional<Consult> consult(const ConsultId& id) = 0;
  // The same aggregate as last committed (one version, never half of a change), never locked,
  // also in a WriteTx: for a use case that only shows the consult and writes its audit entry,
  // which should neither wait for a change of the consult in progress nor hold one up. Never
  // for a consult the transaction then updates (that is consult()).
  virtual std::optional<Consult> consult_for_read(const ConsultId& id) = 0;
  virtual Page<ConsultSummary> consults(const ConsultFilter& filter, ConsultOrder order,
                                        const PageRequest& page) = 0;
  virtual std::optional<Attachment> attachment(const ConsultId& consult, const AttachmentId& id) = 0;
  // The identifiers client systems gave the consult at create (ServiceRequest.identifier).
  virtual std::vector<domain::ExternalIdentifier> consult_identifiers(const ConsultId& consult) = 0;
  // The consult a message / an attachment belongs to (FHIR reads them by their own id).
  virtual std::optional<ConsultId> consult_of_message(const MessageId& id) = 0;
  virtual std::optional<ConsultId> consult_of_attachment(const AttachmentId& id) = 0;

  // Newest first.
  virtual Page<AuditEntry> audit(const AuditFilter& filter, const PageRequest& page) = 0;
  // The whole log in chain order (chain_pos 1, 2, ...), then the entries not yet chained
  // (chain_pos 0) by seq; stops when fn returns false.
  virtual void for_each_audit(const std::function<bool(const AuditEntry&)>& fn) = 0;

  virtual std::optional<std::string> meta(std::string_view key) = 0;

  // The mail kinds a user wants (a bit each, app/mail.hpp); kAllMailKinds when never set.
  virtual unsigned mail_kinds(const UserId& user) = 0;

  // Billing (DESIGN §5–6). Contracts by care group, provider, modality, valid_from.
  virtual std::vector<domain::Contract> contracts(const ContractFilter& filter) = 0;
  virtual std::optional<domain::Contract> contract(const ContractId& id) = 0;
  virtual std::optional<domain::Contract> contract_by_ref(std::string_view ref) = 0;
  // By date, reference, party.
  virtual std::vector<domain::DeclarationLine> declarations(const BillingFilter& filter) = 0;
  // The lines summed per organisation, party, payer and code; by organisation, party, payer, code.
  virtual std::vector<domain::StatementLine> statement(const BillingFilter& filter) = 0;
  // By date, reference.
  virtual std::vector<domain::Unbilled> unbilled(const BillingFilter& filter) = 0;

  // Teaching cases (issue 8): both sides' consents of a consult; a case by id or by consult.
  virtual std::vector<domain::TeachingConsent> teaching_consents(const ConsultId& consult) = 0;
  virtual std::optional<domain::TeachingCase> teaching_case(std::string_view id) = 0;
  virtual std::optional<domain::TeachingCase> teaching_case_of(const ConsultId& consult) = 0;
  virtual std::vector<domain::TeachingCase> search_teaching_cases(const TeachingSearch& search) = 0;
  virtual TeachingStats teaching_stats(Timestamp from, Timestamp to) = 0;

  // Één loket (issue 8): questions newest change first, each with its number of supporting
  // practices; the practices that support one.
  virtual std::optional<domain::DeskQuestion> desk_question(std::string_view id) = 0;
  virtual std::vector<domain::DeskQuestion> desk_questions(const DeskFilter& filter) = 0;
  virtual std::vector<OrgId> desk_supporters(std::string_view question) = 0;

  // On-site sessions (issue 8): a session (in a WriteTx locked until commit, so bookings of one
  // session take turns); sessions by date; a session's active bookings by slot; the active
  // booking of a consult.
  virtual std::optional<domain::OnsiteSession> onsite_session(std::string_view id) = 0;
  virtual std::vector<domain::OnsiteSession> onsite_sessions(const SessionFilter& filter) = 0;
  virtual std::vector<domain::Booking> onsite_bookings(std::string_view session_id) = 0;
  virtual std::optional<domain::Booking> booking_of(const ConsultId& consult) = 0;

  // Reporting (DESIGN §7): every closed consult of the filter, in no particular order.
  virtual void for_each_report_row(const ReportFilter& filter, const std::function<void(const ReportRow&)>& fn) = 0;
  // The first and the last closed_at of the closed consults (none: nullopt).
  virtual std::optional<std::pair<Timestamp, Timestamp>> closed_range() = 0;
  // The cells of one dimension for the months first..last ('YYYY-MM', inclusive).
  virtual void for_each_report_cell(std::string_view dim, std::string_view first, std::string_view last,
                                    const std::function<void(const ReportCell&)>& fn) = 0;
};

class WriteTx : public ReadTx {
 public:
  // Insert, or update the row with the same id.
  virtual void save_organization(const Organization& o) = 0;
  virtual void save_service(const Service& s) = 0;  // including modalities and accepts
  virtual void save_user(const User& u) = 0;         // including services

  virtual void insert_session(const SessionRecord& s) = 0;
  virtual void delete_session(std::string_view token_hash) = 0;
  virtual void delete_sessions_expired_before(Timestamp t) = 0;
  virtual void insert_api_token(const ApiToken& t) = 0;
  virtual void record_login_failure(std::string_view email, Timestamp at) = 0;
  virtual void clear_login_failures(std::string_view email) = 0;
  virtual void save_idempotency(const IdempotencyRecord& r) = 0;
  // Housekeeping: forget throttle counters and idempotency keys older than `t`.
  virtual void delete_login_failures_before(Timestamp t) = 0;
  virtual void delete_idempotency_before(Timestamp t) = 0;

  // Next number of the human reference for that year: 1, 2, 3, ...
  virtual int64_t next_reference_number(int year) = 0;
  // The patient as entered for one consult: insert, or update the row with p.id; returns
  // p.id. Several rows may share a BSN — one practice's entry never changes what another
  // practice's consult shows.
  virtual PatientId save_patient(const Patient& p) = 0;
  // A new consult with everything it already holds (messages, events, attachments); its
  // patient (c.patient.id) must be saved first.
  virtual void insert_consult(const Consult& c) = 0;
  // The header, plus the messages, events and attachments added since `before`.
  // Throws Error{conflict} when the stored version is no longer before.version.
  virtual void update_consult(const Consult& c, const ConsultMark& before) = 0;
  // Files a client system's identifier for a consult of `practice`; false (and nothing added)
  // when the practice already gave it to a consult.
  virtual bool add_consult_identifier(const ConsultId& consult, const OrgId& practice,
                                      const domain::ExternalIdentifier& id) = 0;

  // Stores an audit entry (its prev_hash, hash and chain_pos are ignored) and assigns e.seq;
  // the store chains it: hash = SHA-256 of domain::audit_canonical() with prev_hash = the hash
  // of the entry before it in the chain. A backend with one writer (SQLite) chains at once and
  // fills e.prev_hash/hash/chain_pos; one with parallel committers (PostgreSQL) leaves them
  // empty and seals committed entries shortly after commit (Store::flush_audit).
  virtual void append_audit(AuditEntry& e) = 0;

  virtual void set_meta(std::string_view key, std::string_view value) = 0;

  // E-mail outbox. enqueue_mail returns false (and adds nothing) for a second overdue mail of
  // the same consult to the same user. claim_mail takes up to `limit` unsent rows due at `now`,
  // oldest first, pushes their next attempt to `lease_until` (so a sender that dies leaves them
  // to another one later) and counts the attempt; with several instances no row is claimed
  // twice at once. mail_failed with give_up stops the retries.
  virtual void set_mail_kinds(const UserId& user, unsigned kinds) = 0;
  virtual bool enqueue_mail(const MailItem& m) = 0;
  virtual std::vector<MailItem> claim_mail(Timestamp now, Timestamp lease_until, int limit) = 0;
  virtual void mail_sent(const std::string& id, Timestamp at) = 0;
  virtual void mail_failed(const std::string& id, std::string_view error, Timestamp retry_at, bool give_up) = 0;

  // Insert, or update the row with the same id. Throws Error{conflict} when another contract
  // of the same care group × provider × modality is in force on a day of this one's period
  // (the check and the write are atomic, also with several instances).
  virtual void save_contract(const domain::Contract& c) = 0;
  // A consult's declaration lines, at most once per consult and party: returns false and
  // adds nothing when the consult already has lines.
  virtual bool insert_declarations(const std::vector<domain::DeclarationLine>& lines) = 0;
  // Teaching cases: one consent per consult and party (insert or replace); a published case
  // (and its search entry) is inserted once per consult, and removed when a side withdraws.
  virtual void save_teaching_consent(const domain::TeachingConsent& c) = 0;
  virtual void publish_teaching_case(const domain::TeachingCase& c) = 0;
  virtual void unpublish_teaching_case(const ConsultId& consult) = 0;
  virtual void count_teaching_read(std::string_view id) = 0;

  // Desk questions: insert (gives q.reference "LOKET-YYYY-NNNN", counting per year of
  // created_at) and update (Error{conflict} when the stored version is not `expected_version`);
  // a practice supports a question once (false when it already did); supporters move to the
  // question a duplicate is merged into (each practice once).
  virtual void insert_desk_question(domain::DeskQuestion& q) = 0;
  virtual void update_desk_question(const domain::DeskQuestion& q, int expected_version) = 0;
  virtual bool add_desk_supporter(std::string_view question, const OrgId& practice, const UserId& user, Timestamp at) = 0;
  virtual void move_desk_supporters(std::string_view from, std::string_view to) = 0;

  // On-site sessions: insert; update (Error{conflict} when the stored version is not
  // `expected_version`); a booking holds its slot until released — a second active booking of
  // the slot (or of the consult) throws Error{conflict}.
  virtual void insert_onsite_session(const domain::OnsiteSession& s) = 0;
  virtual void update_onsite_session(const domain::OnsiteSession& s, int expected_version) = 0;
  virtual void insert_booking(const domain::Booking& b) = 0;
  virtual void release_booking(const ConsultId& consult, Timestamp at) = 0;

  // Insert, or replace the row of the same consult.
  virtual void save_unbilled(const domain::Unbilled& u) = 0;
  virtual void delete_unbilled(const ConsultId& consult) = 0;

  // Announces a change to every instance: after this transaction commits, `payload` (at most
  // kMaxNotifyPayload bytes of UTF-8 text; ids and codes, never patient data) is passed to
  // the listener of every store on the same database, this one included (SQLite: the one store
  // of this process; PostgreSQL: every instance, by NOTIFY/LISTEN). Nothing is delivered
  // when the transaction — or, in a shared SQLite batch, this write — rolls back. A payload
  // that is too long (or holds a NUL byte) throws Error{internal}: it is our own bug.
  virtual void notify(std::string_view payload) = 0;

  // Report cells (store/report_cells.hpp maintains them): one cell's data, locked until
  // commit; a new cell (exists = false: INSERT, a concurrent insert of the same cell fails as
  // a retryable conflict) or a changed one (UPDATE; empty data: DELETE); all of them gone.
  virtual std::optional<std::string> report_cell_for_update(std::string_view dim, std::string_view month,
                                                            std::string_view key) = 0;
  virtual void put_report_cell(const ReportCell& c, bool exists) = 0;
  virtual void clear_report_cells() = 0;
  // False on the bulk path, which leaves the cells to a rebuild after finish().
  virtual bool maintains_report_cells() const { return true; }
};

inline constexpr size_t kMaxNotifyPayload = 7999;  // PostgreSQL's NOTIFY: "shorter than 8000 bytes"

// Attachment bytes, content-addressed by SHA-256.
class BlobStore {
 public:
  virtual ~BlobStore() = default;
  // Where http/ streams an upload before it is checked (same file system as the blobs).
  virtual std::filesystem::path temp_dir() = 0;
  // Durably moves a complete temporary file to its content address: fsync the file, rename,
  // fsync the directory. Identical content already present: the temp file is just removed.
  virtual void put(const std::filesystem::path& temp_file, const std::string& sha256_hex) = 0;
  virtual bool exists(const std::string& sha256_hex) = 0;
  virtual std::filesystem::path path(const std::string& sha256_hex) = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  template <class F>
  auto read(F&& f) -> std::invoke_result_t<F&, ReadTx&> {
    using R = std::invoke_result_t<F&, ReadTx&>;
    if constexpr (std::is_void_v<R>) {
      run_read([&](ReadTx& tx) { f(tx); });
    } else {
      std::optional<R> out;
      run_read([&](ReadTx& tx) { out.emplace(f(tx)); });
      return std::move(*out);
    }
  }

  template <class F>
  auto write(F&& f) -> std::invoke_result_t<F&, WriteTx&> {
    using R = std::invoke_result_t<F&, WriteTx&>;
    if constexpr (std::is_void_v<R>) {
      run_write([&](WriteTx& tx) { f(tx); });
    } else {
      std::optional<R> out;
      run_write([&](WriteTx& tx) { out.reset(); out.emplace(f(tx)); });
      return std::move(*out);
    }
  }

  // write() without a waiting thread, for the hot audited reads (Route::fast): hands fn to the
  // backend and returns at once; `done` runs exactly once, on a thread of the store, after fn's
  // work is durable (nullptr) or rolled back (what fn threw, or why the commit failed). `done`
  // must be quick and must not block: it only hands the result on. False (and neither runs) when
  // the backend has no such path (PostgreSQL: each write holds a pooled connection and its
  // thread) or is closing; the caller then uses write().
  virtual bool write_async(std::function<void(WriteTx&)> /*fn*/, std::function<void(std::exception_ptr)> /*done*/) {
    return false;
  }

  virtual BlobStore& blobs() = 0;
  // An online, consistent copy (SQLite backup API) that `serve --data` can open. Backends
  // without one (PostgreSQL: pg_dump) throw Error{validation}.
  virtual void backup(const std::filesystem::path& out) = 0;
  // Chains every audit entry committed before the call, synchronously (audit verify, tests).
  // A backend that chains inside the transaction has nothing to do.
  virtual void flush_audit() {}
  // A reference number for `year` taken in a short transaction of its own, before the caller's
  // write; 0 when the backend numbers inside the write (WriteTx::next_reference_number) — SQLite,
  // whose one writer never waits for a lock. PostgreSQL: numbering inside the create would keep
  // the year's counter row locked until that create commits and so serialise every create
  // across all instances. Reserved numbers are unique and increasing; a create that fails after
  // reserving leaves a gap.
  virtual int64_t reserve_reference_number(int /*year*/) { return 0; }
  // Registers the one listener of notifications (WriteTx::notify), replacing the previous one;
  // an empty function unregisters. The listener runs on a thread of the store, one payload at
  // a time, in commit order per instance; once listen() returns, the previous listener is not
  // running and will not be called again. `resync` (optional) is called when notifications may
  // have been lost (the connection that receives them was lost and is back): whoever relies on
  // them should reload. Neither may call listen() or write(); read() is fine. A store being
  // destroyed calls no listener any more.
  void listen(std::function<void(const std::string&)> listener, std::function<void()> resync = {}) {
    set_listener(std::move(listener), std::move(resync));
  }

  virtual bool ready() = 0;                 // the database answers
  virtual Histogram& commit_latency() = 0;  // seconds per durable commit
  virtual std::string describe() const = 0; // "sqlite:/var/lib/meekijk", "postgresql://u@h/db" — no secrets

 protected:
  virtual void run_read(const std::function<void(ReadTx&)>& fn) = 0;
  virtual void run_write(const std::function<void(WriteTx&)>& fn) = 0;
  virtual void set_listener(std::function<void(const std::string&)> listener, std::function<void()> resync) = 0;
};

}  // namespace mk::store
