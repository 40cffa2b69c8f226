#include "fhir/consult_search.hpp"

namespace mk::fhir::consult {

std::vector<std::string> reference_ids(const SearchCriterion& c, std::string_view type) {
  std::vector<std::string> out;
  for (const auto& value : c.values) {
    auto ref = parse_reference(value, type);
    if (!ref || ref->type != type)
      fail(Errc::bad_request, "invalid", "Invalid search parameter",
           c.name + ": '" + value + "' is not a reference to a " + std::string(type));
    out.push_back(ref->id);
  }
  return out;
}

std::string reference_id(const SearchCriterion& c, std::string_view type) {
  auto ids = reference_ids(c, type);
  if (ids.size() != 1)
    fail(Errc::bad_request, "invalid", "Invalid search parameter", c.name + " takes one value here");
  return ids.front();
}

void common_criteria(const SearchRequest& search, app::ConsultSearch& in) {
  if (auto ids = search.first("_id"))
    for (const auto& v : ids->values) in.ids.push_back(ConsultId(v));
  auto updated = time_bounds(search, "_lastUpdated");
  in.updated_from = updated.from;
  in.updated_to = updated.to;
  in.limit = search.count;
  in.cursor = search.cursor.value_or("");
}

HttpResponse consult_searchset(app::Consults& consults, const HttpRequest& req, const app::RequestContext& ctx,
                               const SearchRequest& search, app::ConsultSearch in, const Render& render,
                               const Render& also) {
  Searchset set(req, search);
  if (search.count == 0) return set.response();  // _count=0: no entries (a total is not cheap here)
  auto page = consults.search(ctx, in);
  for (const auto& v : page.items) set.match(render(v));
  if (also)
    for (const auto& v : page.items) set.include(also(v));
  if (!page.next_cursor.empty()) set.next(page.next_cursor);
  return set.response();
}

void for_each_visible(app::Consults& consults, const app::RequestContext& ctx, const std::vector<ConsultId>& ids,
                      const std::function<void(const app::ConsultView&)>& fn) {
  for (const auto& id : ids) {
    std::optional<app::ConsultView> v;
    try {
      v = consults.get(ctx, id);
    } catch (const Error& e) {
      if (e.code() != Errc::not_found) throw;
    }
    if (v) fn(*v);
  }
}

std::optional<app::ConsultView> existing_consult(app::Consults& consults, const app::RequestContext& ctx,
                                                 const Condition& condition) {
  if (!condition) return std::nullopt;
  app::ConsultSearch in;
  in.limit = 2;
  for (const auto& [name, value] : *condition) {
    if (name != "identifier")
      fail(Errc::bad_request, "not-supported", "Unsupported If-None-Exist", "only identifier=system|value is supported");
    auto t = parse_token(value);
    if (!t.system || t.system->empty() || t.code.empty())
      fail(Errc::bad_request, "invalid", "Invalid If-None-Exist", "identifier needs system|value");
    if (*t.system == kConsultReferenceSystem) in.reference = t.code;
    else in.identifier = domain::ExternalIdentifier{*t.system, t.code};
  }
  auto page = consults.search(ctx, in);
  if (page.items.size() > 1)
    fail(Errc::precondition_failed, "duplicate", "Several matches", "If-None-Exist matches more than one consult");
  if (page.items.empty()) return std::nullopt;
  return std::move(page.items.front());
}

}  // namespace mk::fhir::consult
