#pragma once
// Search: the parsed request (validated against the resource's declared parameters) and the
// searchset Bundle builder.
//
//   GET /fhir/Patient?identifier=http://fhir.nl/fhir/NamingSystem/bsn|999911120&_count=10
//
// Parameters repeated are AND (one SearchCriterion each); comma-separated values are OR (the
// criterion's values, "\," escapes a comma). "name:modifier" keeps the modifier apart. General
// parameters handled here: _count (default 20, at most 100, 0 = total only), _cursor (the
// opaque paging cursor of a next link), _include (checked against search_includes), _format
// and _pretty (ignored). Anything else not declared is 400, naming the parameters — unless
// Prefer: handling=lenient, which ignores them and reports them in an OperationOutcome entry
// (search.mode = outcome).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "core/http_message.hpp"
#include "core/time.hpp"
#include "fhir/registry.hpp"
#include "fhir/support.hpp"

namespace mk::fhir {

inline constexpr int kDefaultCount = 20;
inline constexpr int kMaxCount = 100;

struct SearchCriterion {
  std::string name;      // "subject"
  std::string modifier;  // "identifier" for subject:identifier; empty without
  const SearchParamDef* def = nullptr;
  std::vector<std::string> values;  // OR; never empty, no value empty
};

struct SearchRequest {
  std::string type;
  std::vector<SearchCriterion> criteria;  // AND, in request order
  int count = kDefaultCount;
  std::optional<std::string> cursor;
  std::vector<std::string> includes;  // "_include" values, validated
  std::vector<std::string> ignored;   // unknown parameter names (handling=lenient)
  // The parameters as understood (no _cursor, no ignored ones): self and next links.
  std::vector<std::pair<std::string, std::string>> used;

  const SearchCriterion* first(std::string_view name) const;  // null when absent
  std::vector<const SearchCriterion*> all(std::string_view name) const;
  bool has(std::string_view name) const { return first(name) != nullptr; }
  // The one value of a parameter that may appear once with one value (400 otherwise).
  std::optional<std::string> single(std::string_view name) const;
};

// Throws 400 (issue code not-supported / invalid) naming the offending parameters.
SearchRequest parse_search(const ResourceDefinition& def, const HttpRequest& req);

// token "system|code" → {system, code}; "|code" → {"" (no system), code}; "code" → {nullopt, code}.
struct TokenValue {
  std::optional<std::string> system;
  std::string code;
};
TokenValue parse_token(std::string_view value);

// A date parameter value with its prefix: "ge2026-04-01", "lt2026-04-24T10:00:00Z", "2026".
// The value's precision gives a range [lo, hi); the prefix compares against it.
struct DateValue {
  std::string prefix = "eq";  // eq, gt, ge, lt or le
  Timestamp lo{}, hi{};
  bool matches(Timestamp t) const;
};
DateValue parse_date_value(std::string_view value);  // 400 on another prefix or a bad date

// All criteria of one date parameter (AND; each with a single value) narrowed to one range
// [from, to), for a store query. 400 when a criterion has several (OR) values.
struct TimeBounds {
  std::optional<Timestamp> from;  // inclusive
  std::optional<Timestamp> to;    // exclusive
  bool contains(Timestamp t) const { return (!from || t >= *from) && (!to || t < *to); }
};
TimeBounds time_bounds(const SearchRequest& search, std::string_view name);

// The searchset Bundle. fullUrl and links are absolute (base_url()).
class Searchset {
 public:
  Searchset(const HttpRequest& req, const SearchRequest& search);

  // A resource (with resourceType and id) as a match / an _include.
  void match(json::object resource);
  void include(json::object resource);
  void total(int64_t n) { total_ = n; }
  // More results: the next link carries this opaque cursor back as _cursor.
  void next(std::string cursor) { next_ = std::move(cursor); }

  size_t matches() const { return matches_; }
  json::object bundle() const;
  HttpResponse response() const { return json_response(200, bundle()); }

 private:
  std::string link(const std::optional<std::string>& cursor) const;
  std::string base_;
  const SearchRequest& search_;
  json::array entries_;
  size_t matches_ = 0;
  std::optional<int64_t> total_;
  std::optional<std::string> next_;
};

// ---- matching in memory (small lists: the directory) ----

// string: any value (OR) is a case-insensitive prefix of `text`; :exact equal; :contains within.
bool string_matches(const SearchCriterion& c, std::string_view text);
// token: any value (OR) matches one of the (system, code) pairs; "code" any system, "|code"
// no system, "system|" any code of that system.
bool token_matches(const SearchCriterion& c, const std::vector<std::pair<std::string, std::string>>& codings);
// reference: any value (OR) names `type`/`id` ("Type/id", bare id, absolute URL).
bool reference_matches(const SearchCriterion& c, std::string_view type, std::string_view id);
// Every criterion of `name` (AND) matches according to `one`.
template <class F>
bool all_match(const SearchRequest& search, std::string_view name, F&& one) {
  for (const auto* c : search.all(name))
    if (!one(*c)) return false;
  return true;
}

// Pages a complete, ordered list of matches into `set`: total, the page the cursor points at
// (an offset, opaque to clients), and the next link when more follow. 400 on a bad cursor.
void add_page(Searchset& set, std::vector<json::object> matches, const SearchRequest& search);

// "a b|c" → "a%20b%7Cc": for building links.
std::string url_encode(std::string_view text);

}  // namespace mk::fhir
