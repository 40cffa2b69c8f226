#pragma once
// The searches of ServiceRequest and Task: both are views of the consults (same ids), so they
// share app::Consults::search and the parameters that mean the same for both.
#include <functional>

#include <boost/json.hpp>

#include "app/consults.hpp"
#include "fhir/search.hpp"

namespace mk::fhir::consult {

// _id, _lastUpdated, _count and _cursor of `search` into `in`.
void common_criteria(const SearchRequest& search, app::ConsultSearch& in);

// "Patient/abc" or "abc" of a reference parameter, as `type`'s id; 400 for another type.
std::string reference_id(const SearchCriterion& c, std::string_view type);
// The ids of a reference parameter that may name `type`s (OR), each `type` only.
std::vector<std::string> reference_ids(const SearchCriterion& c, std::string_view type);

// Runs the search and renders each consult with `render` as a match; `also` adds includes.
using Render = std::function<boost::json::object(const app::ConsultView&)>;
HttpResponse consult_searchset(app::Consults& consults, const HttpRequest& req, const app::RequestContext& ctx,
                               const SearchRequest& search, app::ConsultSearch in, const Render& render,
                               const Render& also = {});

// Each of these consults the caller may see (read, audited); the others are skipped: a
// search answers what it finds, never 404.
void for_each_visible(app::Consults& consults, const app::RequestContext& ctx, const std::vector<ConsultId>& ids,
                      const std::function<void(const app::ConsultView&)>& fn);

// Conditional create (If-None-Exist, or a transaction entry's request.ifNoneExist):
// identifier=system|value. One visible match: that consult; none: nullopt; several: 412.
using Condition = std::optional<std::vector<std::pair<std::string, std::string>>>;
std::optional<app::ConsultView> existing_consult(app::Consults& consults, const app::RequestContext& ctx,
                                                 const Condition& condition);

}  // namespace mk::fhir::consult
