// The FHIR framework at /fhir (docs/fhir.md), through the real server on both backends:
// the CapabilityStatement generated from the registry matches what is routed, every error is
// an OperationOutcome, search parameters are validated, paging follows opaque next links.
#include <set>

#include "api/harness.hpp"

namespace mk::apitest {
namespace {

using FhirCore = ApiTest;

json::object body_of(const Response& r) { return r.object(); }

// The first issue of an OperationOutcome response, after checking its shape.
json::object issue_of(const Response& r) {
  EXPECT_EQ(r.header("content-type").value_or(""), "application/fhir+json; charset=utf-8") << r.describe();
  auto o = r.object();
  EXPECT_EQ(str(o["resourceType"]), "OperationOutcome") << r.describe();
  if (!o.contains("issue") || !o["issue"].is_array() || o["issue"].as_array().empty()) {
    ADD_FAILURE() << "no issue: " << r.describe();
    return {};
  }
  auto issue = o["issue"].as_array()[0].as_object();
  EXPECT_EQ(str(issue["severity"]), "error");
  // The request id travels in an extension, the same as the X-Request-Id header.
  bool found = false;
  for (const auto& e : o["extension"].as_array())
    found = found || str(e.as_object().at("valueString")) == r.header("x-request-id").value_or("?");
  EXPECT_TRUE(found) << r.describe();
  return issue;
}

std::vector<std::string> ids_of(const json::object& bundle) {
  std::vector<std::string> out;
  if (!bundle.contains("entry")) return out;
  for (const auto& e : bundle.at("entry").as_array()) {
    const auto& entry = e.as_object();
    if (str(entry.at("search").at("mode")) != "match") continue;
    out.push_back(str(entry.at("resource").at("id")));
  }
  return out;
}

std::set<std::string> id_set(const json::object& bundle) {
  auto ids = ids_of(bundle);
  return {ids.begin(), ids.end()};
}

std::optional<std::string> next_link(const json::object& bundle) {
  for (const auto& l : bundle.at("link").as_array())
    if (str(l.at("relation")) == "next") return str(l.at("url"));
  return std::nullopt;
}

// "http://127.0.0.1:1234/fhir/Organization?..." → "/fhir/Organization?..."
std::string path_of(const std::string& url) {
  auto at = url.find("/fhir/");
  return at == std::string::npos ? url : url.substr(at);
}

TEST_F(FhirCore, MetadataNeedsNoLoginAndListsExactlyTheRoutedInteractions) {
  auto r = anonymous().get("/fhir/metadata");
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_EQ(r.header("content-type").value_or(""), "application/fhir+json; charset=utf-8");
  auto cs = body_of(r);
  EXPECT_EQ(str(cs["resourceType"]), "CapabilityStatement");
  EXPECT_EQ(str(cs["status"]), "active");
  EXPECT_EQ(str(cs["kind"]), "instance");
  EXPECT_EQ(str(cs["fhirVersion"]), "4.0.1");
  EXPECT_FALSE(str(cs["date"]).empty());
  EXPECT_EQ(json::serialize(cs["format"]), R"(["json"])");
  auto rest = cs["rest"].as_array().at(0).as_object();
  EXPECT_EQ(str(rest["mode"]), "server");

  auto gp = as("gp_a");
  std::set<std::string> types;
  for (const auto& rv : rest["resource"].as_array()) {
    const auto& res = rv.as_object();
    std::string type = str(res.at("type"));
    types.insert(type);
    std::set<std::string> interactions;
    for (const auto& i : res.at("interaction").as_array()) interactions.insert(str(i.at("code")));
    SCOPED_TRACE(type);
    // Routed or not, as the statement says: an unrouted interaction is 405 (the path exists
    // under another method) or 404; a routed one is anything but that.
    auto search = gp.get("/fhir/" + type + "?_count=1");
    EXPECT_EQ(interactions.count("search-type") == 1, search.status != 404 && search.status != 405)
        << search.describe();
    auto read = gp.get("/fhir/" + type + "/does-not-exist");
    EXPECT_EQ(read.status, interactions.count("read") ? 404 : 405) << read.describe();
    auto create = gp.request("POST", "/fhir/" + type, R"({"resourceType":")" + type + R"("})",
                             {{"Content-Type", "application/fhir+json"}});
    if (interactions.count("create"))
      EXPECT_TRUE(create.status != 405 && create.status != 404) << create.describe();
    else  // 405 when /fhir/{type} answers another method (search), 404 when it answers none
      EXPECT_TRUE(create.status == 405 || create.status == 404) << create.describe();
    auto update = gp.request("PUT", "/fhir/" + type + "/x", R"({"resourceType":")" + type + R"(","id":"x"})",
                             {{"Content-Type", "application/fhir+json"}});
    EXPECT_EQ(interactions.count("update") == 1, update.status != 405) << update.describe();
    // Declared search parameters are accepted (syntax aside), and nothing else is.
    if (interactions.count("search-type")) {
      for (const auto& p : res.at("searchParam").as_array()) {
        std::string name = str(p.at("name"));
        std::string type_code = str(p.at("type"));
        std::string value = type_code == "date" ? "ge2026-01-01" : type_code == "reference" ? "Patient/x" : "x";
        auto s = gp.get("/fhir/" + type + "?" + name + "=" + value);
        EXPECT_NE(s.status, 400) << name << " " << s.describe();
      }
    }
  }
  EXPECT_TRUE(types.count("Organization"));
}

TEST_F(FhirCore, ErrorsAreOperationOutcomes) {
  // 401 without credentials; the API keeps problem+json.
  auto unauth = anonymous().get("/fhir/Organization");
  ASSERT_EQ(unauth.status, 401);
  EXPECT_EQ(str(issue_of(unauth)["code"]), "security");
  EXPECT_TRUE(unauth.has_header("www-authenticate"));
  EXPECT_EQ(anonymous().get("/api/v1/consults").header("content-type").value_or(""), "application/problem+json");

  auto gp = as("gp_a");
  // Unknown path and unknown resource type: 404.
  auto unknown = gp.get("/fhir/Nonsense/1");
  ASSERT_EQ(unknown.status, 404);
  EXPECT_EQ(str(issue_of(unknown)["code"]), "not-found");
  auto missing = gp.get("/fhir/Organization/nope");
  ASSERT_EQ(missing.status, 404);
  EXPECT_EQ(str(issue_of(missing)["code"]), "not-found");
  auto bad_id = gp.get("/fhir/Organization/not_a_fhir_id");
  ASSERT_EQ(bad_id.status, 404);
  issue_of(bad_id);

  // 405 keeps Allow.
  auto wrong = gp.request("DELETE", "/fhir/Organization/" + org("prac_a"));
  ASSERT_EQ(wrong.status, 405);
  EXPECT_EQ(str(issue_of(wrong)["code"]), "not-supported");
  EXPECT_EQ(wrong.header("allow").value_or(""), "GET");

  // XML is not served: 406, by Accept or by _format.
  auto xml = gp.get("/fhir/Organization", {{"Accept", "application/fhir+xml"}});
  ASSERT_EQ(xml.status, 406);
  issue_of(xml);
  EXPECT_EQ(gp.get("/fhir/Organization?_format=xml").status, 406);
  EXPECT_EQ(gp.get("/fhir/metadata?_format=application/fhir+xml").status, 406);
  EXPECT_EQ(gp.get("/fhir/Organization?_format=json").status, 200);
  EXPECT_EQ(gp.get("/fhir/Organization", {{"Accept", "application/json"}}).status, 200);
  EXPECT_EQ(gp.get("/fhir/Organization", {{"Accept", "text/html, */*;q=0.8"}}).status, 200);

  // POST _search: wrong content type 415, too large a body 413 — both OperationOutcomes.
  auto form = gp.request("POST", "/fhir/Organization/_search", "name=x", {{"Content-Type", "application/json"}});
  ASSERT_EQ(form.status, 415);
  EXPECT_EQ(str(issue_of(form)["code"]), "not-supported");
  auto big = gp.request("POST", "/fhir/Organization/_search", std::string(2 << 20, 'a'),
                        {{"Content-Type", "application/x-www-form-urlencoded"}});
  ASSERT_EQ(big.status, 413);
  EXPECT_EQ(str(issue_of(big)["code"]), "too-costly");
}

TEST_F(FhirCore, SearchParametersAreValidated) {
  auto gp = as("gp_a");
  auto unknown = gp.get("/fhir/Organization?colour=red&name=x");
  ASSERT_EQ(unknown.status, 400);
  auto issue = issue_of(unknown);
  EXPECT_EQ(str(issue["code"]), "not-supported");
  EXPECT_NE(str(issue["diagnostics"]).find("colour"), std::string::npos) << unknown.describe();
  EXPECT_EQ(gp.get("/fhir/Organization?name:sounds-like=x").status, 400) << "undeclared modifier";
  EXPECT_EQ(gp.get("/fhir/Organization?_count=-1").status, 400);
  EXPECT_EQ(gp.get("/fhir/Organization?_count=abc").status, 400);
  EXPECT_EQ(gp.get("/fhir/Organization?_cursor=garbage").status, 400);

  // Lenient: ignored, and said so in an outcome entry; the self link leaves it out.
  auto lenient = gp.get("/fhir/Organization?colour=red", {{"Prefer", "handling=lenient"}});
  ASSERT_EQ(lenient.status, 200) << lenient.describe();
  auto bundle = body_of(lenient);
  bool outcome = false;
  for (const auto& e : bundle["entry"].as_array()) {
    const auto& entry = e.as_object();
    if (str(entry.at("search").at("mode")) != "outcome") continue;
    outcome = true;
    EXPECT_EQ(str(entry.at("resource").at("resourceType")), "OperationOutcome");
    EXPECT_NE(json::serialize(entry.at("resource")).find("colour"), std::string::npos);
  }
  EXPECT_TRUE(outcome);
  EXPECT_EQ(str(bundle["link"].as_array()[0].at("url")).find("colour"), std::string::npos);
}

TEST_F(FhirCore, OrganizationReadAndSearch) {
  auto gp = as("gp_a");
  auto r = gp.get("/fhir/Organization/" + org("prac_a"));
  ASSERT_EQ(r.status, 200) << r.describe();
  auto o = body_of(r);
  EXPECT_EQ(str(o["resourceType"]), "Organization");
  EXPECT_EQ(str(o["id"]), org("prac_a"));
  EXPECT_EQ(str(o["partOf"].at("reference")), "Organization/" + org("cg_a"));
  EXPECT_NE(json::serialize(o["identifier"]).find("\"prac_a\""), std::string::npos);

  auto by_ref = body_of(gp.get("/fhir/Organization?identifier=https://meekijk.nl/fhir/NamingSystem/ref|hosp_x"));
  EXPECT_EQ(ids_of(by_ref), std::vector<std::string>{org("hosp_x")});
  EXPECT_EQ(by_ref["total"].as_int64(), 1);
  auto children = body_of(gp.get("/fhir/Organization?partof=Organization/" + org("cg_a")));
  EXPECT_EQ(ids_of(children), std::vector<std::string>{org("prac_a")});
  // OR within a value, AND across repeats.
  auto either = body_of(gp.get("/fhir/Organization?_id=" + org("prac_a") + "," + org("prac_b")));
  EXPECT_EQ(ids_of(either).size(), 2u);
  auto both = body_of(gp.get("/fhir/Organization?_id=" + org("prac_a") + "," + org("prac_b") + "&_id=" + org("prac_b")));
  EXPECT_EQ(ids_of(both), std::vector<std::string>{org("prac_b")});
  auto hospitals = body_of(gp.get("/fhir/Organization?type=hospital"));
  EXPECT_EQ(ids_of(hospitals).size(), 2u);
  // fullUrl is absolute.
  const auto& entry = by_ref["entry"].as_array()[0].as_object();
  EXPECT_EQ(str(entry.at("fullUrl")).rfind("http://", 0), 0u);
  EXPECT_NE(str(entry.at("fullUrl")).find("/fhir/Organization/" + org("hosp_x")), std::string::npos);
}

TEST_F(FhirCore, PagingFollowsNextLinks) {
  auto gp = as("gp_a");
  auto all = body_of(gp.get("/fhir/Organization?_count=100"));
  auto total = all["total"].as_int64();
  ASSERT_GT(total, 5);
  std::vector<std::string> seen;
  std::string target = "/fhir/Organization?_count=2";
  for (int pages = 0; pages < 100; ++pages) {
    auto r = gp.get(target);
    ASSERT_EQ(r.status, 200) << r.describe();
    auto b = body_of(r);
    EXPECT_EQ(b["total"].as_int64(), total);
    auto ids = ids_of(b);
    EXPECT_LE(ids.size(), 2u);
    seen.insert(seen.end(), ids.begin(), ids.end());
    auto next = next_link(b);
    if (!next) break;
    EXPECT_NE(next->find("_count=2"), std::string::npos) << *next;
    target = path_of(*next);
  }
  EXPECT_EQ(static_cast<int64_t>(seen.size()), total);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), seen.size());
  EXPECT_EQ(ids_of(all), seen);
  // _count=0: the total only.
  auto count_only = body_of(gp.get("/fhir/Organization?_count=0"));
  EXPECT_EQ(count_only["total"].as_int64(), total);
  EXPECT_FALSE(count_only.contains("entry"));
}


// FHIR's rule for every resource: no empty strings, arrays or objects anywhere.
void expect_no_empty(const json::value& v, const std::string& path = "") {
  if (v.is_string()) {
    EXPECT_FALSE(v.as_string().empty()) << path;
  }
  if (v.is_array()) {
    EXPECT_FALSE(v.as_array().empty()) << path;
    for (size_t i = 0; i < v.as_array().size(); ++i) expect_no_empty(v.as_array()[i], path + "[" + std::to_string(i) + "]");
  }
  if (v.is_object()) {
    EXPECT_FALSE(v.as_object().empty()) << path;
    for (const auto& m : v.as_object()) expect_no_empty(m.value(), path + "." + std::string(m.key()));
    EXPECT_FALSE(v.as_object().contains("email")) << path;
  }
  EXPECT_FALSE(v.is_null()) << path;
}

const std::string kBsn = "http://fhir.nl/fhir/NamingSystem/bsn";

TEST_F(FhirCore, PatientIsVisibleThroughItsConsultAndEveryReadIsAudited) {
  std::string bsn = valid_bsn(41);
  auto consult = create_id("gp_a", "x_derm", bsn);
  auto found = body_of(as("gp_a").get("/fhir/Patient?identifier=" + kBsn + "|" + bsn));
  auto ids = ids_of(found);
  ASSERT_EQ(ids.size(), 1u) << json::serialize(found);
  std::string id = ids[0];
  auto read = as("gp_a").get("/fhir/Patient/" + id);
  ASSERT_EQ(read.status, 200) << read.describe();
  auto p = body_of(read);
  expect_no_empty(p);
  EXPECT_EQ(str(p["identifier"].as_array()[0].at("system")), kBsn);
  EXPECT_EQ(str(p["identifier"].as_array()[0].at("value")), bsn);
  EXPECT_EQ(str(p["managingOrganization"].at("reference")), "Organization/" + org("prac_a"));
  EXPECT_TRUE(read.has_header("last-modified"));

  // The consult's service sees the patient; another practice or hospital does not.
  EXPECT_EQ(as("derm_x1").get("/fhir/Patient/" + id).status, 200);
  EXPECT_EQ(as("gp_b").get("/fhir/Patient/" + id).status, 404);
  EXPECT_EQ(as("derm_y").get("/fhir/Patient/" + id).status, 404);
  EXPECT_TRUE(ids_of(body_of(as("gp_b").get("/fhir/Patient?identifier=" + kBsn + "|" + bsn))).empty());
  EXPECT_TRUE(ids_of(body_of(as("po_a").get("/fhir/Patient?_id=" + id))).empty()) << "no consults, no patients";
  EXPECT_TRUE(ids_of(body_of(as("gp_a").get("/fhir/Patient?identifier=http://other|" + bsn))).empty());
  EXPECT_EQ(ids_of(body_of(as("gp_a").get("/fhir/Patient?_id=" + id))), std::vector<std::string>{id});

  // gp_a's two searches and read, derm_x1's read: four patient.read entries; gp_b's and
  // derm_y's tries: denied.
  auto entries = audit("po_a", "consult_id=" + consult);
  EXPECT_EQ(count_events(entries, "patient.read", "success"), 4);
  EXPECT_EQ(count_events(entries, "patient.read", "denied"), 2);
}

TEST_F(FhirCore, PatientSearchPages) {
  std::string bsn = valid_bsn(42);
  for (int i = 0; i < 3; ++i) create_id("gp_a", "x_derm", bsn);
  auto gp = as("gp_a");
  std::vector<std::string> seen;
  std::string target = "/fhir/Patient?identifier=" + kBsn + "|" + bsn + "&_count=2";
  for (int pages = 0; pages < 5; ++pages) {
    auto b = body_of(gp.get(target));
    auto ids = ids_of(b);
    seen.insert(seen.end(), ids.begin(), ids.end());
    auto next = next_link(b);
    if (!next) break;
    target = path_of(*next);
  }
  EXPECT_EQ(seen.size(), 3u);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 3u);
}

TEST_F(FhirCore, PractitionersWithoutCredentials) {
  auto gp = as("gp_a");
  auto r = gp.get("/fhir/Practitioner/" + person("derm_x1").id);
  ASSERT_EQ(r.status, 200) << r.describe();
  auto p = body_of(r);
  expect_no_empty(p);
  EXPECT_EQ(str(p["name"].as_array()[0].at("text")), person("derm_x1").name);
  EXPECT_EQ(r.body.find("@"), std::string::npos) << "no e-mail address: " << r.body;
  EXPECT_EQ(r.body.find("password"), std::string::npos);

  auto role = body_of(gp.get("/fhir/PractitionerRole/" + person("derm_x1").id));
  expect_no_empty(role);
  EXPECT_EQ(str(role["code"].as_array()[0].at("coding").as_array()[0].at("code")), "consultant");
  EXPECT_EQ(str(role["organization"].at("reference")), "Organization/" + person("derm_x1").org_id);
  EXPECT_EQ(str(role["healthcareService"].as_array()[0].at("reference")), "HealthcareService/" + service("x_derm"));

  auto by_ref = body_of(gp.get("/fhir/Practitioner?identifier=https://meekijk.nl/fhir/NamingSystem/ref|gp_b"));
  EXPECT_EQ(ids_of(by_ref), std::vector<std::string>{person("gp_b").id});
  auto derm = body_of(gp.get("/fhir/PractitionerRole?service=HealthcareService/" + service("x_derm") + "&role=consultant"));
  EXPECT_EQ(id_set(derm),
            (std::set<std::string>{person("derm_x1").id, person("derm_x2").id}));
  auto practice = body_of(gp.get("/fhir/PractitionerRole?organization=Organization/" + org("prac_a") + "&role=gp"));
  EXPECT_EQ(id_set(practice), (std::set<std::string>{person("gp_a").id, person("gp_a2").id}));
  EXPECT_EQ(gp.get("/fhir/Practitioner/nobody").status, 404);
  EXPECT_EQ(as("desk").get("/fhir/Practitioner").status, 403);
}

TEST_F(FhirCore, HealthcareServices) {
  auto gp = as("gp_a");
  auto r = gp.get("/fhir/HealthcareService/" + service("x_derm"));
  ASSERT_EQ(r.status, 200) << r.describe();
  auto s = body_of(r);
  expect_no_empty(s);
  EXPECT_EQ(str(s["providedBy"].at("reference")), "Organization/" + org("hosp_x"));
  EXPECT_NE(r.body.find("response-days"), std::string::npos);
  EXPECT_NE(r.body.find("\"pool\""), std::string::npos);
  auto x = body_of(gp.get("/fhir/HealthcareService?organization=Organization/" + org("hosp_x")));
  EXPECT_EQ(ids_of(x).size(), 2u);
  auto direct = body_of(gp.get("/fhir/HealthcareService?characteristic=direct"));
  EXPECT_EQ(id_set(direct),
            (std::set<std::string>{service("x_cardio"), service("y_int")}));
}

TEST_F(FhirCore, AuditEventsForPrivacyOfficers) {
  std::string bsn = valid_bsn(43);
  auto consult = create_id("gp_a", "x_derm", bsn);
  ASSERT_EQ(as("gp_a").get("/api/v1/consults/" + consult).status, 200);

  auto po = as("po_a");
  auto r = po.get("/fhir/AuditEvent?patient:identifier=" + kBsn + "|" + bsn);
  ASSERT_EQ(r.status, 200) << r.describe();
  auto b = body_of(r);
  auto ids = ids_of(b);
  ASSERT_GE(ids.size(), 2u) << json::serialize(b);  // the create and the read
  bool read_seen = false;
  for (const auto& e : b["entry"].as_array()) {
    const auto& ev = e.at("resource").as_object();
    expect_no_empty(ev);
    EXPECT_TRUE(ev.contains("type"));
    EXPECT_TRUE(ev.at("agent").as_array()[0].at("requestor").as_bool());
    EXPECT_TRUE(ev.at("source").as_object().contains("observer"));
    EXPECT_FALSE(str(ev.at("recorded")).empty());
    if (str(ev.at("subtype").as_array()[0].at("code")) == "consult.read") {
      read_seen = true;
      EXPECT_EQ(str(ev.at("action")), "R");
      EXPECT_EQ(str(ev.at("outcome")), "0");
      EXPECT_EQ(str(ev.at("agent").as_array()[0].at("who").at("reference")), "PractitionerRole/" + person("gp_a").id);
      EXPECT_NE(json::serialize(ev.at("entity")), json::serialize(json::array{}));
      EXPECT_NE(json::serialize(ev.at("entity")).find("ServiceRequest/" + consult), std::string::npos);
    }
  }
  EXPECT_TRUE(read_seen);

  // Read one; another organisation's officer does not find it; others may not search.
  auto one = po.get("/fhir/AuditEvent/" + ids[0]);
  ASSERT_EQ(one.status, 200) << one.describe();
  EXPECT_EQ(str(body_of(one)["id"]), ids[0]);
  EXPECT_EQ(as("po_b").get("/fhir/AuditEvent/" + ids[0]).status, 404);
  EXPECT_TRUE(ids_of(body_of(as("po_b").get("/fhir/AuditEvent?patient:identifier=" + kBsn + "|" + bsn))).empty());
  auto gp = as("gp_a").get("/fhir/AuditEvent");
  EXPECT_EQ(gp.status, 403);
  EXPECT_EQ(str(issue_of(gp)["code"]), "security");

  // By patient reference, agent, entity, date; paging.
  auto patient_id = ids_of(body_of(as("gp_a").get("/fhir/Patient?identifier=" + kBsn + "|" + bsn)))[0];
  auto by_ref = ids_of(body_of(po.get("/fhir/AuditEvent?patient=Patient/" + patient_id)));
  EXPECT_GE(by_ref.size(), ids.size());
  auto by_agent = body_of(po.get("/fhir/AuditEvent?agent=PractitionerRole/" + person("derm_x1").id));
  EXPECT_TRUE(ids_of(by_agent).empty());
  auto by_entity = ids_of(body_of(po.get("/fhir/AuditEvent?entity=ServiceRequest/" + consult)));
  EXPECT_GE(by_entity.size(), 2u);
  EXPECT_TRUE(ids_of(body_of(po.get("/fhir/AuditEvent?entity=ServiceRequest/" + consult + "&date=ge2030-01-01"))).empty());
  // (The officer's own searches by consult are entries about it too, so the count grows.)
  EXPECT_GE(ids_of(body_of(po.get("/fhir/AuditEvent?entity=ServiceRequest/" + consult +
                                  "&date=ge2026-04-24&date=lt2026-04-25"))).size(),
            by_entity.size());
  auto page = body_of(po.get("/fhir/AuditEvent?entity=ServiceRequest/" + consult + "&_count=1"));
  EXPECT_EQ(ids_of(page).size(), 1u);
  auto next = next_link(page);
  ASSERT_TRUE(next);
  auto page2 = body_of(po.get(path_of(*next)));
  ASSERT_EQ(ids_of(page2).size(), 1u);
  EXPECT_NE(ids_of(page2)[0], ids_of(page)[0]);
}

}  // namespace
}  // namespace mk::apitest
