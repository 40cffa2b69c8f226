#pragma once
// The teaching-case library (issue 8, part 3). After the close, the asking practice's GP and
// the consultant who gave the advice each say whether the consult may be published; when both
// agree, the case is published in the same transaction: the question and the advice with the
// patient's data replaced (domain::scrub_patient_data), the specialty, and only the attachments
// both included. Either side may withdraw later; the case then disappears. GPs, consultants and
// the regional admin search the library (full text: SQLite FTS5, PostgreSQL Dutch text search)
// and read cases; reads are counted for the triple aim's knowledge indicator. A case never
// shows its consult, its patient, its practice or its people.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "app/audit.hpp"
#include "app/consults.hpp"
#include "app/context.hpp"
#include "core/clock.hpp"
#include "store/store.hpp"

namespace mk::app {

struct TeachingConsentInput {
  std::optional<bool> agree;
  std::vector<std::string> attachments;  // ids of the consult's attachments this side includes
};

struct TeachingState {
  std::optional<domain::TeachingConsent> gp, consultant;
  std::optional<domain::TeachingCase> published;
};

struct TeachingCaseView {
  domain::TeachingCase item;
  std::vector<domain::Attachment> attachments;  // content type and size; never the file name
};

class TeachingLibrary {
 public:
  TeachingLibrary(store::Store& store, const Clock& clock, IdGenerator& ids, AuditTrail& audit)
      : store_(store), clock_(clock), ids_(ids), audit_(audit) {}

  // The caller's side of a closed consult it can see: a GP of the asking practice, or the
  // consultant who gave the advice. Anyone else: Error{forbidden}; not closed: Error{conflict}.
  TeachingState consent(const RequestContext& ctx, const ConsultId& id, const TeachingConsentInput& in);
  TeachingState state(const RequestContext& ctx, const ConsultId& id);

  std::vector<domain::TeachingCase> search(const RequestContext& ctx, const std::string& text,
                                           const std::string& specialty, int limit);
  // Counts the read.
  TeachingCaseView read(const RequestContext& ctx, const std::string& id);
  // One of a case's attachments (both sides included it): the stored attachment and its file.
  AttachmentDownload attachment(const RequestContext& ctx, const std::string& id, const AttachmentId& attachment);

 private:
  store::Store& store_;
  const Clock& clock_;
  IdGenerator& ids_;
  AuditTrail& audit_;
};

}  // namespace mk::app
