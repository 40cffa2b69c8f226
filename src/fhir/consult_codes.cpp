#include "fhir/consult_codes.hpp"

#include <array>
#include <utility>

namespace mk::fhir::consult {
namespace {

using S = ConsultStatus;

// docs/fhir.md: consult state → Task.status (one each), ServiceRequest.status (several share one).
constexpr std::array<std::pair<S, std::string_view>, 7> kTask = {{{S::draft, "draft"},
                                                                  {S::submitted, "requested"},
                                                                  {S::accepted, "accepted"},
                                                                  {S::awaiting_gp, "on-hold"},
                                                                  {S::answered, "in-progress"},
                                                                  {S::closed, "completed"},
                                                                  {S::cancelled, "cancelled"}}};
constexpr std::array<std::pair<S, std::string_view>, 7> kServiceRequest = {{{S::draft, "draft"},
                                                                            {S::submitted, "active"},
                                                                            {S::accepted, "active"},
                                                                            {S::awaiting_gp, "active"},
                                                                            {S::answered, "active"},
                                                                            {S::closed, "completed"},
                                                                            {S::cancelled, "revoked"}}};

template <class Table>
std::string_view code_of(const Table& t, S s) {
  for (const auto& [state, code] : t)
    if (state == s) return code;
  return "unknown";
}

template <class Table>
std::vector<S> states_of(const Table& t, std::string_view code) {
  std::vector<S> out;
  for (const auto& [state, c] : t)
    if (c == code) out.push_back(state);
  return out;
}

}  // namespace

std::string_view service_request_status(S s) { return code_of(kServiceRequest, s); }
std::string_view task_status(S s) { return code_of(kTask, s); }
std::vector<S> states_of_service_request_status(std::string_view code) { return states_of(kServiceRequest, code); }
std::vector<S> states_of_task_status(std::string_view code) { return states_of(kTask, code); }

std::optional<S> state_of_task_status(std::string_view code) {
  auto states = states_of(kTask, code);
  if (states.size() != 1) return std::nullopt;
  return states.front();
}

std::string_view priority(domain::Urgency u) { return u == domain::Urgency::soon ? "urgent" : "routine"; }

std::optional<std::string> urgency_of_priority(std::string_view code) {
  if (code == "routine") return "routine";
  if (code == "urgent" || code == "asap" || code == "stat") return "soon";
  return std::nullopt;
}

}  // namespace mk::fhir::consult
