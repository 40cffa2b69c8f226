// Contracts and billing through the API, on both backends (DESIGN §5–6, issue 5): both sides
// billed at close from the contract in force on the submit date, per-minute fees rounded and
// capped, cancel and redirect rules, the race of two closes, "no contract" and reprocessing,
// each role's part of the data, the CSV read back by Python's csv module, the deductible
// refusal, the command-line export and an import with contracts.
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <future>

#include "app/importer.hpp"
#include "harness.hpp"

namespace mk::apitest {
namespace {

class BillingTest : public ApiTest {
 protected:
  // cg_a × hosp_x × e-consult from 2026-01-01, paid by the insurer: GP € 25,00, consultant € 45,00.
  json::object contract_body(const std::string& cg = "cg_a", const std::string& provider = "hosp_x",
                             const std::string& payer = "zk") {
    return {{"requester_care_group_id", org(cg)}, {"provider_organization_id", org(provider)},
            {"modality", "e_consult"},           {"valid_from", "2026-01-01"},
            {"valid_to", nullptr},               {"payer_id", org(payer)},
            {"gp_fee_cents", 2500},              {"gp_code", "13045"},
            {"consultant_fee_kind", "fixed"},    {"consultant_fee_cents", 4500},
            {"consultant_code", "190009"}};
  }
  json::object add_contract(json::object body) {
    auto r = as("admin").post_json("/api/v1/contracts", body);
    EXPECT_EQ(r.status, 201) << r.describe();
    return r.object();
  }
  // A consult answered (with `minutes`) and closed; returns its id.
  std::string closed(const std::string& gp, const std::string& consultant, const std::string& service, int minutes = 12) {
    auto id = create_id(gp, service);
    act(consultant, id, "answer", answer_body("Advies.", minutes));
    act(gp, id, "close", close_body());
    return id;
  }
  json::object month(const std::string& ref, const std::string& m = "2026-04", const std::string& extra = "") {
    auto r = as(ref).get("/api/v1/billing/declarations?month=" + m + extra);
    EXPECT_EQ(r.status, 200) << r.describe();
    return r.object();
  }
  static std::vector<json::object> lines_of(const json::object& month, const std::string& consult_id = "") {
    std::vector<json::object> out;
    for (const auto& l : month.at("items").as_array())
      if (consult_id.empty() || str(l.at("consult_id")) == consult_id) out.push_back(l.as_object());
    return out;
  }
  static const json::object& party(const std::vector<json::object>& lines, const std::string& p) {
    for (const auto& l : lines)
      if (str(l.at("party")) == p) return l;
    static const json::object none;
    ADD_FAILURE() << "no line for party " << p;
    return none;
  }
};

TEST_F(BillingTest, ClosingBillsThePracticeAndTheHospitalFromTheContract) {
  auto k = add_contract(contract_body());
  EXPECT_EQ(str(k.at("requester_care_group_name")), "Zorggroep A");
  EXPECT_EQ(k.at("deductible_applies").as_bool(), false);
  auto id = closed("gp_a", "derm_x1", "x_derm");

  auto m = month("admin");
  auto lines = lines_of(m, id);
  ASSERT_EQ(lines.size(), 2u);
  const auto& gp = party(lines, "gp");
  EXPECT_EQ(str(gp.at("organization_id")), org("prac_a"));
  EXPECT_EQ(str(gp.at("organization_agb")), "01000011");
  EXPECT_EQ(str(gp.at("practitioner_agb")), "01100001");
  EXPECT_EQ(str(gp.at("payer_id")), org("zk"));
  EXPECT_EQ(str(gp.at("code")), "13045");
  EXPECT_EQ(gp.at("amount_cents").as_int64(), 2500);
  EXPECT_EQ(gp.at("deductible_applies").as_bool(), false);
  EXPECT_EQ(str(gp.at("date")), "2026-04-24");
  EXPECT_FALSE(str(gp.at("reference")).empty());
  const auto& cons = party(lines, "consultant");
  EXPECT_EQ(str(cons.at("organization_id")), org("hosp_x"));
  EXPECT_EQ(str(cons.at("organization_agb")), "06000010");
  EXPECT_EQ(str(cons.at("practitioner_id")), person("derm_x1").id);
  EXPECT_EQ(str(cons.at("code")), "190009");
  EXPECT_EQ(cons.at("amount_cents").as_int64(), 4500);
  EXPECT_EQ(str(cons.at("contract_id")), str(k.at("id")));
  EXPECT_EQ(m.at("total_cents").as_int64(), 7000);
  EXPECT_TRUE(m.at("no_contract").as_array().empty());

  // The statement sums per organisation, party, payer and code.
  auto st = as("admin").get("/api/v1/billing/statements?month=2026-04");
  ASSERT_EQ(st.status, 200) << st.describe();
  auto items = st.object().at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(st.object().at("total_cents").as_int64(), 7000);
  for (const auto& i : items) EXPECT_EQ(i.at("lines").as_int64(), 1);
  // Another month has nothing.
  EXPECT_TRUE(month("admin", "2026-05").at("items").as_array().empty());
}

TEST_F(BillingTest, PerMinuteFeesRoundHalfUpToCentsAndStopAtTheCap) {
  auto body = contract_body();
  body.erase("consultant_fee_cents");
  body["consultant_fee_kind"] = "per_minute";
  body["consultant_rate_cents_per_minute"] = 187.5;  // € 1,875 per minute
  body["consultant_fee_cap_cents"] = 3000;
  auto k = add_contract(body);
  EXPECT_EQ(k.at("consultant_rate_cents_per_minute").as_double(), 187.5);
  auto seven = closed("gp_a", "derm_x1", "x_derm", 7);    // 1312,5 cents → 1313
  auto twenty = closed("gp_a", "derm_x1", "x_derm", 20);  // 3750 cents → cap 3000
  auto zero = closed("gp_a", "derm_x1", "x_derm", 0);
  auto m = month("admin");
  EXPECT_EQ(party(lines_of(m, seven), "consultant").at("amount_cents").as_int64(), 1313);
  EXPECT_EQ(party(lines_of(m, seven), "consultant").at("minutes_spent").as_int64(), 7);
  EXPECT_EQ(party(lines_of(m, twenty), "consultant").at("amount_cents").as_int64(), 3000);
  EXPECT_EQ(party(lines_of(m, zero), "consultant").at("amount_cents").as_int64(), 0);
  EXPECT_EQ(party(lines_of(m, seven), "gp").at("amount_cents").as_int64(), 2500);
  EXPECT_EQ(m.at("total_cents").as_int64(), 3 * 2500 + 1313 + 3000);
}

TEST_F(BillingTest, TheContractInForceOnTheSubmitDateInAmsterdamIsUsed) {
  auto old_terms = contract_body();
  old_terms["valid_to"] = "2026-04-24";
  add_contract(old_terms);
  auto new_terms = contract_body();
  new_terms["valid_from"] = "2026-04-25";
  new_terms["gp_fee_cents"] = 3000;
  add_contract(new_terms);

  // Submitted Friday 24 April 23:59 Amsterdam time (21:59 UTC): the old terms, even though
  // it is closed under the new ones.
  clock_.set(*parse_timestamp("2026-04-24T21:59:00.000Z"));
  auto before = create_id("gp_a", "x_derm");
  // Submitted 00:30 on Saturday 25 April in Amsterdam, still the 24th in UTC: the new terms.
  clock_.set(*parse_timestamp("2026-04-24T22:30:00.000Z"));
  auto after = create_id("gp_a", "x_derm");
  clock_.set(*parse_timestamp("2026-04-28T09:00:00.000Z"));
  for (const auto& id : {before, after}) {
    act("derm_x1", id, "answer", answer_body());
    act("gp_a", id, "close", close_body());
  }
  auto m = month("admin");
  EXPECT_EQ(party(lines_of(m, before), "gp").at("amount_cents").as_int64(), 2500);
  EXPECT_EQ(party(lines_of(m, after), "gp").at("amount_cents").as_int64(), 3000);
  EXPECT_EQ(str(party(lines_of(m, before), "gp").at("date")), "2026-04-28");  // the close date
}

TEST_F(BillingTest, CancelledBeforeAnAnswerBillsNothing) {
  add_contract(contract_body());
  auto id = create_id("gp_a", "x_derm");
  act("gp_a", id, "cancel", json::object{{"reason", "Patiënt opgeknapt"}});
  auto m = month("admin");
  EXPECT_TRUE(m.at("items").as_array().empty());
  EXPECT_TRUE(m.at("no_contract").as_array().empty());
}

TEST_F(BillingTest, ARedirectedConsultIsBilledOnceAtTheFinalService) {
  add_contract(contract_body("cg_a", "hosp_y"));  // only the final service's hospital has a contract
  auto id = create_id("gp_a", "x_derm");
  act("derm_x1", id, "redirect", json::object{{"service_id", service("y_derm")}, {"reason", "Wachttijd"}});
  act("derm_y", id, "answer", answer_body());
  act("gp_a", id, "close", close_body());
  auto lines = lines_of(month("admin"), id);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(str(party(lines, "consultant").at("organization_id")), org("hosp_y"));
  EXPECT_EQ(str(party(lines, "consultant").at("practitioner_id")), person("derm_y").id);
}

TEST_F(BillingTest, TwoClosesRacingGiveOneDeclaration) {
  add_contract(contract_body());
  auto id = create_id("gp_a", "x_derm");
  act("derm_x1", id, "answer", answer_body());
  auto close_as = [&](const std::string& gp) {
    return as(gp).post_json("/api/v1/consults/" + id + "/close", close_body()).status;
  };
  auto a = std::async(std::launch::async, close_as, "gp_a");
  auto b = std::async(std::launch::async, close_as, "gp_a");
  int sa = a.get(), sb = b.get();
  EXPECT_TRUE((sa == 200 && sb == 409) || (sa == 409 && sb == 200)) << sa << " " << sb;
  EXPECT_EQ(lines_of(month("admin"), id).size(), 2u);
  EXPECT_EQ(month("admin").at("total_cents").as_int64(), 7000);
}

TEST_F(BillingTest, WithoutAContractTheConsultIsListedAndReprocessingBillsIt) {
  auto id = closed("gp_a", "derm_x1", "x_derm");
  auto m = month("admin");
  EXPECT_TRUE(m.at("items").as_array().empty());
  ASSERT_EQ(m.at("no_contract").as_array().size(), 1u);
  auto u = m.at("no_contract").as_array()[0].as_object();
  EXPECT_EQ(str(u.at("consult_id")), id);
  EXPECT_EQ(str(u.at("reason")), "no_contract");
  EXPECT_EQ(str(u.at("practice_name")), "Praktijk A");
  EXPECT_EQ(str(u.at("provider_organization_name")), "Ziekenhuis X");
  // The hospital sees it too (its consult is not billed), the insurer does not (no payer yet).
  EXPECT_EQ(month("coord_x").at("no_contract").as_array().size(), 1u);
  EXPECT_TRUE(month("insurer").at("no_contract").as_array().empty());

  EXPECT_EQ(as("coord_x").post_json("/api/v1/billing/reprocess", json::object{{"month", "2026-04"}}).status, 403);
  add_contract(contract_body());
  auto r = as("admin").post_json("/api/v1/billing/reprocess", json::object{{"month", "2026-04"}});
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_EQ(r.object().at("billed").as_int64(), 1);
  EXPECT_EQ(r.object().at("still_no_contract").as_int64(), 0);
  m = month("admin");
  EXPECT_EQ(lines_of(m, id).size(), 2u);
  EXPECT_TRUE(m.at("no_contract").as_array().empty());
  // Nothing left to do; nothing billed twice.
  r = as("admin").post_json("/api/v1/billing/reprocess", json::object{{"month", "2026-04"}});
  EXPECT_EQ(r.object().at("billed").as_int64(), 0);
  EXPECT_EQ(lines_of(month("admin"), id).size(), 2u);
}

TEST_F(BillingTest, EachRoleSeesItsOwnPart) {
  add_contract(contract_body("cg_a", "hosp_x", "zk"));
  add_contract(contract_body("cg_b", "hosp_y", "region"));  // paid by the region office, not the insurer
  auto a = closed("gp_a", "derm_x1", "x_derm");
  auto b = closed("gp_b", "derm_y", "y_derm");
  EXPECT_EQ(lines_of(month("admin")).size(), 4u);

  auto ins = lines_of(month("insurer"));  // the lines addressed to it
  ASSERT_EQ(ins.size(), 2u);
  for (const auto& l : ins) EXPECT_EQ(str(l.at("consult_id")), a);
  auto cgm = lines_of(month("cgm_a"));  // its practices' lines
  ASSERT_EQ(cgm.size(), 1u);
  EXPECT_EQ(str(cgm[0].at("organization_id")), org("prac_a"));
  auto hx = lines_of(month("coord_x"));  // its hospital's lines
  ASSERT_EQ(hx.size(), 1u);
  EXPECT_EQ(str(hx[0].at("organization_id")), org("hosp_x"));
  auto hy = lines_of(month("coord_y"));
  ASSERT_EQ(hy.size(), 1u);
  EXPECT_EQ(str(hy[0].at("consult_id")), b);
  // The admin narrows to one organisation (and what it pays).
  EXPECT_EQ(lines_of(month("admin", "2026-04", "&organization_id=" + org("prac_b"))).size(), 1u);
  EXPECT_EQ(lines_of(month("admin", "2026-04", "&organization_id=" + org("zk"))).size(), 2u);

  for (const char* who : {"gp_a", "asst_a", "derm_x1", "po_a"}) {
    EXPECT_EQ(as(who).get("/api/v1/billing/declarations?month=2026-04").status, 403) << who;
    EXPECT_EQ(as(who).get("/api/v1/billing/statements?month=2026-04").status, 403) << who;
    EXPECT_EQ(as(who).get("/api/v1/contracts").status, 403) << who;
  }
  EXPECT_EQ(anonymous().get("/api/v1/billing/declarations?month=2026-04").status, 401);
  EXPECT_EQ(as("coord_x").get("/api/v1/billing/declarations?month=2026-04&organization_id=" + org("prac_a")).status, 403);
  EXPECT_EQ(as("insurer").get("/api/v1/billing/declarations?month=2026-04&organization_id=" + org("prac_a")).status, 403);

  // Statements follow the same scope.
  auto st = as("coord_x").get("/api/v1/billing/statements?month=2026-04").object();
  ASSERT_EQ(st.at("items").as_array().size(), 1u);
  EXPECT_EQ(st.at("total_cents").as_int64(), 4500);
  // Contracts: a coordinator sees its hospital's, the insurer the ones it pays.
  auto kx = as("coord_y").get("/api/v1/contracts").object().at("items").as_array();
  ASSERT_EQ(kx.size(), 1u);
  EXPECT_EQ(str(kx[0].at("provider_organization_id")), org("hosp_y"));
  EXPECT_EQ(as("insurer").get("/api/v1/contracts").object().at("items").as_array().size(), 1u);
  EXPECT_EQ(as("cgm_a").get("/api/v1/contracts").object().at("items").as_array().size(), 1u);
  EXPECT_EQ(as("admin").get("/api/v1/contracts").object().at("items").as_array().size(), 2u);
}

TEST_F(BillingTest, ContractsAreValidatedAndOnlyTheRegionalAdminChangesThem) {
  EXPECT_EQ(as("coord_x").post_json("/api/v1/contracts", contract_body()).status, 403);
  EXPECT_EQ(as("insurer").post_json("/api/v1/contracts", contract_body()).status, 403);

  auto deductible = contract_body();
  deductible["deductible_applies"] = true;
  auto r = as("admin").post_json("/api/v1/contracts", deductible);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.error_fields(), std::vector<std::string>{"deductible_applies"}) << r.body;

  auto bad = contract_body("prac_a", "hosp_x", "prac_b");  // a practice is neither care group nor payer
  bad["consultant_fee_kind"] = "per_minute";
  bad["consultant_rate_cents_per_minute"] = 1.875;  // three decimals of a cent
  bad["valid_from"] = "2026-02-30";
  r = as("admin").post_json("/api/v1/contracts", bad);
  EXPECT_EQ(r.status, 422);
  auto fields = r.error_fields();
  for (const char* f : {"requester_care_group_id", "payer_id", "consultant_rate_cents_per_minute", "valid_from"})
    EXPECT_NE(std::find(fields.begin(), fields.end(), f), fields.end()) << f << " in " << r.body;

  auto missing = json::object{{"requester_care_group_id", org("cg_a")}};
  r = as("admin").post_json("/api/v1/contracts", missing);
  EXPECT_EQ(r.status, 422);
  EXPECT_GE(r.error_fields().size(), 5u) << r.body;
  EXPECT_EQ(as("admin").post_json("/api/v1/contracts", json::object{{"surprise", 1}}).status, 422);

  auto k = add_contract(contract_body());
  auto id = str(k.at("id"));
  // The same pair in an overlapping period: 409.
  auto overlap = contract_body();
  overlap["valid_from"] = "2027-01-01";
  EXPECT_EQ(as("admin").post_json("/api/v1/contracts", overlap).status, 409);
  // End the first one, then the second fits.
  r = as("admin").request("PATCH", "/api/v1/contracts/" + id,
                          json::serialize(json::object{{"valid_to", "2026-12-31"}, {"version", 1}}),
                          {{"Content-Type", "application/json"}});
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_EQ(r.object().at("version").as_int64(), 2);
  EXPECT_EQ(str(r.object().at("valid_to")), "2026-12-31");
  EXPECT_EQ(as("admin").post_json("/api/v1/contracts", overlap).status, 201);
  // A stale version: 409; another role: 403; unknown id: 404.
  r = as("admin").request("PATCH", "/api/v1/contracts/" + id, json::serialize(json::object{{"gp_fee_cents", 1}, {"version", 1}}),
                          {{"Content-Type", "application/json"}});
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(as("coord_x").request("PATCH", "/api/v1/contracts/" + id, "{}", {{"Content-Type", "application/json"}}).status, 403);
  EXPECT_EQ(as("admin").request("PATCH", "/api/v1/contracts/nope", "{}", {{"Content-Type", "application/json"}}).status, 404);
  // Switching to a fee per minute needs a rate.
  r = as("admin").request("PATCH", "/api/v1/contracts/" + id,
                          json::serialize(json::object{{"consultant_fee_kind", "per_minute"}, {"consultant_rate_cents_per_minute", 150}}),
                          {{"Content-Type", "application/json"}});
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_TRUE(r.object().at("consultant_fee_cents").is_null());
  EXPECT_EQ(r.object().at("consultant_rate_cents_per_minute").as_int64(), 150);

  EXPECT_EQ(as("admin").get("/api/v1/billing/declarations?month=2026-13").status, 422);
  EXPECT_EQ(as("admin").get("/api/v1/billing/declarations").status, 422);
  EXPECT_EQ(as("admin").get("/api/v1/billing/declarations?month=2026-04&format=xml").status, 422);
  EXPECT_TRUE(healthy());
}

TEST_F(BillingTest, TheCsvOpensAsASpreadsheetAndReadsBack) {
  // An organisation name with the separator, quotes, an accent — and one that a spreadsheet
  // would run as a formula.
  rt_->store().write([&](store::WriteTx& tx) {
    auto o = *tx.organization(OrgId(org("prac_a")));
    o.name = "Praktijk \"De Linde\"; Zuid é";
    tx.save_organization(o);
    auto h = *tx.organization(OrgId(org("hosp_x")));
    h.name = "=HYPERLINK(\"x\")";
    tx.save_organization(h);
  });
  auto body = contract_body();
  body.erase("consultant_fee_cents");
  body["consultant_fee_kind"] = "per_minute";
  body["consultant_rate_cents_per_minute"] = 187.5;
  add_contract(body);
  auto id = closed("gp_a", "derm_x1", "x_derm", 7);

  auto r = as("cgm_a").get("/api/v1/billing/declarations?month=2026-04&format=csv");
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_EQ(r.header("content-type").value_or(""), "text/csv; charset=utf-8");
  EXPECT_NE(r.header("content-disposition").value_or("").find("attachment"), std::string::npos);
  ASSERT_GE(r.body.size(), 3u);
  EXPECT_EQ(r.body.substr(0, 3), "\xEF\xBB\xBF");
  auto file = root_ / "declarations.csv";
  std::ofstream(file, std::ios::binary) << r.body;
  auto rows = read_csv(file);
  ASSERT_EQ(rows.size(), 2u);  // header + the practice's one line
  auto h = rows[0];  // a copy: rows is read again below
  auto col = [&](const std::string& name) {
    auto it = std::find(h.begin(), h.end(), name);
    EXPECT_NE(it, h.end()) << name;
    return static_cast<size_t>(it - h.begin());
  };
  EXPECT_EQ(rows[1][col("consult_id")], id);
  EXPECT_EQ(rows[1][col("organization_name")], "Praktijk \"De Linde\"; Zuid é");
  EXPECT_EQ(rows[1][col("amount_eur")], "25,00");
  EXPECT_EQ(rows[1][col("amount_cents")], "2500");
  EXPECT_EQ(rows[1][col("deductible_applies")], "false");

  // The admin's file has the hospital's line too: 1312,5 cents rounded, the formula defused.
  r = as("admin").get("/api/v1/billing/declarations?month=2026-04", {{"Accept", "text/csv"}});
  ASSERT_EQ(r.status, 200);
  std::ofstream(file, std::ios::binary | std::ios::trunc) << r.body;
  rows = read_csv(file);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], h);
  bool seen_hospital = false;
  for (size_t i = 1; i < rows.size(); ++i)
    if (rows[i][col("party")] == "consultant") {
      seen_hospital = true;
      EXPECT_EQ(rows[i][col("amount_eur")], "13,13");
      EXPECT_EQ(rows[i][col("organization_name")], "'=HYPERLINK(\"x\")");
    }
  EXPECT_TRUE(seen_hospital);

  r = as("admin").get("/api/v1/billing/statements?month=2026-04&format=csv");
  ASSERT_EQ(r.status, 200);
  std::ofstream(file, std::ios::binary | std::ios::trunc) << r.body;
  rows = read_csv(file);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0][0], "month");
  EXPECT_EQ(rows[1][0], "2026-04");
}

TEST_F(BillingTest, TheCommandLineExportWritesTheMonthAndRefusesADeductible) {
  add_contract(contract_body());
  auto id = closed("gp_a", "derm_x1", "x_derm");
  closed("gp_b", "derm_y", "y_derm");  // cg_b has no contract: reported, not billed
  stop();
  auto out = root_ / "export";
  auto [rc, text] = run_meekijk("billing export --month 2026-04 --out " + out.string() + " " + store_args());
  ASSERT_EQ(rc, 0) << text;
  EXPECT_NE(text.find("1 closed consult(s) without a contract"), std::string::npos) << text;
  auto rows = read_csv(out / "declarations-2026-04.csv");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1][0], id);
  auto statement = read_csv(out / "statement-2026-04.csv");
  EXPECT_EQ(statement.size(), 3u);
  std::tie(rc, text) = run_meekijk("billing export --month 2026-04 --format json --out " + out.string() + " " + store_args());
  ASSERT_EQ(rc, 0) << text;
  std::ifstream in(out / "declarations-2026-04.json");
  std::stringstream js;
  js << in.rdbuf();
  auto m = json::parse(js.str()).as_object();
  EXPECT_EQ(m.at("items").as_array().size(), 2u);
  EXPECT_EQ(m.at("no_contract").as_array().size(), 1u);
  EXPECT_EQ(run_meekijk("billing export --month 26-04 " + store_args()).first, 1);

  // A contract that charges the deductible can only get in behind the app's back; the
  // export then refuses the month, on the API and on the command line.
  restart();
  rt_->store().write([&](store::WriteTx& tx) {
    domain::Contract c;
    c.id = ContractId("tampered");
    c.requester_care_group_id = OrgId(org("cg_b"));
    c.provider_organization_id = OrgId(org("hosp_y"));
    c.valid_from = *parse_date("2026-01-01");
    c.payer_id = OrgId(org("zk"));
    c.gp_code = c.consultant_code = "x";
    c.deductible_applies = true;
    c.updated_at = clock_.now();
    tx.save_contract(c);
  });
  EXPECT_EQ(as("admin").post_json("/api/v1/billing/reprocess", json::object{{"month", "2026-04"}}).status, 200);
  auto r = as("admin").get("/api/v1/billing/declarations?month=2026-04");
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_NE(r.body.find("deductible"), std::string::npos);
  EXPECT_EQ(as("insurer").get("/api/v1/billing/statements?month=2026-04").status, 409);
  stop();
  std::tie(rc, text) = run_meekijk("billing export --month 2026-04 --out " + out.string() + " " + store_args());
  EXPECT_EQ(rc, 1) << text;
  EXPECT_NE(text.find("deductible"), std::string::npos) << text;
}

TEST_F(BillingTest, AnImportFileCarriesContracts) {
  json::object file{{"contracts", json::array{json::object{
                                      {"ref", "k-cg-a-x"},
                                      {"requester_care_group", "cg_a"},
                                      {"provider_organization", "hosp_x"},
                                      {"modality", "e_consult"},
                                      {"valid_from", "2026-01-01"},
                                      {"valid_to", "2026-12-31"},
                                      {"payer", "zk"},
                                      {"gp_fee_cents", 2500},
                                      {"gp_code", "13045"},
                                      {"consultant_fee_kind", "per_minute"},
                                      {"consultant_rate_cents_per_minute", 150},
                                      {"consultant_fee_cap_cents", 6000},
                                      {"consultant_code", "190009"}}}}};
  app::Importer importer(rt_->store(), rt_->ids(), app::PasswordCost::minimum(), &clock_);
  auto r = importer.import_json(json::serialize(file));
  EXPECT_EQ(r.contracts_created, 1);
  r = importer.import_json(json::serialize(file));  // idempotent by ref
  EXPECT_EQ(r.contracts_created, 0);
  EXPECT_EQ(r.contracts_updated, 1);
  auto list = as("admin").get("/api/v1/contracts").object().at("items").as_array();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(str(list[0].at("ref")), "k-cg-a-x");
  EXPECT_EQ(list[0].at("consultant_fee_cap_cents").as_int64(), 6000);
  auto id = closed("gp_a", "derm_x1", "x_derm", 50);
  EXPECT_EQ(party(lines_of(month("admin"), id), "consultant").at("amount_cents").as_int64(), 6000);

  auto& c = file["contracts"].as_array()[0].as_object();
  c["deductible_applies"] = true;
  c["payer"] = "nobody";
  try {
    importer.import_json(json::serialize(file));
    FAIL() << "a contract with the deductible was imported";
  } catch (const Error& e) {
    std::vector<std::string> fields;
    for (const auto& f : e.errors()) fields.push_back(f.field);
    EXPECT_NE(std::find(fields.begin(), fields.end(), "contracts[0].deductible_applies"), fields.end());
    EXPECT_NE(std::find(fields.begin(), fields.end(), "contracts[0].payer"), fields.end());
  }
}

}  // namespace
}  // namespace mk::apitest
