#pragma once
// Moving a consult by updating its Task (docs/fhir.md, "Moving the consult"): what the client's
// Task asks for, and the one app transition that leads there from the current state.
#include <optional>
#include <string>

#include <boost/json.hpp>

#include "app/consults.hpp"
#include "fhir/support.hpp"

namespace mk::fhir::consult {

struct TaskChange {
  std::optional<domain::ConsultStatus> target;  // businessStatus, else implied by status
  std::optional<Reference> owner;
  std::optional<std::string> reason;  // statusReason.text
  app::AnswerInput answer;
  app::CloseInput close;
  std::optional<bool> referred_within_90d;
};

// 422 naming the Task element when the body is not a Task of this consult or names no known state.
TaskChange parse_task_change(const boost::json::object& task, const std::string& id);

// Runs the transition from `current` (app::Consults::current) to what the Task asks for;
// nothing to do: the consult as it is. An impossible change is 409 (the domain's or ours).
app::ConsultView apply_task_change(app::Consults& consults, const app::RequestContext& ctx,
                                   const domain::Consult& current, const TaskChange& change);

}  // namespace mk::fhir::consult
