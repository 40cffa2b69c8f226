#pragma once
// The consult use cases. Each runs in one store transaction: load, access check, domain rule,
// save, audit — so a 2xx means the change and its audit entry are on disk together.
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/audit.hpp"
#include "app/mail.hpp"
#include "app/consult_inputs.hpp"
#include "app/context.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "store/store.hpp"

namespace mk::domain {
class Workflow;
}

namespace mk::app {

// A consult with the names a screen shows next to the ids.
struct ConsultView {
  domain::Consult consult;
  std::string service_name;
  std::string specialty;
  std::string provider_name;  // the service's organisation
  std::string practice_name;
  std::string requester_name;
  std::string assignee_name;
  bool overdue = false;
  std::optional<domain::Booking> booking;  // on-site: its session and slot while booked
  std::vector<domain::ExternalIdentifier> identifiers;  // the client systems' (FHIR)
};

struct ConsultResult {
  ConsultView view;
  int status = 200;       // 201 for a create
  bool replayed = false;  // answered from an earlier request with the same Idempotency-Key
  // A replay for a caller who can no longer see the consult (a consultant who redirected it
  // away): only id, reference and status are shown.
  bool redacted = false;
};

struct ConsultListItem {
  domain::ConsultSummary summary;
  std::string service_name;
  std::string specialty;
  bool overdue = false;
};

struct ConsultList {
  std::vector<ConsultListItem> items;
  std::string next_cursor;
};

// A page of whole consults (FHIR search results).
struct ConsultPage {
  std::vector<ConsultView> items;
  std::string next_cursor;
};

// A consult's patient row (one per consult) as FHIR Patient shows it (consult_patients.cpp).
struct PatientView {
  domain::Patient patient;
  ConsultId consult_id;
  OrgId practice_id;
  Timestamp updated_at;  // the consult's
};

struct PatientQuery {
  std::optional<PatientId> id;
  std::string bsn;     // exact
  std::string cursor;  // next_cursor of the previous page
  int limit = 20;      // 1..200
};

struct PatientList {
  std::vector<PatientView> items;
  std::string next_cursor;
};

struct AttachmentDownload {
  domain::Attachment attachment;
  std::filesystem::path file;
};

using Idempotency = std::optional<IdempotencyInput>;

class Consults {
 public:
  // mailbox: files the e-mail notifications of each change (none when mail is not configured).
  Consults(store::Store& store, const Clock& clock, IdGenerator& ids, AuditTrail& audit,
           const Mailbox* mailbox = nullptr)
      : store_(store), clock_(clock), ids_(ids), audit_(audit), mailbox_(mailbox) {}

  ConsultResult create(const RequestContext& ctx, const NewConsultInput& in, const Idempotency& idem);
  // Changes a draft's fields (all optional); the draft stays a draft.
  ConsultResult update_draft(const RequestContext& ctx, const ConsultId& id, const ConsultFields& in,
                             const Idempotency& idem);
  // Completes a draft with the given fields (all optional) and submits it.
  ConsultResult submit(const RequestContext& ctx, const ConsultId& id, const ConsultFields& in,
                       const Idempotency& idem);
  ConsultResult accept(const RequestContext& ctx, const ConsultId& id, const std::optional<std::string>& assignee,
                       const Idempotency& idem);
  ConsultResult answer(const RequestContext& ctx, const ConsultId& id, const AnswerInput& in, const Idempotency& idem);
  ConsultResult request_info(const RequestContext& ctx, const ConsultId& id, const std::optional<std::string>& text,
                             const Idempotency& idem);
  ConsultResult message(const RequestContext& ctx, const ConsultId& id, const std::optional<std::string>& text,
                        const Idempotency& idem);
  ConsultResult redirect(const RequestContext& ctx, const ConsultId& id, const RedirectInput& in,
                         const Idempotency& idem);
  ConsultResult cancel(const RequestContext& ctx, const ConsultId& id, const std::optional<std::string>& reason,
                       const Idempotency& idem);
  ConsultResult close(const RequestContext& ctx, const ConsultId& id, const CloseInput& in, const Idempotency& idem);
  ConsultResult follow_up(const RequestContext& ctx, const ConsultId& id, std::optional<bool> referred_within_90d,
                          const Idempotency& idem);

  // On-site (issue 8, consult_booking.cpp): books a patient into a session's slot (none: the
  // first free one) — a consult with modality on_site, submitted at once, due at the session's
  // end, assigned to its consultant. A taken slot or a full session answers 409; two GPs racing
  // for one slot get one 201 and one 409.
  ConsultResult book(const RequestContext& ctx, const std::string& session_id, std::optional<int64_t> slot,
                     const NewConsultInput& in, const Idempotency& idem);
  // Books a draft that a cancelled session returned to the GP into another session.
  ConsultResult rebook(const RequestContext& ctx, const std::string& session_id, std::optional<int64_t> slot,
                       const ConsultId& id, const Idempotency& idem);

  ConsultView get(const RequestContext& ctx, const ConsultId& id);
  // get() without a waiting thread (Store::write_async), for Route::fast: false when the store
  // has no such path; else `done` runs once, on a store thread, with the view once it and its
  // audit entry are durable, or with nullptr when anything failed — then nothing was written
  // (not even the denied-access entry) and the caller runs get() for the error and its audit.
  bool get_async(const RequestContext& ctx, const ConsultId& id,
                 std::function<void(std::shared_ptr<const ConsultView>)> done);
  // The consult as it is now, for a client that picks the transition to run from its state
  // (a FHIR Task update), which then runs with ctx.expected_version = its version. Visibility
  // as get() (404, audited as denied); not audited as a read: nothing of it is shown.
  domain::Consult current(const RequestContext& ctx, const ConsultId& id);
  ConsultList list(const RequestContext& ctx, const ListInput& in);
  // FHIR searches (consult_search.cpp): the consults the caller may see that match, newest
  // change first, each audited as a list read.
  ConsultPage search(const RequestContext& ctx, const ConsultSearch& in);
  // The consult a message or attachment belongs to, for reads by their own id: the caller then
  // reads the consult (access check, audit) and must not tell "none" from "invisible".
  std::optional<ConsultId> consult_of(const MessageId& id);
  std::optional<ConsultId> consult_of(const AttachmentId& id);
  // SOEP text for the GP's record system (HIS).
  std::string summary(const RequestContext& ctx, const ConsultId& id);

  // Patients (FHIR Patient, consult_patients.cpp): a caller sees a patient row only when it may
  // see that row's consult (access::can_view) — GPs and assistants their practice's,
  // consultants and coordinators their queue's (not drafts), nobody else. Each patient shown is
  // audited as "patient.read" (R) with the consult as subject, like a consult read; a read of an
  // invisible patient answers 404 and is audited as denied.
  PatientView patient(const RequestContext& ctx, const PatientId& id);
  PatientList patients(const RequestContext& ctx, const PatientQuery& q);

  domain::Attachment add_attachment(const RequestContext& ctx, const ConsultId& id, const UploadInput& in);
  AttachmentDownload attachment(const RequestContext& ctx, const ConsultId& id, const AttachmentId& aid);
  // Where a transport writes an upload before create()/add_attachment() check and keep it (on
  // the blobs' file system, so keeping it is a rename).
  std::filesystem::path upload_dir() { return store_.blobs().temp_dir(); }

 private:
  // Thrown inside a transaction when the consult exists but is invisible to the caller;
  // guarded() turns it into a 404 after the transaction and logs the denied attempt.
  struct Invisible {};
  template <class F>
  auto guarded(const RequestContext& ctx, const ConsultId& id, std::string_view event, F&& f) {
    try {
      return f();
    } catch (const Invisible&) {
      record_denied(ctx, id, event);
      throw not_found(id);
    }
  }
  static Error not_found(const ConsultId& id);
  // The context audit entries are written with: an assistant acts on behalf of the GP.
  static RequestContext acting_for(const RequestContext& ctx, const domain::Consult& c);

  using Change = std::function<void(store::WriteTx&, domain::Consult&, domain::Workflow&)>;
  // Load (locked), check visibility (404, with a "denied" audit entry), apply, save, audit.
  ConsultResult change(const RequestContext& ctx, const ConsultId& id, const Idempotency& idem,
                       std::string_view event, const Change& apply);
  ConsultResult replay(store::WriteTx& tx, const RequestContext& ctx, const domain::IdempotencyRecord& r);
  void remember(store::WriteTx& tx, const RequestContext& ctx, const Idempotency& idem, int status,
                const ConsultId& id);
  std::optional<domain::IdempotencyRecord> earlier(store::WriteTx& tx, const RequestContext& ctx,
                                                   const Idempotency& idem);
  // The consult if the caller may see it; else not_found (none) or Invisible. load_visible
  // locks it until commit (PostgreSQL), for a change; read_visible does not, for a use case
  // that only shows it, so a read neither waits for a change in progress nor holds one up.
  domain::Consult load_visible(store::WriteTx& tx, const RequestContext& ctx, const ConsultId& id);
  domain::Consult read_visible(store::WriteTx& tx, const RequestContext& ctx, const ConsultId& id);
  domain::Consult visible(store::ReadTx& tx, const RequestContext& ctx, const ConsultId& id,
                          std::optional<domain::Consult> c);
  ConsultView view(store::ReadTx& tx, domain::Consult c);
  // get()'s transaction: the visible consult, its read entry in the access log, its view.
  ConsultView read_audited(store::WriteTx& tx, const RequestContext& ctx, const ConsultId& id);
  // create() and book(): a new consult from the client's fields, validated, submitted unless a
  // draft (due at `due`, or the service's response time) — not stored yet.
  struct ReferenceNumber {
    int year;
    int64_t reserved;  // Store::reserve_reference_number; 0: numbered in the write
  };
  domain::Consult build(store::WriteTx& tx, const RequestContext& ctx, const NewConsultInput& in,
                        ReferenceNumber number, std::optional<Timestamp> due);
  // Stores a built consult with its live event, mails, audit entry and idempotency record.
  void store_new(store::WriteTx& tx, const RequestContext& ctx, const Idempotency& idem, const domain::Consult& c);
  void record_denied(const RequestContext& ctx, const ConsultId& id, std::string_view event);
  // An upload checked (name, type) and durably stored by content address, not yet recorded.
  domain::Attachment prepare_attachment(const RequestContext& ctx, const UploadInput& in);
  // Adds a prepared attachment to the consult's timeline (the caller saves c, then audits).
  void record_attachment(const RequestContext& ctx, domain::Consult& c, domain::Attachment& a);
  void audit_attachment(store::WriteTx& tx, const RequestContext& ctx, const domain::Consult& c,
                        const domain::Attachment& a);

  store::Store& store_;
  const Clock& clock_;
  IdGenerator& ids_;
  AuditTrail& audit_;
  const Mailbox* mailbox_;
};

}  // namespace mk::app
