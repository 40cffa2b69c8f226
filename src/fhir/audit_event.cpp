// AuditEvent: the NEN 7513 access log (app::AuditLog) for privacy officers, over the entries
// about their own organisation's consults; every search or read is itself logged
// (audit.search). AuditEvent/{id} is the entry's sequence number.
#include <charconv>

#include "app/audit_log.hpp"
#include "app/crypto.hpp"
#include "fhir/outcome.hpp"
#include "fhir/resources.hpp"
#include "fhir/search.hpp"
#include "fhir/support.hpp"

namespace mk::fhir {
namespace {

constexpr std::string_view kTerminology = "http://terminology.hl7.org/CodeSystem/";
constexpr std::string_view kDicom = "http://dicom.nema.org/resources/ontology/DCM";

std::string hl7(std::string_view name) { return std::string(kTerminology) + std::string(name); }

// AuditEvent.outcome: 0 success, 4 minor failure (refused), 8 serious failure.
std::string outcome_code(std::string_view outcome) {
  if (outcome == "success") return "0";
  if (outcome == "denied") return "4";
  return "8";
}

// The FHIR resource an object of the log is, when it is one of ours.
std::optional<std::pair<std::string, std::string>> object_reference(const domain::AuditEntry& e) {
  if (e.object_id.empty()) return std::nullopt;
  if (e.object_type == "consult") return std::pair{std::string("ServiceRequest"), e.object_id};
  if (e.object_type == "attachment") return std::pair{std::string("DocumentReference"), e.object_id};
  if (e.object_type == "patient") return std::pair{std::string("Patient"), e.object_id};
  return std::nullopt;
}

json::object agent(std::string_view user_id, std::string_view name, std::string_view role, std::string_view org,
                   std::string_view ip, bool requestor) {
  json::object out;
  if (!requestor) out["type"] = codeable(hl7("v3-ParticipationType"), "RESP", "responsible party");
  if (!role.empty()) out["role"] = json::array{codeable(std::string(kCodeSystemBase) + "role", role)};
  if (!user_id.empty()) out["who"] = reference("PractitionerRole", user_id, name);
  else if (!name.empty()) out["who"] = json::object{{"display", name}};
  else out["who"] = json::object{{"display", "unknown user"}};
  if (!org.empty())
    out["extension"] = json::array{json::object{{"url", std::string(kExtensionBase) + "agent-organization"},
                                                {"valueReference", reference("Organization", org)}}};
  out["requestor"] = requestor;
  if (!ip.empty()) out["network"] = json::object{{"address", ip}, {"type", "2"}};
  return out;
}

}  // namespace

json::object audit_event_json(const domain::AuditEntry& e) {
  bool login = e.event.starts_with("session.");
  json::object type = login ? coding(kDicom, "110114", "User Authentication")
                            : coding(hl7("audit-event-type"), "rest", "RESTful Operation");
  json::array agents{agent(e.user_id, e.user_name, e.role, e.organization_id, e.ip, true)};
  if (!e.on_behalf_of.empty()) agents.push_back(agent(e.on_behalf_of, "", "", "", "", false));

  json::array entities;
  if (!e.patient_bsn.empty())
    entities.push_back(json::object{{"what", json::object{{"identifier", identifier(kBsnSystem, e.patient_bsn)}}},
                                    {"type", coding(hl7("audit-entity-type"), "1", "Person")},
                                    {"role", coding(hl7("object-role"), "1", "Patient")}});
  if (!e.object_type.empty() || !e.object_id.empty()) {
    json::object what;
    if (auto ref = object_reference(e)) what = reference(ref->first, ref->second);
    else what = json::object{{"identifier", identifier(std::string(kCodeSystemBase) + "object-" + e.object_type,
                                                        e.object_id.empty() ? e.object_type : e.object_id)}};
    json::object entity{{"what", std::move(what)},
                        {"type", coding(hl7("audit-entity-type"), "2", "System Object")},
                        {"role", coding(hl7("object-role"), "4", "Domain Resource")}};
    if (!e.consult_id.empty() && e.object_type != "consult")
      entity["detail"] = json::array{json::object{{"type", "consult"}, {"valueString", e.consult_id}}};
    entities.push_back(std::move(entity));
  }

  json::array extensions{json::object{{"url", kRequestIdExtension}, {"valueString", e.request_id}}};
  if (!e.hash.empty())
    extensions.push_back(json::object{{"url", std::string(kExtensionBase) + "audit-hash"}, {"valueString", e.hash}});
  if (!e.prev_hash.empty())
    extensions.push_back(
        json::object{{"url", std::string(kExtensionBase) + "audit-prev-hash"}, {"valueString", e.prev_hash}});

  return json::object{
      {"resourceType", "AuditEvent"},
      {"id", std::to_string(e.seq)},
      {"extension", std::move(extensions)},
      {"type", std::move(type)},
      {"subtype", json::array{coding(std::string(kCodeSystemBase) + "audit-event", e.event)}},
      {"action", e.action},
      {"recorded", instant(e.at)},
      {"outcome", outcome_code(e.outcome)},
      {"outcomeDesc", e.outcome},
      {"agent", std::move(agents)},
      {"source", json::object{{"site", "meekijk"},
                              {"observer", json::object{{"display", "meekijk"}}},
                              {"type", json::array{coding(hl7("security-source-type"), "4", "Application Server")}}}},
      {"entity", std::move(entities)},
  };
}

ResourceDefinition audit_event_resource(const FhirServices& s) {
  auto& log = s.audit_log;
  ResourceDefinition def;
  def.type = "AuditEvent";
  def.documentation =
      "The NEN 7513 access log: privacy officers only, the entries about their organisation's consults. "
      "Searching and reading it is logged too.";
  def.read = [&log](HttpRequest& req, const Ctx& ctx) {
    const auto& id = req.param("id");
    int64_t seq = 0;
    auto [p, ec] = std::from_chars(id.data(), id.data() + id.size(), seq);
    if (ec != std::errc{} || p != id.data() + id.size() || seq <= 0)
      throw Error(Errc::not_found, "Not found", "No AuditEvent with this id");
    app::AuditQueryInput in;
    in.cursor = app::base64url_encode(std::to_string(seq + 1));  // the entries before seq + 1, newest first
    in.limit = 1;
    auto page = log.search(ctx, in);
    if (page.items.empty() || page.items.front().seq != seq)
      throw Error(Errc::not_found, "Not found", "No AuditEvent with this id");
    return resource_response(200, audit_event_json(page.items.front()));
  };
  def.search_params = {
      {"patient", ParamType::reference, "Patient/{id}; patient:identifier=" + std::string(kBsnSystem) + "|{bsn}",
       {"identifier"}},
      {"date", ParamType::date, "When the access was recorded; prefixes ge, gt, le, lt, eq; repeat for a range"},
      {"agent", ParamType::reference, "The user: PractitionerRole/{id} or Practitioner/{id}"},
      {"entity", ParamType::reference, "The consult: ServiceRequest/{id} or Task/{id}"},
  };
  def.search = [&log](HttpRequest& req, const Ctx& ctx, const SearchRequest& search) {
    Searchset set(req, search);
    app::AuditQueryInput in;
    auto nothing = [&] { return set.response(); };
    if (auto p = search.single("patient")) {
      if (search.first("patient")->modifier == "identifier") {
        auto t = parse_token(*p);
        if ((t.system && *t.system != kBsnSystem) || t.code.empty()) return nothing();
        in.patient_bsn = t.code;
      } else {
        auto ref = parse_reference(*p, "Patient");
        if (!ref) return nothing();
        in.patient_id = ref->id;
      }
    }
    if (auto a = search.single("agent")) {
      auto ref = parse_reference(*a);
      if (!ref) ref = parse_reference(*a, "PractitionerRole");
      if (!ref || (ref->type != "PractitionerRole" && ref->type != "Practitioner")) return nothing();
      in.user_id = ref->id;
    }
    if (auto e = search.single("entity")) {
      auto ref = parse_reference(*e);
      if (!ref || (ref->type != "ServiceRequest" && ref->type != "Task")) return nothing();
      in.consult_id = ref->id;
    }
    auto bounds = time_bounds(search, "date");
    if (bounds.from) in.from = format_timestamp(*bounds.from);
    if (bounds.to) in.to = format_timestamp(*bounds.to);
    in.cursor = search.cursor.value_or("");
    in.limit = std::max(1, search.count);
    auto page = log.search(ctx, in);
    if (search.count == 0) return set.response();
    for (const auto& entry : page.items) set.match(audit_event_json(entry));
    if (!page.next_cursor.empty()) set.next(page.next_cursor);
    return set.response();
  };
  return def;
}

}  // namespace mk::fhir
