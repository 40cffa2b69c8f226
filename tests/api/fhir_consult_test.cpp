// The consult over FHIR (docs/fhir.md): create by transaction Bundle and by ServiceRequest
// (conditional on an identifier), the whole lifecycle by Task updates, Communication, the
// attachments as DocumentReference + Binary, searches a worklist needs, the errors as
// OperationOutcome, access and audit — and the JSON API showing the same consult.
#include <openssl/evp.h>

#include "api/harness.hpp"

namespace mk::apitest {
namespace {

constexpr const char* kBsn = "http://fhir.nl/fhir/NamingSystem/bsn";
constexpr const char* kStatus = "https://meekijk.nl/fhir/CodeSystem/consult-status";
constexpr const char* kOutput = "https://meekijk.nl/fhir/CodeSystem/task-output";
constexpr const char* kOurs = "https://his.example/consult-id";
const Headers kFhir = {{"Content-Type", "application/fhir+json"}, {"Accept", "application/fhir+json"}};

std::string sha256_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(data.data(), data.size(), digest, &n, EVP_sha256(), nullptr);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < n; ++i) out += {hex[digest[i] >> 4], hex[digest[i] & 15]};
  return out;
}

std::string base64(std::string_view in) {
  static const char* t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8 | (unsigned char)in[i + 2];
    out += {t[v >> 18], t[(v >> 12) & 63], t[(v >> 6) & 63], t[v & 63]};
  }
  if (i + 1 == in.size()) {
    unsigned v = (unsigned char)in[i] << 16;
    out += {t[v >> 18], t[(v >> 12) & 63], '=', '='};
  } else if (i + 2 == in.size()) {
    unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8;
    out += {t[v >> 18], t[(v >> 12) & 63], t[(v >> 6) & 63], '='};
  }
  return out;
}

class FhirConsult : public ApiTest {
 protected:
  json::object patient(const std::string& bsn = "111222333") const {
    return {{"resourceType", "Patient"},
            {"identifier", json::array{json::object{{"system", kBsn}, {"value", bsn}}}},
            {"name", json::array{json::object{{"family", "Jansen"}, {"given", json::array{"J."}}}}},
            {"gender", "female"},
            {"birthDate", "1968-05-14"},
            {"address", json::array{json::object{{"postalCode", "3083 AB"}}}}};
  }
  json::object service_request(const std::string& subject, const std::string& service_ref = "x_derm") const {
    std::string ext = "https://meekijk.nl/fhir/StructureDefinition/";
    return {{"resourceType", "ServiceRequest"},
            {"status", "active"},
            {"intent", "order"},
            {"priority", "routine"},
            {"subject", json::object{{"reference", subject}}},
            {"performer", json::array{json::object{{"reference", "HealthcareService/" + service(service_ref)}}}},
            {"note", json::array{json::object{{"text", "Plaque op de onderarm, psoriasis of eczeem?"}}}},
            {"reasonCode", json::array{json::object{{"text", "Geen koorts."}}}},
            {"extension", json::array{json::object{{"url", ext + "intended-referral"}, {"valueCode", "yes"}},
                                      json::object{{"url", ext + "patient-informed"}, {"valueBoolean", true}}}}};
  }
  // A ServiceRequest with a contained Patient and our identifier.
  json::object standalone(const std::string& our_id, const std::string& bsn = "111222333") const {
    auto sr = service_request("#p");
    auto p = patient(bsn);
    p["id"] = "p";
    sr["contained"] = json::array{p};
    sr["identifier"] = json::array{json::object{{"system", kOurs}, {"value", our_id}}};
    return sr;
  }
  json::object transaction(bool with_file) const {
    auto entry = [](const std::string& url, json::object resource) {
      std::string type(resource.at("resourceType").as_string());
      return json::object{{"fullUrl", url},
                          {"resource", std::move(resource)},
                          {"request", json::object{{"method", "POST"}, {"url", type}}}};
    };
    json::array entries{entry("urn:uuid:0a1b-patient", patient()),
                        entry("urn:uuid:0a1b-sr", service_request("urn:uuid:0a1b-patient")),
                        entry("urn:uuid:0a1b-task", json::object{{"resourceType", "Task"},
                                                                 {"status", "requested"},
                                                                 {"intent", "order"},
                                                                 {"focus", json::object{{"reference", "urn:uuid:0a1b-sr"}}}})};
    if (with_file) {
      entries.push_back(entry("urn:uuid:0a1b-bin", json::object{{"resourceType", "Binary"},
                                                                {"contentType", "image/png"},
                                                                {"data", base64(png_1x1())}}));
      json::object att{{"contentType", "image/png"}, {"url", "urn:uuid:0a1b-bin"}, {"title", "arm.png"}};
      entries.push_back(entry("urn:uuid:0a1b-doc",
                              json::object{{"resourceType", "DocumentReference"},
                                           {"status", "current"},
                                           {"content", json::array{json::object{{"attachment", att}}}}}));
    }
    return {{"resourceType", "Bundle"}, {"type", "transaction"}, {"entry", std::move(entries)}};
  }
  Response post(const std::string& who, const std::string& path, const json::object& body, Headers extra = {}) {
    auto h = kFhir;
    h.insert(h.end(), extra.begin(), extra.end());
    return as(who).request("POST", path, json::serialize(body), h);
  }
  Response get(const std::string& who, const std::string& path) { return as(who).get(path, kFhir); }
  // PUT Task/{id} with the given businessStatus (and extra elements).
  Response move(const std::string& who, const std::string& id, const std::string& state, json::object extra = {},
                Headers headers = {}) {
    json::object task{{"resourceType", "Task"},
                      {"id", id},
                      {"status", "requested"},
                      {"intent", "order"},
                      {"businessStatus", json::object{{"coding", json::array{json::object{{"system", kStatus},
                                                                                         {"code", state}}}}}}};
    for (auto& [k, v] : extra) task[k] = v;
    task.erase("status");
    auto h = kFhir;
    h.insert(h.end(), headers.begin(), headers.end());
    return as(who).request("PUT", "/fhir/Task/" + id, json::serialize(task), h);
  }
  static json::object output(const std::string& code, const char* type, json::value v) {
    return {{"type", json::object{{"coding", json::array{json::object{{"system", kOutput}, {"code", code}}}}}},
            {type, std::move(v)}};
  }
  std::string created_consult(const std::string& gp = "gp_a") {
    auto r = post(gp, "/fhir/ServiceRequest", standalone("his-" + std::to_string(++seq_)));
    EXPECT_EQ(r.status, 201) << r.describe();
    return str(r.object()["id"]);
  }
  static std::string business_status(const json::object& task) {
    return str(task.at("businessStatus").at("coding").at(0).at("code"));
  }
  static std::vector<json::object> entries(const json::object& bundle, const std::string& mode = "match") {
    std::vector<json::object> out;
    if (!bundle.contains("entry")) return out;
    for (const auto& e : bundle.at("entry").as_array())
      if (str(e.at("search").at("mode")) == mode) out.push_back(e.at("resource").as_object());
    return out;
  }
  static std::string next_link(const json::object& bundle) {
    if (!bundle.contains("link")) return "";
    for (const auto& l : bundle.at("link").as_array())
      if (str(l.at("relation")) == "next") {
        auto url = str(l.at("url"));
        return url.substr(url.find("/fhir/"));
      }
    return "";
  }
  static bool outcome_names(const Response& r, const std::string& expression) {
    auto o = r.object();
    if (str(o["resourceType"]) != "OperationOutcome") return false;
    for (const auto& issue : o.at("issue").as_array())
      if (issue.as_object().contains("expression"))
        for (const auto& e : issue.at("expression").as_array())
          if (str(e).find(expression) != std::string::npos) return true;
    return false;
  }
  int seq_ = 0;
};

TEST_F(FhirConsult, TransactionCreatesOneConsultWithItsAttachmentSeenAlikeByTheJsonApi) {
  auto r = post("gp_a", "/fhir", transaction(true));
  ASSERT_EQ(r.status, 200) << r.describe();
  auto bundle = r.object();
  EXPECT_EQ(str(bundle["type"]), "transaction-response");
  const auto& e = bundle.at("entry").as_array();
  ASSERT_EQ(e.size(), 5u);
  for (const auto& entry : e) EXPECT_EQ(str(entry.at("response").at("status")), "201 Created");
  auto sr = e[1].at("resource").as_object();
  std::string id = str(sr["id"]);
  EXPECT_EQ(str(e[1].at("response").at("location")), "ServiceRequest/" + id + "/_history/" + str(sr["meta"].at("versionId")));
  EXPECT_EQ(str(sr["status"]), "active");
  EXPECT_EQ(str(e[2].at("resource").at("focus").at("reference")), "ServiceRequest/" + id);

  auto task = get("gp_a", "/fhir/Task/" + id);
  ASSERT_EQ(task.status, 200) << task.describe();
  EXPECT_EQ(str(task.object()["status"]), "requested");
  EXPECT_EQ(business_status(task.object()), "submitted");
  EXPECT_TRUE(task.header("etag").has_value());

  auto consult = fetch("gp_a", id);  // the JSON API: the same consult
  EXPECT_EQ(str(consult["status"]), "submitted");
  EXPECT_EQ(str(consult["patient"].at("bsn")), "111222333");
  EXPECT_EQ(str(consult["reference"]), str(sr["identifier"].at(0).at("value")));

  // The attachment: DocumentReference with the SHA-256, Binary raw and as a resource.
  std::string doc_id = str(e[4].at("resource").at("id"));
  auto doc = get("derm_x1", "/fhir/DocumentReference/" + doc_id);
  ASSERT_EQ(doc.status, 200) << doc.describe();
  EXPECT_EQ(str(doc.object()["identifier"].at(0).at("value")), sha256_hex(png_1x1()));
  EXPECT_EQ(str(doc.object()["content"].at(0).at("attachment").at("title")), "arm.png");
  auto raw = as("derm_x1").get("/fhir/Binary/" + doc_id, {{"Accept", "image/png"}});
  ASSERT_EQ(raw.status, 200) << raw.describe();
  EXPECT_EQ(sha256_hex(raw.body), sha256_hex(png_1x1()));
  auto bin = get("derm_x1", "/fhir/Binary/" + doc_id);
  ASSERT_EQ(bin.status, 200) << bin.describe();
  EXPECT_EQ(str(bin.object()["data"]), base64(png_1x1()));
  auto docs = get("gp_a", "/fhir/DocumentReference?related=ServiceRequest/" + id);
  EXPECT_EQ(entries(docs.object()).size(), 1u) << docs.describe();
}

TEST_F(FhirConsult, ABadTransactionEntryIsNamedAndLeavesNothing) {
  auto bundle = transaction(true);
  bundle["entry"].as_array()[3].at("resource").as_object()["data"] = "***not base64***";
  auto r = post("gp_a", "/fhir", bundle);
  EXPECT_EQ(r.status, 422) << r.describe();
  EXPECT_TRUE(outcome_names(r, "Bundle.entry[3]")) << r.describe();

  auto no_bsn = transaction(false);
  no_bsn["entry"].as_array()[0].at("resource").as_object().erase("identifier");
  r = post("gp_a", "/fhir", no_bsn);
  EXPECT_EQ(r.status, 422) << r.describe();
  EXPECT_TRUE(outcome_names(r, "Bundle.entry[0].resource.identifier")) << r.describe();
  EXPECT_EQ(practice_count(), 0);
  EXPECT_EQ(post("gp_a", "/fhir", transaction(false)).status, 200);  // and the server keeps serving
}

TEST_F(FhirConsult, ConditionalCreateOnTheClientsIdentifierReturnsTheSameConsult) {
  Headers cond{{"If-None-Exist", std::string("identifier=") + kOurs + "|his-42"}};
  auto first = post("gp_a", "/fhir/ServiceRequest", standalone("his-42"), cond);
  ASSERT_EQ(first.status, 201) << first.describe();
  std::string id = str(first.object()["id"]);
  EXPECT_NE(first.header("location").value_or("").find("/fhir/ServiceRequest/" + id + "/_history/"), std::string::npos);
  auto again = post("gp_a", "/fhir/ServiceRequest", standalone("his-42"), cond);
  EXPECT_EQ(again.status, 200) << again.describe();
  EXPECT_EQ(str(again.object()["id"]), id);
  EXPECT_EQ(practice_count(), 1);
  // Without the condition the identifier is still unique within the practice.
  EXPECT_EQ(post("gp_a", "/fhir/ServiceRequest", standalone("his-42")).status, 409);
  auto found = get("gp_a", std::string("/fhir/ServiceRequest?identifier=") + kOurs + "|his-42");
  EXPECT_EQ(entries(found.object()).size(), 1u) << found.describe();
  auto minimal = post("gp_a", "/fhir/ServiceRequest", standalone("his-43"), {{"Prefer", "return=minimal"}});
  EXPECT_EQ(minimal.status, 201);
  EXPECT_TRUE(minimal.body.empty());
}

TEST_F(FhirConsult, TheWholeLifecycleByTaskUpdates) {
  std::string id = created_consult();
  auto r = move("derm_x1", id, "accepted");
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_EQ(str(r.object()["owner"].at("reference")), "Practitioner/" + person("derm_x1").id);
  r = move("derm_x1", id, "awaiting_gp", {{"statusReason", json::object{{"text", "Foto van dichtbij?"}}}});
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_EQ(str(r.object()["status"]), "on-hold");
  r = move("gp_a", id, "submitted", {{"statusReason", json::object{{"text", "Foto volgt."}}}});
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_EQ(business_status(r.object()), "accepted");  // the reply returns it to the consultant
  json::array answer{output("advice", "valueString", "Start hydrocortison 1%."),
                     output("referral-advised", "valueBoolean", false), output("minutes-spent", "valueInteger", 12)};
  r = move("derm_x1", id, "answered", {{"output", answer}});
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_EQ(str(r.object()["status"]), "in-progress");
  json::array close{output("outcome", "valueCode", "treated_by_gp"), output("usefulness", "valueInteger", 5),
                    output("learned", "valueBoolean", true)};
  r = move("gp_a", id, "closed", {{"output", close}});
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_EQ(str(r.object()["status"]), "completed");
  EXPECT_EQ(str(get("gp_a", "/fhir/ServiceRequest/" + id).object()["status"]), "completed");

  // The thread: question, request, reply and the advice, by based-on and by part-of.
  auto thread = get("gp_a", "/fhir/Communication?based-on=ServiceRequest/" + id);
  auto messages = entries(thread.object());
  ASSERT_GE(messages.size(), 3u) << thread.describe();
  std::set<std::string> kinds;
  for (const auto& m : messages) kinds.insert(str(m.at("category").at(0).at("coding").at(0).at("code")));
  EXPECT_TRUE(kinds.count("advice") && kinds.count("request_info")) << thread.describe();
  EXPECT_EQ(entries(get("derm_x1", "/fhir/Communication?part-of=Task/" + id).object()).size(), messages.size());
  auto consult = fetch("gp_a", id);
  EXPECT_EQ(str(consult["status"]), "closed");

  // 90 days later the follow-up, as a Task output.
  clock_.advance(std::chrono::hours(24 * 91));
  r = move("gp_a", id, "closed", {{"output", json::array{output("referred-within-90d", "valueBoolean", false)}}});
  ASSERT_EQ(r.status, 200) << r.describe();
  auto followed = fetch("gp_a", id);
  EXPECT_FALSE(followed["follow_up"].is_null()) << json::serialize(followed);
}

TEST_F(FhirConsult, MessagesRedirectAndCancel) {
  std::string id = created_consult();
  auto msg = post("gp_a", "/fhir/Communication",
                  json::object{{"resourceType", "Communication"},
                               {"status", "completed"},
                               {"basedOn", json::array{json::object{{"reference", "ServiceRequest/" + id}}}},
                               {"payload", json::array{json::object{{"contentString", "Nog een vraag."}}}}});
  ASSERT_EQ(msg.status, 201) << msg.describe();
  EXPECT_EQ(str(get("gp_a", "/fhir/Communication/" + str(msg.object()["id"])).object()["payload"].at(0).at("contentString")),
            "Nog een vraag.");
  auto r = move("derm_x1", id, "submitted",
                {{"owner", json::object{{"reference", "HealthcareService/" + service("y_derm")}}},
                 {"statusReason", json::object{{"text", "Beter bij Y."}}}});
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_EQ(str(fetch("gp_a", id)["service_id"]), service("y_derm"));
  EXPECT_EQ(get("derm_x1", "/fhir/Task/" + id).status, 404);  // the old service lost it
  r = move("gp_a", id, "cancelled", {{"statusReason", json::object{{"text", "Patiënt is beter."}}}});
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_EQ(str(r.object()["status"]), "cancelled");
  EXPECT_EQ(str(get("gp_a", "/fhir/ServiceRequest/" + id).object()["status"]), "revoked");
}

TEST_F(FhirConsult, RefusalsAreOperationOutcomes) {
  std::string id = created_consult();
  auto r = move("gp_a", id, "closed", {{"output", json::array{output("outcome", "valueCode", "treated_by_gp"),
                                                              output("usefulness", "valueInteger", 4),
                                                              output("learned", "valueBoolean", true)}}});
  EXPECT_EQ(r.status, 409) << r.describe();
  EXPECT_EQ(str(r.object()["resourceType"]), "OperationOutcome");
  auto version = str(get("derm_x1", "/fhir/Task/" + id).object()["meta"].at("versionId"));
  ASSERT_EQ(move("derm_x1", id, "accepted", {}, {{"If-Match", "W/\"" + version + "\""}}).status, 200);
  r = move("derm_x1", id, "awaiting_gp", {{"statusReason", json::object{{"text", "?"}}}},
           {{"If-Match", "W/\"" + version + "\""}});
  EXPECT_EQ(r.status, 412) << r.describe();
  r = move("derm_x1", id, "answered", {{"output", json::array{output("referral-advised", "valueBoolean", false)}}});
  EXPECT_EQ(r.status, 422) << r.describe();
  EXPECT_TRUE(outcome_names(r, "Task.output('advice')")) << r.describe();
  EXPECT_EQ(business_status(get("gp_a", "/fhir/Task/" + id).object()), "accepted");  // nothing changed
}

TEST_F(FhirConsult, OthersSeeNothing) {
  std::string id = created_consult();
  for (auto who : {"gp_b", "derm_y"}) {
    EXPECT_EQ(get(who, "/fhir/ServiceRequest/" + id).status, 404) << who;
    EXPECT_EQ(get(who, "/fhir/Task/" + id).status, 404) << who;
    EXPECT_EQ(move(who, id, "accepted").status, 404) << who;
    EXPECT_TRUE(entries(get(who, "/fhir/Task?_id=" + id).object()).empty()) << who;
    EXPECT_TRUE(entries(get(who, "/fhir/ServiceRequest?subject:identifier=" + std::string(kBsn) + "|111222333").object()).empty());
  }
  EXPECT_EQ(entries(get("gp_a", "/fhir/ServiceRequest?subject:identifier=" + std::string(kBsn) + "|111222333").object()).size(), 1u);
}

TEST_F(FhirConsult, WorklistSearchByOwnerAndStatusWithPagingIncludeAndPolling) {
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    ids.push_back(created_consult());
    clock_.advance(std::chrono::minutes(1));
  }
  std::string q = "/fhir/Task?owner=HealthcareService/" + service("x_derm") + "&status=requested&_count=2";
  auto page1 = get("derm_x1", q + "&_include=Task:focus");
  ASSERT_EQ(page1.status, 200) << page1.describe();
  EXPECT_EQ(entries(page1.object()).size(), 2u);
  EXPECT_EQ(entries(page1.object(), "include").size(), 2u);
  auto next = next_link(page1.object());
  ASSERT_FALSE(next.empty()) << page1.describe();
  auto page2 = get("derm_x1", next);
  ASSERT_EQ(page2.status, 200) << page2.describe();
  EXPECT_EQ(entries(page2.object()).size(), 1u);
  EXPECT_TRUE(next_link(page2.object()).empty());

  // Polling: what changed since the last poll.
  auto since = str(get("derm_x1", "/fhir/Task/" + ids[2]).object()["meta"].at("lastUpdated"));
  clock_.advance(std::chrono::minutes(1));
  ASSERT_EQ(move("derm_x1", ids[0], "accepted").status, 200);
  auto changed = get("derm_x1", "/fhir/Task?_lastUpdated=gt" + since);
  ASSERT_EQ(entries(changed.object()).size(), 1u) << changed.describe();
  EXPECT_EQ(str(entries(changed.object())[0]["id"]), ids[0]);
  auto mine = get("derm_x1", "/fhir/Task?owner=Practitioner/" + person("derm_x1").id + "&business-status=accepted");
  EXPECT_EQ(entries(mine.object()).size(), 1u) << mine.describe();
  EXPECT_EQ(entries(get("derm_x1", q).object()).size(), 2u);
  EXPECT_EQ(get("derm_x1", "/fhir/Task?colour=blue").status, 400);
}

TEST_F(FhirConsult, EachReadIsAuditedOnce) {
  std::string id = created_consult();
  auto q = "consult_id=" + id;
  auto before = count_events(audit("po_a", q), "consult.read");
  ASSERT_EQ(get("gp_a", "/fhir/ServiceRequest/" + id).status, 200);
  ASSERT_EQ(get("gp_a", "/fhir/Task/" + id).status, 200);
  EXPECT_EQ(count_events(audit("po_a", q), "consult.read"), before + 2);
  auto lists = count_events(audit("po_a", q), "consult.list");
  ASSERT_EQ(get("gp_a", "/fhir/ServiceRequest?_id=" + id).status, 200);
  EXPECT_EQ(count_events(audit("po_a", q), "consult.list"), lists + 1);
}

}  // namespace
}  // namespace mk::apitest
