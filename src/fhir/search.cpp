#include "fhir/search.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "fhir/outcome.hpp"

namespace mk::fhir {
namespace {

// "a,b\,c" → {"a", "b,c"}
std::vector<std::string> split_or(std::string_view value) {
  std::vector<std::string> out(1);
  for (size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\\' && i + 1 < value.size() && value[i + 1] == ',') {
      out.back().push_back(',');
      ++i;
    } else if (value[i] == ',') {
      out.emplace_back();
    } else {
      out.back().push_back(value[i]);
    }
  }
  return out;
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// A date or dateTime value's range [lo, hi) by its precision.
std::optional<std::pair<Timestamp, Timestamp>> date_range(std::string_view text) {
  using namespace std::chrono;
  auto number = [](std::string_view s, int& out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc{} && p == s.data() + s.size();
  };
  int y = 0, m = 1;
  if (text.size() == 4 && number(text, y)) {
    year_month_day from{year(y), January, day(1)};
    return std::pair{Timestamp(sys_days(from)), Timestamp(sys_days(year_month_day{year(y + 1), January, day(1)}))};
  }
  if (text.size() == 7 && text[4] == '-' && number(text.substr(0, 4), y) && number(text.substr(5, 2), m) && m >= 1 &&
      m <= 12) {
    year_month from{year(y), month(unsigned(m))};
    auto next = from + months(1);
    return std::pair{Timestamp(sys_days(from / day(1))), Timestamp(sys_days(next / day(1)))};
  }
  if (text.size() == 10) {
    auto d = parse_date(text);
    if (!d) return std::nullopt;
    return std::pair{start_of_utc_day(*d), start_of_utc_day(*d) + days(1)};
  }
  // A dateTime: to the second (or millisecond) given; without a zone it is UTC.
  std::string full(text);
  if (full.size() == 16) full += ":00";  // "2026-04-24T10:00"
  bool zoned = full.find('Z') != std::string::npos || full.find('+', 10) != std::string::npos ||
               full.find('-', 10) != std::string::npos;
  if (!zoned) full += "Z";
  auto t = parse_timestamp(full);
  if (!t) return std::nullopt;
  bool has_ms = full.find('.') != std::string::npos;
  return std::pair{*t, *t + (has_ms ? milliseconds(1) : milliseconds(1000))};
}

}  // namespace

const SearchCriterion* SearchRequest::first(std::string_view name) const {
  for (const auto& c : criteria)
    if (c.name == name) return &c;
  return nullptr;
}

std::vector<const SearchCriterion*> SearchRequest::all(std::string_view name) const {
  std::vector<const SearchCriterion*> out;
  for (const auto& c : criteria)
    if (c.name == name) out.push_back(&c);
  return out;
}

std::optional<std::string> SearchRequest::single(std::string_view name) const {
  auto found = all(name);
  if (found.empty()) return std::nullopt;
  if (found.size() > 1 || found.front()->values.size() > 1)
    fail(Errc::bad_request, "not-supported", "Unsupported search", std::string(name) + " takes one value here",
         {{std::string(name), "one value only"}});
  return found.front()->values.front();
}

SearchRequest parse_search(const ResourceDefinition& def, const HttpRequest& req) {
  SearchRequest out;
  out.type = def.type;
  bool lenient = prefer(req).lenient;
  std::vector<std::string> unknown;
  std::vector<FieldError> invalid;

  for (const auto& [key, value] : req.query) {
    auto colon = key.find(':');
    std::string name = key.substr(0, colon);
    std::string modifier = colon == std::string::npos ? std::string{} : key.substr(colon + 1);

    if (name == "_count") {
      int n = -1;
      auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc{} || p != value.data() + value.size() || n < 0 || !modifier.empty()) {
        invalid.push_back({"_count", "must be a whole number from 0"});
        continue;
      }
      out.count = std::min(n, kMaxCount);
      out.used.emplace_back("_count", std::to_string(out.count));
      continue;
    }
    if (name == "_cursor") {
      if (value.empty()) invalid.push_back({"_cursor", "must not be empty"});
      else out.cursor = value;
      continue;
    }
    if (name == "_format" || name == "_pretty") continue;
    if (name == "_include") {
      bool known = std::find(def.search_includes.begin(), def.search_includes.end(), value) != def.search_includes.end();
      if (known && modifier.empty()) {
        out.includes.push_back(value);
        out.used.emplace_back(key, value);
      } else {
        unknown.push_back(key + "=" + value);
      }
      continue;
    }

    auto it = std::find_if(def.search_params.begin(), def.search_params.end(),
                           [&](const SearchParamDef& p) { return p.name == name; });
    if (it == def.search_params.end() ||
        (!modifier.empty() && std::find(it->modifiers.begin(), it->modifiers.end(), modifier) == it->modifiers.end())) {
      unknown.push_back(key);
      continue;
    }
    SearchCriterion c{name, modifier, &*it, split_or(value)};
    if (std::any_of(c.values.begin(), c.values.end(), [](const std::string& v) { return v.empty(); })) {
      invalid.push_back({key, "needs a value"});
      continue;
    }
    if (it->type == ParamType::date) {
      for (const auto& v : c.values) {
        try {
          parse_date_value(v);
        } catch (const Error&) {
          invalid.push_back({key, "'" + v + "' is not a date with an optional prefix ge, gt, le, lt or eq"});
        }
      }
    }
    out.used.emplace_back(key, value);
    out.criteria.push_back(std::move(c));
  }

  if (!invalid.empty()) {
    std::string detail = invalid.front().field + ": " + invalid.front().message;
    fail(Errc::bad_request, "invalid", "Invalid search parameter", detail, std::move(invalid));
  }
  if (!unknown.empty()) {
    if (!lenient) {
      std::vector<FieldError> errors;
      for (const auto& u : unknown) errors.push_back({u, "unknown search parameter for " + def.type});
      fail(Errc::bad_request, "not-supported", "Unknown search parameter",
           "Unknown search parameters for " + def.type + ": " + join(unknown) +
               " (send Prefer: handling=lenient to have them ignored)",
           std::move(errors));
    }
    out.ignored = std::move(unknown);
  }
  return out;
}

TokenValue parse_token(std::string_view value) {
  auto bar = value.find('|');
  if (bar == std::string_view::npos) return {std::nullopt, std::string(value)};
  return {std::string(value.substr(0, bar)), std::string(value.substr(bar + 1))};
}

bool DateValue::matches(Timestamp t) const {
  if (prefix == "eq") return t >= lo && t < hi;
  if (prefix == "gt") return t >= hi;
  if (prefix == "ge") return t >= lo;
  if (prefix == "lt") return t < lo;
  if (prefix == "le") return t < hi;
  return false;
}

DateValue parse_date_value(std::string_view value) {
  DateValue out;
  if (value.size() >= 2 && std::isalpha(static_cast<unsigned char>(value[0])) &&
      std::isalpha(static_cast<unsigned char>(value[1]))) {
    out.prefix = std::string(value.substr(0, 2));
    value.remove_prefix(2);
    if (out.prefix != "eq" && out.prefix != "gt" && out.prefix != "ge" && out.prefix != "lt" && out.prefix != "le")
      fail(Errc::bad_request, "not-supported", "Unsupported date prefix",
           "Date prefixes are eq, gt, ge, lt and le; not " + out.prefix);
  }
  auto range = date_range(value);
  if (!range) fail(Errc::bad_request, "invalid", "Bad date", "'" + std::string(value) + "' is not a FHIR date or dateTime");
  out.lo = range->first;
  out.hi = range->second;
  return out;
}

TimeBounds time_bounds(const SearchRequest& search, std::string_view name) {
  TimeBounds out;
  auto narrow_from = [&](Timestamp t) { out.from = out.from ? std::max(*out.from, t) : t; };
  auto narrow_to = [&](Timestamp t) { out.to = out.to ? std::min(*out.to, t) : t; };
  for (const auto* c : search.all(name)) {
    if (c->values.size() > 1)
      fail(Errc::bad_request, "not-supported", "Unsupported search",
           std::string(name) + " takes one value per parameter (repeat the parameter for a range)",
           {{std::string(name), "one value per parameter"}});
    auto d = parse_date_value(c->values.front());
    if (d.prefix == "eq") narrow_from(d.lo), narrow_to(d.hi);
    else if (d.prefix == "gt") narrow_from(d.hi);
    else if (d.prefix == "ge") narrow_from(d.lo);
    else if (d.prefix == "lt") narrow_to(d.lo);
    else if (d.prefix == "le") narrow_to(d.hi);
  }
  return out;
}

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

bool string_matches(const SearchCriterion& c, std::string_view text) {
  for (const auto& v : c.values) {
    if (c.modifier == "exact" ? text == v
        : c.modifier == "contains" ? lower(text).find(lower(v)) != std::string::npos
                                   : lower(text).starts_with(lower(v)))
      return true;
  }
  return false;
}

bool token_matches(const SearchCriterion& c, const std::vector<std::pair<std::string, std::string>>& codings) {
  for (const auto& v : c.values) {
    auto t = parse_token(v);
    for (const auto& [system, code] : codings) {
      bool system_ok = !t.system || *t.system == system;
      bool code_ok = t.code.empty() ? t.system.has_value() : t.code == code;
      if (system_ok && code_ok) return true;
    }
  }
  return false;
}

bool reference_matches(const SearchCriterion& c, std::string_view type, std::string_view id) {
  for (const auto& v : c.values) {
    auto r = parse_reference(v, type);
    if (r && r->id == id) return true;
  }
  return false;
}

void add_page(Searchset& set, std::vector<json::object> matches, const SearchRequest& search) {
  size_t offset = 0;
  if (search.cursor) {
    const auto& c = *search.cursor;
    auto [p, ec] = std::from_chars(c.data() + std::min<size_t>(1, c.size()), c.data() + c.size(), offset);
    if (c.size() < 2 || c.front() != 'o' || ec != std::errc{} || p != c.data() + c.size())
      fail(Errc::bad_request, "invalid", "Bad cursor", "_cursor is not one of this server's paging cursors",
           {{"_cursor", "unknown cursor"}});
  }
  set.total(static_cast<int64_t>(matches.size()));
  size_t end = std::min(matches.size(), offset + static_cast<size_t>(search.count));
  for (size_t i = offset; i < end; ++i) set.match(std::move(matches[i]));
  if (end < matches.size() && search.count > 0) set.next("o" + std::to_string(end));
}

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == ':' || c == '/') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

Searchset::Searchset(const HttpRequest& req, const SearchRequest& search) : base_(base_url(req)), search_(search) {
  if (!search.ignored.empty()) {
    entries_.push_back(json::object{
        {"resource", information_outcome("warning", "not-supported",
                                         "Unknown search parameters ignored: " + join(search.ignored))},
        {"search", json::object{{"mode", "outcome"}}}});
  }
}

void Searchset::match(json::object resource) {
  std::string url = base_ + "/" + std::string(resource["resourceType"].as_string()) + "/" +
                    std::string(resource["id"].as_string());
  entries_.push_back(json::object{{"fullUrl", url}, {"resource", std::move(resource)},
                                  {"search", json::object{{"mode", "match"}}}});
  ++matches_;
}

void Searchset::include(json::object resource) {
  std::string url = base_ + "/" + std::string(resource["resourceType"].as_string()) + "/" +
                    std::string(resource["id"].as_string());
  for (const auto& e : entries_)
    if (auto* f = e.as_object().if_contains("fullUrl"); f && f->is_string() && f->get_string() == url) return;  // once
  entries_.push_back(json::object{{"fullUrl", url}, {"resource", std::move(resource)},
                                  {"search", json::object{{"mode", "include"}}}});
}

std::string Searchset::link(const std::optional<std::string>& cursor) const {
  std::string query;
  for (const auto& [k, v] : search_.used) query += (query.empty() ? "" : "&") + url_encode(k) + "=" + url_encode(v);
  if (cursor) query += (query.empty() ? "" : "&") + std::string("_cursor=") + url_encode(*cursor);
  return base_ + "/" + search_.type + (query.empty() ? "" : "?" + query);
}

json::object Searchset::bundle() const {
  json::array links{json::object{{"relation", "self"}, {"url", link(search_.cursor)}}};
  if (next_) links.push_back(json::object{{"relation", "next"}, {"url", link(next_)}});
  json::object out{{"resourceType", "Bundle"}, {"type", "searchset"}};
  if (total_) out["total"] = *total_;
  out["link"] = std::move(links);
  out["entry"] = entries_;
  return out;
}

}  // namespace mk::fhir
