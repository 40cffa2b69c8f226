#include "app/audit_log.hpp"

#include "app/access.hpp"
#include "app/crypto.hpp"
#include "core/error.hpp"
#include "domain/identifiers.hpp"

namespace mk::app {
namespace {

// "2026-11-01" (start of that day, UTC) or a full ISO timestamp.
std::optional<Timestamp> parse_bound(const std::string& text, std::string_view field, Validation& v) {
  if (text.empty()) return std::nullopt;
  if (auto d = parse_date(text)) return start_of_utc_day(*d);
  if (auto t = parse_timestamp(text)) return t;
  v.add(std::string(field), "must be a date (YYYY-MM-DD) or an ISO 8601 timestamp");
  return std::nullopt;
}

}  // namespace

AuditPage AuditLog::search(const RequestContext& ctx, const AuditQueryInput& in) {
  if (!access::can_read_audit(ctx.actor))
    throw Error(Errc::forbidden, "Not allowed", "only privacy officers read the access log");
  Validation v;
  store::AuditFilter filter;
  if (!in.patient_bsn.empty() && !domain::valid_bsn(in.patient_bsn))
    v.add("patient_bsn", "is not a valid BSN");
  filter.patient_bsn = in.patient_bsn;
  if (!in.patient_id.empty()) {
    // The patient row's BSN; an unknown row matches nothing.
    store::ConsultFilter by_id;
    by_id.patient_id = PatientId(in.patient_id);
    auto rows = store_.read([&](store::ReadTx& tx) {
      return tx.consults(by_id, store::ConsultOrder::updated_desc, store::PageRequest{"", 1});
    });
    std::string bsn = rows.items.empty() ? "-" : rows.items.front().patient.bsn;
    if (!filter.patient_bsn.empty() && filter.patient_bsn != bsn) bsn = "-";
    filter.patient_bsn = bsn;
  }
  filter.consult_id = in.consult_id;
  filter.user_id = in.user_id;
  filter.from = parse_bound(in.from, "from", v);
  filter.to = parse_bound(in.to, "to", v);
  if (in.limit < 1 || in.limit > 500) v.add("limit", "must be between 1 and 500");
  store::PageRequest page{"", in.limit};
  if (!in.cursor.empty()) {
    auto decoded = base64url_decode(in.cursor);
    if (!decoded) v.add("cursor", "is not a cursor returned by this list");
    else page.after = *decoded;
  }
  v.throw_if_any();

  // PostgreSQL chains entries shortly after they commit; seal what has committed so the officer
  // sees every entry with its hash.
  store_.flush_audit();
  return store_.write([&](store::WriteTx& tx) {
    filter.subject_orgs = access::org_subtree(tx, ctx.actor.organization_id);
    auto result = [&] {
      try {
        return tx.audit(filter, page);
      } catch (const Error& e) {
        if (e.code() != Errc::bad_request) throw;
        throw Error(Errc::validation, "The request has invalid fields", "cursor: not a cursor of this list",
                    {{"cursor", "is not a cursor returned by this list"}});
      }
    }();
    AuditSubject subject;
    subject.patient_bsn = in.patient_bsn;
    subject.object_type = "audit";
    subject.consult_id = in.consult_id;
    subject.practice_id = ctx.actor.organization_id.str();  // its own organisation sees its officers' searches
    trail_.record(tx, ctx, {"audit.search", "R"}, subject);
    return AuditPage{std::move(result.items), result.next.empty() ? "" : base64url_encode(result.next)};
  });
}

}  // namespace mk::app
