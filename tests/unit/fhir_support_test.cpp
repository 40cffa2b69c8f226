// The FHIR framework's pure pieces (src/fhir): search parsing and matching, date prefixes,
// references, the FHIR request headers, OperationOutcome, pruning of empty elements.
#include <gtest/gtest.h>

#include "fhir/outcome.hpp"
#include "fhir/search.hpp"
#include "fhir/support.hpp"

namespace mk::fhir {
namespace {

HttpRequest request(std::vector<std::pair<std::string, std::string>> query,
                    std::vector<std::pair<std::string, std::string>> headers = {}) {
  HttpRequest req;
  req.method = "GET";
  req.path = "/fhir/Thing";
  req.query = std::move(query);
  req.headers = std::move(headers);
  req.headers.emplace_back("host", "example.org:8080");
  req.request_id = "req-1";
  return req;
}

ResourceDefinition thing() {
  ResourceDefinition def;
  def.type = "Thing";
  def.search_params = {id_param(), last_updated_param(),
                       {"subject", ParamType::reference, "", {"identifier"}},
                       {"name", ParamType::string, "", {"exact", "contains"}}};
  def.search_includes = {"Thing:subject"};
  return def;
}

Timestamp at(const char* text) { return *parse_timestamp(text); }

TEST(FhirSearch, RepeatsAreAndCommasAreOr) {
  auto def = thing();
  auto s = parse_search(def, request({{"_id", "a,b\\,c"}, {"_id", "d"}, {"subject:identifier", "sys|1"},
                                      {"_count", "500"}, {"_include", "Thing:subject"}, {"_format", "json"}}));
  ASSERT_EQ(s.all("_id").size(), 2u);
  EXPECT_EQ(s.all("_id")[0]->values, (std::vector<std::string>{"a", "b,c"}));
  EXPECT_EQ(s.first("subject")->modifier, "identifier");
  EXPECT_EQ(s.count, kMaxCount);
  EXPECT_EQ(s.includes, std::vector<std::string>{"Thing:subject"});
  EXPECT_THROW(s.single("_id"), Error);
}

TEST(FhirSearch, UnknownParametersAre400UnlessLenient) {
  auto def = thing();
  try {
    parse_search(def, request({{"colour", "red"}, {"name:phonetic", "x"}}));
    FAIL() << "no error";
  } catch (const FhirError& e) {
    EXPECT_EQ(e.code(), Errc::bad_request);
    EXPECT_EQ(e.issue_type(), "not-supported");
    ASSERT_EQ(e.errors().size(), 2u);
    EXPECT_EQ(e.errors()[0].field, "colour");
    EXPECT_EQ(e.errors()[1].field, "name:phonetic");
  }
  auto s = parse_search(def, request({{"colour", "red"}, {"name", "x"}}, {{"prefer", "handling=lenient"}}));
  EXPECT_EQ(s.ignored, std::vector<std::string>{"colour"});
  EXPECT_EQ(s.used, (std::vector<std::pair<std::string, std::string>>{{"name", "x"}}));
  EXPECT_THROW(parse_search(def, request({{"_lastUpdated", "sa2026"}})), Error);
  EXPECT_THROW(parse_search(def, request({{"_lastUpdated", "2026-13"}})), Error);
  EXPECT_THROW(parse_search(def, request({{"name", ""}})), Error);
  EXPECT_THROW(parse_search(def, request({{"_include", "Other:x"}})), Error);
}

TEST(FhirSearch, DatePrefixesAndPrecision) {
  auto day = parse_date_value("2026-04-24");
  EXPECT_TRUE(day.matches(at("2026-04-24T23:59:59.999Z")));
  EXPECT_FALSE(day.matches(at("2026-04-25T00:00:00Z")));
  EXPECT_TRUE(parse_date_value("gt2026-04-24").matches(at("2026-04-25T00:00:00Z")));
  EXPECT_FALSE(parse_date_value("gt2026-04-24").matches(at("2026-04-24T12:00:00Z")));
  EXPECT_TRUE(parse_date_value("le2026-04").matches(at("2026-04-30T12:00:00Z")));
  EXPECT_TRUE(parse_date_value("lt2026").matches(at("2025-12-31T23:00:00Z")));
  EXPECT_TRUE(parse_date_value("ge2026-04-24T10:00:00+02:00").matches(at("2026-04-24T08:00:00Z")));
  EXPECT_FALSE(parse_date_value("ge2026-04-24T10:00:00+02:00").matches(at("2026-04-24T07:59:59Z")));

  auto def = thing();
  auto s = parse_search(def, request({{"_lastUpdated", "ge2026-04-01"}, {"_lastUpdated", "lt2026-05-01"}}));
  auto b = time_bounds(s, "_lastUpdated");
  EXPECT_EQ(*b.from, at("2026-04-01T00:00:00Z"));
  EXPECT_EQ(*b.to, at("2026-05-01T00:00:00Z"));
  EXPECT_TRUE(b.contains(at("2026-04-30T00:00:00Z")));
}

TEST(FhirSearch, TokensReferencesStrings) {
  auto def = thing();
  auto s = parse_search(def, request({{"_id", "sys|a,|b,c"}, {"subject", "Thing/1,http://x/fhir/Thing/2,3"},
                                      {"name", "jan"}}));
  auto id = *s.first("_id");
  EXPECT_TRUE(token_matches(id, {{"sys", "a"}}));
  EXPECT_FALSE(token_matches(id, {{"other", "a"}}));
  EXPECT_TRUE(token_matches(id, {{"", "b"}}));
  EXPECT_TRUE(token_matches(id, {{"any", "c"}}));
  auto subject = *s.first("subject");
  for (auto x : {"1", "2", "3"}) EXPECT_TRUE(reference_matches(subject, "Thing", x)) << x;
  EXPECT_FALSE(reference_matches(subject, "Other", "1"));
  EXPECT_TRUE(string_matches(*s.first("name"), "Jansen"));
  EXPECT_FALSE(string_matches(*s.first("name"), "de Jong"));

  EXPECT_EQ(parse_reference("Patient/abc")->str(), "Patient/abc");
  EXPECT_EQ(parse_reference("Patient/abc/_history/3")->id, "abc");
  EXPECT_EQ(parse_reference("abc", "Patient")->type, "Patient");
  EXPECT_FALSE(parse_reference("abc"));
  EXPECT_FALSE(parse_reference("Patient/a_b"));
  EXPECT_FALSE(parse_reference("Practitioner/1", "Patient"));
}

TEST(FhirSearch, SearchsetPagesWithAbsoluteLinks) {
  auto def = thing();
  auto req = request({{"name", "a b"}, {"_count", "2"}});
  auto s = parse_search(def, req);
  Searchset set(req, s);
  std::vector<json::object> all;
  for (auto id : {"1", "2", "3"}) all.push_back(json::object{{"resourceType", "Thing"}, {"id", id}});
  add_page(set, all, s);
  auto b = set.bundle();
  EXPECT_EQ(b["type"], "searchset");
  EXPECT_EQ(b["total"], 3);
  EXPECT_EQ(b["entry"].as_array().size(), 2u);
  EXPECT_EQ(b["entry"].as_array()[0].at("fullUrl"), "http://example.org:8080/fhir/Thing/1");
  EXPECT_EQ(b["link"].as_array()[0].at("url"), "http://example.org:8080/fhir/Thing?name=a%20b&_count=2");
  EXPECT_EQ(b["link"].as_array()[1].at("url"), "http://example.org:8080/fhir/Thing?name=a%20b&_count=2&_cursor=o2");
}

TEST(FhirHeaders, PreferIfMatchIfNoneExistAccept) {
  auto p = prefer(request({}, {{"prefer", "return=minimal, handling=lenient"}}));
  EXPECT_EQ(p.ret, Prefer::Return::minimal);
  EXPECT_TRUE(p.lenient);
  EXPECT_EQ(prefer(request({}, {{"prefer", "return=OperationOutcome"}})).ret, Prefer::Return::outcome);
  EXPECT_EQ(*if_match(request({}, {{"if-match", "W/\"3\""}})), "3");
  EXPECT_EQ(*if_match(request({}, {{"if-match", "\"4\""}})), "4");
  EXPECT_FALSE(if_match(request({})));
  EXPECT_THROW(if_match(request({}, {{"if-match", "W/\"\""}})), Error);
  EXPECT_THROW(check_if_match(request({}, {{"if-match", "W/\"3\""}}), "4"), Error);
  auto none = if_none_exist(request({}, {{"if-none-exist", "identifier=http://x|1%7C2"}}));
  ASSERT_TRUE(none);
  EXPECT_EQ((*none)[0], (std::pair<std::string, std::string>{"identifier", "http://x|1|2"}));
  EXPECT_THROW(if_none_exist(request({}, {{"if-none-exist", ""}})), Error);
  EXPECT_FALSE(if_none_exist(request({})));
  auto typed = if_none_exist(request({}, {{"if-none-exist", "Patient?&identifier=a|1&&name=b"}}));
  ASSERT_TRUE(typed);
  ASSERT_EQ(typed->size(), 2u);
  EXPECT_EQ((*typed)[1], (std::pair<std::string, std::string>{"name", "b"}));
  for (const char* bad : {"identifier", "=a|1", "identifier=", "identifier=%zz", "&&"})
    EXPECT_THROW(if_none_exist(request({}, {{"if-none-exist", bad}})), Error) << bad;
  EXPECT_TRUE(fhir_json_accepted(request({})));
  EXPECT_TRUE(fhir_json_accepted(request({}, {{"accept", "application/fhir+json;q=0.9"}})));
  EXPECT_FALSE(fhir_json_accepted(request({}, {{"accept", "application/fhir+xml"}})));
  EXPECT_FALSE(fhir_json_accepted(request({{"_format", "xml"}})));
  EXPECT_TRUE(fhir_json_accepted(request({{"_format", "application/fhir+json"}}, {{"accept", "text/xml"}})));
  EXPECT_EQ(base_url(request({}, {{"x-forwarded-proto", "https"}})), "https://example.org:8080/fhir");
  auto evil = request({});
  evil.headers = {{"host", "evil.org/x?y"}};
  EXPECT_EQ(base_url(evil), "http://localhost/fhir");
}

TEST(FhirOutcome, FromErrorWithExpressionsAndRequestId) {
  Error e(Errc::validation, "Invalid", "birthDate: bad", {{"birthDate", "bad"}, {"Patient.name", "missing"}});
  auto o = operation_outcome(e, "req-9", "Patient");
  ASSERT_EQ(o["issue"].as_array().size(), 2u);
  EXPECT_EQ(o["issue"].as_array()[0].at("code"), "invalid");
  EXPECT_EQ(o["issue"].as_array()[0].at("expression").as_array()[0], "Patient.birthDate");
  EXPECT_EQ(o["issue"].as_array()[1].at("expression").as_array()[0], "Patient.name");
  EXPECT_EQ(o["extension"].as_array()[0].at("valueString"), "req-9");
  EXPECT_EQ(issue_type(Error(Errc::precondition_failed, "x")), "conflict");
  EXPECT_EQ(issue_type(FhirError(Errc::bad_request, "structure", "x")), "structure");
  auto res = outcome_response(Error(Errc::not_found, "Not found"), request({}));
  EXPECT_EQ(res.status, 404);
  EXPECT_EQ(res.content_type, "application/fhir+json; charset=utf-8");
}

TEST(FhirSupport, PruneAndDates) {
  json::value v = json::parse(R"({"a":"","b":[],"c":{"d":[{}],"e":null},"f":0,"g":false,"h":["x",""]})");
  prune(v);
  EXPECT_EQ(json::serialize(v), R"({"f":0,"g":false,"h":["x"]})");
  EXPECT_EQ(http_date(at("1994-11-06T08:49:37Z")), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(instant(at("2026-04-24T08:00:00Z")), "2026-04-24T08:00:00.000Z");
  auto r = resource_response(200, json::object{{"resourceType", "Thing"}, {"id", "1"},
                                               {"meta", meta("7", at("2026-04-24T08:00:00Z"))}});
  bool etag = false, modified = false;
  for (const auto& [k, v2] : r.headers) {
    etag = etag || (k == "ETag" && v2 == "W/\"7\"");
    modified = modified || (k == "Last-Modified" && v2 == "Fri, 24 Apr 2026 08:00:00 GMT");
  }
  EXPECT_TRUE(etag);
  EXPECT_TRUE(modified);
}

}  // namespace
}  // namespace mk::fhir
