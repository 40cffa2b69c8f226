#pragma once
// On-site meekijkconsult sessions (issue 8, part 1; domain/onsite.hpp). The service's
// coordinator or the consultant plans a session at a practice or health centre and may move or
// cancel it; GPs of the practices it is open to see it in their calendar and book patients
// (Consults::book — each booking is an on_site consult). Moving a session moves its consults'
// due time and mails their GPs; cancelling one returns its consults to their GPs as drafts (to
// book into another session, or cancel) and mails them. Who sees what: app/access.
#include <optional>
#include <string>
#include <vector>

#include "app/audit.hpp"
#include "app/context.hpp"
#include "app/mail.hpp"
#include "core/clock.hpp"
#include "store/store.hpp"

namespace mk::app {

struct SessionInput {
  std::optional<std::string> service_id, consultant_id, location_id, date, start, end;
  std::optional<int64_t> slots;
  std::optional<std::vector<std::string>> open_to;
  std::vector<FieldError> input_errors;  // found by the transport, reported with the rest
};

// A booked slot as the caller may see it: the consult's reference, patient and status only
// when the caller may see that consult (its own practice's, or the consultant's service's).
struct SlotView {
  int slot = 0;
  bool booked = false;
  std::optional<ConsultId> consult_id;  // the rest only when the caller may see the consult
  std::string reference, patient_name, status;
};

struct SessionView {
  domain::OnsiteSession session;
  std::string service_name, specialty, consultant_name, location_name;
  std::vector<std::string> open_to_names;
  int booked = 0;
  bool can_manage = false, can_book = false;
  std::vector<SlotView> slots;  // detail only
};

struct SessionRange {
  std::optional<std::string> from, to;  // YYYY-MM-DD, inclusive
};

class Sessions {
 public:
  Sessions(store::Store& store, const Clock& clock, IdGenerator& ids, AuditTrail& audit, const Mailbox* mailbox = nullptr)
      : store_(store), clock_(clock), ids_(ids), audit_(audit), mailbox_(mailbox) {}

  SessionView create(const RequestContext& ctx, const SessionInput& in);
  std::vector<SessionView> list(const RequestContext& ctx, const SessionRange& range);
  // With its slots; every booked patient shown is an audited read of that consult.
  SessionView get(const RequestContext& ctx, const std::string& id);
  // Moves a planned session (date, start, end, location; also slots and open_to).
  SessionView update(const RequestContext& ctx, const std::string& id, const SessionInput& in);
  SessionView cancel(const RequestContext& ctx, const std::string& id, const std::optional<std::string>& reason);

 private:
  void move_consults(store::WriteTx& tx, const RequestContext& ctx, const domain::OnsiteSession& s);
  void return_consults(store::WriteTx& tx, const RequestContext& ctx, const domain::OnsiteSession& s);
  SessionView view(store::ReadTx& tx, const Actor& actor, domain::OnsiteSession s);

  store::Store& store_;
  const Clock& clock_;
  IdGenerator& ids_;
  AuditTrail& audit_;
  const Mailbox* mailbox_;
};

}  // namespace mk::app
