// Task: the consult's workflow (docs/fhir.md). Read and search (a hospital's worklist polls it
// by owner, status and _lastUpdated), and update — which moves the consult.
#include "fhir/consult_codes.hpp"
#include "fhir/consult_render.hpp"
#include "fhir/consult_search.hpp"
#include "fhir/consult_task_change.hpp"
#include "fhir/resources.hpp"

namespace mk::fhir {
namespace {

using consult::task_json;

void add_states(std::vector<domain::ConsultStatus> states, app::ConsultSearch& in) {
  if (states.empty()) in.ids = {ConsultId("-")};  // a code no consult has: nothing matches
  in.statuses.insert(in.statuses.end(), states.begin(), states.end());
}

void owner_criteria(const SearchCriterion& c, app::ConsultSearch& in) {
  auto ref = parse_reference(c.values.front());
  if (c.values.size() != 1 || !ref || (ref->type != "Practitioner" && ref->type != "HealthcareService"))
    fail(Errc::bad_request, "invalid", "Invalid search parameter",
         "owner takes one Practitioner/{id} or HealthcareService/{id}");
  if (ref->type == "Practitioner") {
    in.assignee_id = UserId(ref->id);
  } else {  // the service owns the Task until someone is assigned
    in.service_ids = {ServiceId(ref->id)};
    in.unassigned = true;
  }
}

app::ConsultSearch criteria(const SearchRequest& search) {
  app::ConsultSearch in;
  consult::common_criteria(search, in);
  if (auto c = search.first("status"))
    for (const auto& v : c->values) add_states(consult::states_of_task_status(v), in);
  if (auto c = search.first("business-status"))
    for (const auto& v : c->values) {
      auto state = domain::parse_enum<domain::ConsultStatus>(parse_token(v).code);
      add_states(state ? std::vector{*state} : std::vector<domain::ConsultStatus>{}, in);
    }
  if (auto c = search.first("owner")) owner_criteria(*c, in);
  if (auto c = search.first("focus"))
    for (const auto& id : consult::reference_ids(*c, "ServiceRequest")) in.ids.push_back(ConsultId(id));
  return in;
}

}  // namespace

ResourceDefinition task_resource(const FhirServices& s) {
  app::Consults& consults = s.consults;
  ResourceDefinition d;
  d.type = "Task";
  d.documentation = "The consult's workflow; update it to move the consult (docs/fhir.md). Visible as the "
                    "ServiceRequest of the same id.";
  d.versioning = Versioning::versioned_update;
  d.read_history = true;
  d.read = [&consults](HttpRequest& req, const Ctx& ctx) {
    return resource_response(200, task_json(consults.get(ctx, ConsultId(req.param("id")))));
  };
  d.vread = [&consults](HttpRequest& req, const Ctx& ctx) {
    auto v = consults.get(ctx, ConsultId(req.param("id")));
    if (req.param("vid") != consult::version_of(v.consult))
      fail(Errc::not_found, "not-found", "Version not found", "only the current version is kept");
    return resource_response(200, task_json(v));
  };
  d.search = [&consults](HttpRequest& req, const Ctx& ctx, const SearchRequest& search) {
    consult::Render include;
    for (const auto& i : search.includes)
      if (i == "Task:focus") include = consult::service_request_json;
    return consult::consult_searchset(consults, req, ctx, search, criteria(search), task_json, include);
  };
  d.update = [&consults](HttpRequest& req, const Ctx& ctx) {
    auto body = parse_resource(req, "Task");
    auto change = consult::parse_task_change(body, req.param("id"));
    auto cur = consults.current(ctx, ConsultId(req.param("id")));
    auto expected = if_match(req);
    app::RequestContext checked = ctx;
    // Without If-Match the transition still runs against the state it was chosen for: a
    // consult that moved meanwhile is a conflict to retry, not a silent other transition.
    checked.expected_version = cur.version;
    if (expected) {
      if (*expected != std::to_string(cur.version))
        fail(Errc::precondition_failed, "conflict", "Version mismatch",
             "the Task is at version " + std::to_string(cur.version) + ", not " + *expected);
      return write_response(req, 200, task_json(consult::apply_task_change(consults, checked, cur, change)));
    }
    try {
      return write_response(req, 200, task_json(consult::apply_task_change(consults, checked, cur, change)));
    } catch (const Error& e) {
      if (e.code() != Errc::precondition_failed) throw;
      throw Error(Errc::conflict, "Changed meanwhile", "the consult changed while this update ran; read it again");
    }
  };
  d.search_params = {
      id_param(),
      last_updated_param(),
      {"status", ParamType::token, "draft | requested | accepted | on-hold | in-progress | completed | cancelled"},
      {"business-status", ParamType::token, "The consult state (" + std::string(consult::kStatusSystem) + ")"},
      {"owner", ParamType::reference, "Practitioner/{id} (assigned) or HealthcareService/{id} (not yet assigned)"},
      {"focus", ParamType::reference, "The ServiceRequest (same id)"},
  };
  d.search_includes = {"Task:focus"};
  return d;
}

}  // namespace mk::fhir
