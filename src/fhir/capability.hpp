#pragma once
// GET /fhir/metadata: the CapabilityStatement, generated from the registry that also builds the
// route table, so that it lists exactly the interactions and search parameters served.
#include <boost/json.hpp>

#include "core/http_message.hpp"
#include "core/time.hpp"
#include "fhir/registry.hpp"

namespace mk::fhir {

boost::json::object capability_statement(const Registry& registry, Timestamp now, const HttpRequest& req);

}  // namespace mk::fhir
