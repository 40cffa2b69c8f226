// The patients of the consults a caller may see (FHIR Patient). One patient row per consult,
// so the patient lists are consult lists seen from the patient's side.
#include "app/access.hpp"
#include "app/consults.hpp"
#include "app/crypto.hpp"

namespace mk::app {
namespace {

using domain::Role;

Error patient_not_found() { return Error(Errc::not_found, "Not found", "No Patient with this id"); }

PatientView to_view(const domain::ConsultSummary& s) {
  return PatientView{s.patient, s.id, s.practice_id, s.updated_at};
}

}  // namespace

PatientView Consults::patient(const RequestContext& ctx, const PatientId& id) {
  store::ConsultFilter filter;
  filter.patient_id = id;
  std::optional<domain::ConsultSummary> seen, hidden;
  store_.write([&](store::WriteTx& tx) {
    auto page = tx.consults(filter, store::ConsultOrder::updated_desc, store::PageRequest{"", 10});
    for (auto& s : page.items) {
      if (access::can_view_ids(tx, ctx.actor, s.practice_id, s.service_id, s.status)) {
        seen = s;
        break;
      }
      hidden = s;
    }
    if (!seen) return;
    auto c = tx.consult_for_read(seen->id);
    if (!c) return;
    auto subject = consult_subject(tx, *c);
    subject.object_type = "patient";
    subject.object_id = id.str();
    audit_.record(tx, acting_for(ctx, *c), {"patient.read", "R"}, subject);
  });
  if (seen) return to_view(*seen);
  if (hidden) {
    // A separate transaction: the denied attempt is logged although the request fails.
    store_.write([&](store::WriteTx& tx) {
      auto c = tx.consult_for_read(hidden->id);
      if (!c) return;
      auto subject = consult_subject(tx, *c);
      subject.object_type = "patient";
      subject.object_id = id.str();
      audit_.record(tx, ctx, {"patient.read", "R", "denied"}, subject);
    });
  }
  throw patient_not_found();
}

PatientList Consults::patients(const RequestContext& ctx, const PatientQuery& q) {
  if (q.limit < 1 || q.limit > 200)
    throw Error(Errc::validation, "The request has invalid fields", "limit: must be 1 to 200",
                {{"limit", "must be between 1 and 200"}});
  const Actor& a = ctx.actor;
  bool practice = a.role == Role::gp || a.role == Role::assistant;
  bool service = a.role == Role::consultant || a.role == Role::coordinator;
  if (!practice && !service) return {};
  store::ConsultFilter filter;
  filter.patient_id = q.id;
  filter.patient_bsn = q.bsn;
  store::PageRequest page{"", q.limit};
  if (!q.cursor.empty()) {
    auto decoded = base64url_decode(q.cursor);
    if (!decoded)
      throw Error(Errc::bad_request, "Bad cursor", "cursor: not a cursor of this list",
                  {{"_cursor", "is not a cursor returned by this list"}});
    page.after = *decoded;
  }
  return store_.write([&](store::WriteTx& tx) {
    if (practice) {
      filter.practice_id = a.organization_id;
    } else {
      filter.exclude_drafts = true;
      filter.service_ids = access::queue_services(tx, a);
      if (filter.service_ids.empty()) return PatientList{};
    }
    auto result = [&] {
      try {
        return tx.consults(filter, store::ConsultOrder::updated_desc, page);
      } catch (const Error& e) {
        if (e.code() != Errc::bad_request) throw;
        throw Error(Errc::bad_request, "Bad cursor", "cursor: not a cursor of this list",
                    {{"_cursor", "is not a cursor returned by this list"}});
      }
    }();
    PatientList out;
    for (auto& s : result.items) {
      auto c = tx.consult_for_read(s.id);
      if (!c || !access::can_view(tx, a, *c)) continue;  // the filter already decided; belt and braces
      auto subject = consult_subject(tx, *c);
      subject.object_type = "patient";
      subject.object_id = s.patient.id.str();
      audit_.record(tx, acting_for(ctx, *c), {"patient.read", "R"}, subject);
      out.items.push_back(to_view(s));
    }
    out.next_cursor = result.next.empty() ? "" : base64url_encode(result.next);
    return out;
  });
}

}  // namespace mk::app
