#pragma once
// The consult's states in FHIR terms (docs/fhir.md, "The consult"): ServiceRequest.status,
// Task.status and Task.businessStatus, and the code systems of our codes.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/enums.hpp"

namespace mk::fhir::consult {

inline constexpr std::string_view kStatusSystem = "https://meekijk.nl/fhir/CodeSystem/consult-status";
inline constexpr std::string_view kOutputSystem = "https://meekijk.nl/fhir/CodeSystem/task-output";
inline constexpr std::string_view kMessageKindSystem = "https://meekijk.nl/fhir/CodeSystem/message-kind";
inline constexpr std::string_view kSha256System = "https://meekijk.nl/fhir/NamingSystem/sha256";

using domain::ConsultStatus;

std::string_view service_request_status(ConsultStatus s);
std::string_view task_status(ConsultStatus s);
// The consult states a search value stands for (empty: not a code of that element).
std::vector<ConsultStatus> states_of_service_request_status(std::string_view code);
std::vector<ConsultStatus> states_of_task_status(std::string_view code);
// The one state a Task.status names on update (nullopt: none, e.g. "ready").
std::optional<ConsultStatus> state_of_task_status(std::string_view code);

std::string_view priority(domain::Urgency u);  // routine | urgent
std::optional<std::string> urgency_of_priority(std::string_view code);

}  // namespace mk::fhir::consult
