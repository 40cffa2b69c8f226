// On-site meekijkconsult sessions through the API, on both backends (issue 8, part 1): who plans
// and who sees a session, booking = an on_site consult, the slot race, full sessions, moving
// and cancelling (with the GPs' mails), advice and close per patient, billing under an on_site
// contract and the report by modality.
#include <algorithm>
#include <future>
#include <thread>

#include "harness.hpp"
#include "smtp_sink.hpp"

namespace mk::apitest {
namespace {

class Sessions : public WithMail {
 protected:
  // Wednesday 6 May 2026, 13:00–16:00 at practice A, open to care group A (x_derm accepts it).
  json::object session_body(int slots = 3, const std::string& date = "2026-05-06") {
    return {{"service_id", service("x_derm")}, {"consultant_id", person("derm_x1").id},
            {"location_id", org("prac_a")},    {"date", date},
            {"start", "13:00"},                {"end", "16:00"},
            {"slots", slots},                  {"open_to", json::array{org("cg_a")}}};
  }
  std::string plan(int slots = 3, const std::string& who = "coord_x") {
    auto r = as(who).post_json("/api/v1/sessions", session_body(slots));
    EXPECT_EQ(r.status, 201) << r.describe();
    return str(r.object().at("id"));
  }
  json::object booking_body(const std::string& bsn, std::optional<int> slot = std::nullopt) {
    auto b = consult_body("x_derm", bsn);
    b.erase("modality");
    b.erase("service_id");
    if (slot) b["slot"] = *slot;
    return b;
  }
  Response book(const std::string& gp, const std::string& session, const std::string& bsn,
                std::optional<int> slot = std::nullopt) {
    return as(gp).post_json("/api/v1/sessions/" + session + "/bookings", booking_body(bsn, slot));
  }
  json::object booked(const std::string& gp, const std::string& session, const std::string& bsn,
                      std::optional<int> slot = std::nullopt) {
    auto r = book(gp, session, bsn, slot);
    EXPECT_EQ(r.status, 201) << r.describe();
    return r.object();
  }
  std::vector<std::string> calendar(const std::string& ref) {
    auto r = as(ref).get("/api/v1/sessions?from=2026-05-01&to=2026-05-31");
    EXPECT_EQ(r.status, 200) << r.describe();
    std::vector<std::string> ids;
    auto body = r.object();
    for (const auto& s : body.at("items").as_array()) ids.push_back(str(s.at("id")));
    return ids;
  }
  static std::vector<std::string> sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
  }
  // Care group A × hospital X, on site, from 2026: € 30 to the practice, € 60 to the hospital per patient.
  json::object on_site_contract(int64_t gp_cents = 3000, int64_t consultant_cents = 6000) {
    return {{"requester_care_group_id", org("cg_a")}, {"provider_organization_id", org("hosp_x")},
            {"modality", "on_site"},                 {"valid_from", "2026-01-01"},
            {"valid_to", nullptr},                   {"payer_id", org("zk")},
            {"gp_fee_cents", gp_cents},              {"gp_code", "13046"},
            {"consultant_fee_kind", "fixed"},        {"consultant_fee_cents", consultant_cents},
            {"consultant_code", "190010"}};
  }
  // Answered after the visit (the clock moves past it) and, for those in `close`, closed.
  void answer_after_visit(const std::vector<std::string>& ids) {
    clock_.set(*parse_timestamp("2026-05-06T14:30:00.000Z"));
    for (const auto& id : ids) act("derm_x1", id, "answer", answer_body("Besproken op het spreekuur.", 10));
  }
  // The month's lines that bill a session (session_id set).
  static std::vector<json::object> session_lines(const json::object& month) {
    std::vector<json::object> out;
    for (const auto& l : month.at("items").as_array())
      if (!l.at("session_id").is_null()) out.push_back(l.as_object());
    return out;
  }
  json::object may_lines() { return as("admin").get("/api/v1/billing/declarations?month=2026-05").object(); }
  static bool has_event(const json::object& consult, const std::string& type) {
    for (const auto& e : consult.at("events").as_array())
      if (str(e.at("type")) == type) return true;
    return false;
  }
};

TEST_F(Sessions, TheCoordinatorOrTheConsultantPlansAndOnlyOpenPracticesSeeIt) {
  auto by_coordinator = plan(3, "coord_x");
  auto body = session_body();
  body.erase("consultant_id");  // a consultant plans its own visit
  auto r = as("derm_x1").post_json("/api/v1/sessions", body);
  ASSERT_EQ(r.status, 201) << r.describe();
  EXPECT_EQ(str(r.object().at("consultant_id")), person("derm_x1").id);
  EXPECT_EQ(str(r.object().at("location_name")), "Praktijk A");
  EXPECT_EQ(r.object().at("free").as_int64(), 3);
  auto by_consultant = str(r.object().at("id"));

  // A colleague cannot plan for derm_x1; others cannot plan at all.
  EXPECT_EQ(as("derm_x2").post_json("/api/v1/sessions", session_body()).status, 403);
  EXPECT_EQ(as("coord_y").post_json("/api/v1/sessions", session_body()).status, 403);
  for (const char* who : {"gp_a", "admin", "desk"})
    EXPECT_EQ(as(who).post_json("/api/v1/sessions", session_body()).status, 403) << who;
  body = session_body();
  body["end"] = "12:00";
  body["slots"] = 0;
  body["location_id"] = org("hosp_y");
  r = as("coord_x").post_json("/api/v1/sessions", body);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(sorted(r.error_fields()), (std::vector<std::string>{"end", "location_id", "slots"})) << r.body;

  EXPECT_EQ(calendar("gp_a").size(), 2u);
  EXPECT_EQ(calendar("derm_x2").size(), 2u);  // the service's consultants see its sessions
  EXPECT_TRUE(calendar("gp_b").empty());      // practice B is not in open_to
  EXPECT_TRUE(calendar("derm_y").empty());
  for (const char* who : {"gp_b", "derm_y", "coord_y", "admin"})
    EXPECT_EQ(as(who).get("/api/v1/sessions/" + by_coordinator).status, 404) << who;
  EXPECT_EQ(as("gp_b").post_json("/api/v1/sessions/" + by_consultant + "/bookings", booking_body(valid_bsn(1))).status, 404);
  EXPECT_EQ(as("gp_a").request("PATCH", "/api/v1/sessions/" + by_consultant, R"({"start":"14:00"})",
                               {{"Content-Type", "application/json"}}).status, 403);
}

TEST_F(Sessions, ABookingIsAnOnSiteConsultInAFreeSlot) {
  auto s = plan(3);
  auto c = booked("gp_a", s, valid_bsn(1));
  EXPECT_EQ(str(c.at("modality")), "on_site");
  EXPECT_EQ(str(c.at("status")), "submitted");
  EXPECT_EQ(str(c.at("session_id")), s);
  EXPECT_EQ(c.at("slot").as_int64(), 1);
  EXPECT_EQ(str(c.at("due_at")), "2026-05-06T14:00:00.000Z");  // the session's end, 16:00 CEST
  EXPECT_EQ(str(c.at("assignee_id")), person("derm_x1").id);
  auto bad = booking_body(valid_bsn(4));
  bad.erase("question");
  EXPECT_EQ(as("gp_a").post_json("/api/v1/sessions/" + s + "/bookings", bad).error_fields(),
            std::vector<std::string>{"question"});
  EXPECT_EQ(booked("gp_a2", s, valid_bsn(2), 3).at("slot").as_int64(), 3);
  EXPECT_EQ(booked("gp_a", s, valid_bsn(3)).at("slot").as_int64(), 2);  // the first free one
  auto full = book("gp_a", s, valid_bsn(4));
  EXPECT_EQ(full.status, 409) << full.describe();
  EXPECT_EQ(book("gp_a", s, valid_bsn(4), 2).status, 409);
  EXPECT_EQ(book("gp_a", s, valid_bsn(4), 9).error_fields(), std::vector<std::string>{"slot"});
  EXPECT_EQ(book("asst_a", s, valid_bsn(4)).status, 403);

  // The consultant's detail shows the patients — each an audited read of that consult.
  auto d = as("derm_x1").get("/api/v1/sessions/" + s);
  ASSERT_EQ(d.status, 200) << d.describe();
  auto slots = d.object().at("slot_list").as_array();
  ASSERT_EQ(slots.size(), 3u);
  EXPECT_EQ(str(slots[0].at("patient_name")), "J. Jansen");
  EXPECT_EQ(d.object().at("free").as_int64(), 0);
  EXPECT_EQ(count_events(audit("po_x", "consult_id=" + str(c.at("id"))), "session.read"), 1);
  // The list is the consultant's queue too.
  EXPECT_EQ(box("derm_x1", "assigned").size(), 3u);
  // A cancelled consult frees its slot.
  act("gp_a", str(c.at("id")), "cancel", json::object{{"reason", "Patiënt verhuisd"}});
  EXPECT_EQ(booked("gp_a", s, valid_bsn(5)).at("slot").as_int64(), 1);
}

TEST_F(Sessions, TwoGpsRacingForOneSlotGetOne201AndOne409) {
  for (int round = 0; round < 4; ++round) {
    auto s = plan(round % 2 == 0 ? 3 : 1);
    std::optional<int> slot = round % 2 == 0 ? std::optional<int>(2) : std::nullopt;  // a named slot, or the last free one
    auto a = booking_body(valid_bsn(10 + 2 * round), slot);
    auto b = booking_body(valid_bsn(11 + 2 * round), slot);
    Caller ca = as("gp_a"), cb = as("gp_a2");
    int status_a = 0, status_b = 0;
    std::thread ta([&] { status_a = ca.post_json("/api/v1/sessions/" + s + "/bookings", a).status; });
    std::thread tb([&] { status_b = cb.post_json("/api/v1/sessions/" + s + "/bookings", b).status; });
    ta.join();
    tb.join();
    EXPECT_EQ(std::min(status_a, status_b), 201) << "round " << round;
    EXPECT_EQ(std::max(status_a, status_b), 409) << "round " << round;
    EXPECT_EQ(as("coord_x").get("/api/v1/sessions/" + s).object().at("booked").as_int64(), 1);
  }
}

TEST_F(Sessions, CancellingReturnsTheConsultsToTheGpsAndMailsThem) {
  auto s = plan(3);
  auto c1 = booked("gp_a", s, valid_bsn(1));
  auto c2 = booked("gp_a2", s, valid_bsn(2));
  sink_->wait_for(2);  // the consultant's two new-consult mails
  EXPECT_EQ(as("gp_a").post_json("/api/v1/sessions/" + s + "/cancel", json::object{}).status, 403);
  auto r = as("coord_x").post_json("/api/v1/sessions/" + s + "/cancel", json::object{{"reason", "Ziekte"}});
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_EQ(str(r.object().at("status")), "cancelled");
  EXPECT_EQ(r.object().at("booked").as_int64(), 0);

  auto back = fetch("gp_a", str(c1.at("id")));
  EXPECT_EQ(str(back.at("status")), "draft");
  EXPECT_TRUE(back.at("session_id").is_null());
  EXPECT_TRUE(back.at("due_at").is_null());
  EXPECT_TRUE(has_event(back, "session_cancelled"));
  EXPECT_EQ(box("derm_x1", "service").size(), 0u);  // out of the consultant's queue

  auto mails = sink_->wait_for(4);
  ASSERT_EQ(to(mails, "gp_a").size(), 1u);
  ASSERT_EQ(to(mails, "gp_a2").size(), 1u);
  EXPECT_TRUE(to(mails, "gp_a")[0].has("Meekijkspreekuur geannuleerd " + str(c1.at("reference"))));
  EXPECT_TRUE(to(mails, "gp_a2")[0].has(str(c2.at("reference"))));
  EXPECT_FALSE(to(mails, "gp_a")[0].has("Jansen"));

  // Booking into the cancelled session: 409. The GP books the draft into another one, or cancels it.
  EXPECT_EQ(book("gp_a", s, valid_bsn(3)).status, 409);
  auto plain = as("gp_a").post_json("/api/v1/consults/" + str(c1.at("id")) + "/submit", json::object{});
  EXPECT_EQ(plain.error_fields(), std::vector<std::string>{"modality"}) << plain.body;  // only by booking
  auto other = plan(3);
  r = as("gp_a").post_json("/api/v1/sessions/" + other + "/bookings", json::object{{"consult_id", str(c1.at("id"))}, {"slot", 2}});
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_EQ(str(r.object().at("status")), "submitted");
  EXPECT_EQ(str(r.object().at("session_id")), other);
  EXPECT_EQ(r.object().at("slot").as_int64(), 2);
  act("gp_a2", str(c2.at("id")), "cancel", json::object{{"reason", "Niet meer nodig"}});
  EXPECT_EQ(as("coord_x").post_json("/api/v1/sessions/" + s + "/cancel", json::object{}).status, 409);  // once
}

TEST_F(Sessions, MovingASessionMovesItsConsultsAndMailsTheGps) {
  auto s = plan(3);
  auto c = booked("gp_a", s, valid_bsn(1));
  sink_->wait_for(1);
  auto r = as("derm_x1").request("PATCH", "/api/v1/sessions/" + s,
                                 R"({"date":"2026-05-07","start":"09:00","end":"11:30"})", {{"Content-Type", "application/json"}});
  ASSERT_EQ(r.status, 200) << r.describe();
  EXPECT_EQ(str(r.object().at("date")), "2026-05-07");
  auto moved = fetch("gp_a", str(c.at("id")));
  EXPECT_EQ(str(moved.at("due_at")), "2026-05-07T09:30:00.000Z");
  EXPECT_TRUE(has_event(moved, "session_moved"));
  auto mails = sink_->wait_for(2);
  ASSERT_EQ(to(mails, "gp_a").size(), 1u);
  EXPECT_TRUE(to(mails, "gp_a")[0].has("Meekijkspreekuur verplaatst " + str(c.at("reference"))));
  r = as("coord_x").request("PATCH", "/api/v1/sessions/" + s, R"({"slots":0,"end":"08:00"})",
                            {{"Content-Type", "application/json"}});
  EXPECT_EQ(sorted(r.error_fields()), (std::vector<std::string>{"end", "slots"})) << r.body;
}

TEST_F(Sessions, AfterTheVisitEachPatientIsAnsweredClosedBilledOnSiteAndReportedByModality) {
  ASSERT_EQ(as("admin").post_json("/api/v1/contracts", on_site_contract()).status, 201);
  auto s = plan(10);
  std::vector<std::string> ids;
  for (int i = 0; i < 10; ++i) ids.push_back(str(booked(i % 2 ? "gp_a2" : "gp_a", s, valid_bsn(40 + i)).at("id")));
  clock_.set(*parse_timestamp("2026-05-06T14:30:00.000Z"));  // after the visit
  EXPECT_EQ(book("gp_a", s, valid_bsn(60)).status, 409);      // over
  for (size_t i = 0; i < ids.size(); ++i) {
    act("derm_x1", ids[i], "answer", answer_body("Besproken op het spreekuur.", 10));
    act(i % 2 ? "gp_a2" : "gp_a", ids[i], "close", close_body(i < 7 ? "treated_by_gp" : "referred"));
  }
  auto lines = as("admin").get("/api/v1/billing/declarations?month=2026-05").object();
  ASSERT_EQ(lines.at("items").as_array().size(), 20u);
  for (const auto& l : lines.at("items").as_array()) {
    EXPECT_EQ(str(l.at("code")) == "13046" ? 3000 : 6000, l.at("amount_cents").as_int64());
    EXPECT_TRUE(str(l.at("code")) == "13046" || str(l.at("code")) == "190010");
  }
  auto report = as("admin").get("/api/v1/reports/triple-aim?from=2026-05-01&to=2026-05-31&by=modality");
  ASSERT_EQ(report.status, 200) << report.describe();
  bool found = false;
  auto body = report.object();  // kept: the loop must not run over a temporary's member
  for (const auto& g : body.at("groups").as_array()) {
    if (str(g.at("key")) != "on_site") continue;
    found = true;
    EXPECT_EQ(g.at("consults").as_int64(), 10);
    EXPECT_EQ(g.at("fees_cents").as_int64(), 10 * (3000 + 6000));
    EXPECT_DOUBLE_EQ(g.at("treated_by_gp_pct").as_double(), 70.0);
  }
  EXPECT_TRUE(found) << report.body;
}

TEST_F(Sessions, AnOnSiteConsultIsOnlyMadeByBookingIntoASession) {
  auto body = consult_body("x_derm", valid_bsn(7));
  body["modality"] = "on_site";
  auto r = as("gp_a").post_json("/api/v1/consults", body);
  EXPECT_EQ(r.status, 422) << r.describe();
  EXPECT_EQ(r.error_fields(), std::vector<std::string>{"modality"}) << r.body;
  EXPECT_NE(r.body.find("/bookings"), std::string::npos) << r.body;
  body["draft"] = true;  // nor as a draft
  EXPECT_EQ(as("gp_a").post_json("/api/v1/consults", body).error_fields(), std::vector<std::string>{"modality"});
  // The session's own path still makes one.
  auto s = plan(2);
  auto c = booked("gp_a", s, valid_bsn(7));
  EXPECT_EQ(str(c.at("modality")), "on_site");
}

TEST_F(Sessions, ASessionIsNotPlannedOrMovedIntoThePast) {
  // The clock says Friday 24 April 2026, 10:00 in Amsterdam: today may be planned, yesterday not.
  auto r = as("coord_x").post_json("/api/v1/sessions", session_body(3, "2026-04-23"));
  EXPECT_EQ(r.status, 422) << r.describe();
  EXPECT_EQ(r.error_fields(), std::vector<std::string>{"date"}) << r.body;
  r = as("coord_x").post_json("/api/v1/sessions", session_body(3, "2026-04-24"));
  ASSERT_EQ(r.status, 201) << r.describe();
  auto s = plan(3);
  r = as("derm_x1").request("PATCH", "/api/v1/sessions/" + s, R"({"date":"2026-04-20"})",
                            {{"Content-Type", "application/json"}});
  EXPECT_EQ(r.status, 422) << r.describe();
  EXPECT_EQ(r.error_fields(), std::vector<std::string>{"date"}) << r.body;
  // 22:30 UTC on the 24th is already the 25th in Amsterdam.
  clock_.set(*parse_timestamp("2026-04-24T22:30:00.000Z"));
  EXPECT_EQ(as("coord_x").post_json("/api/v1/sessions", session_body(3, "2026-04-24")).error_fields(),
            std::vector<std::string>{"date"});
  EXPECT_EQ(as("coord_x").post_json("/api/v1/sessions", session_body(3, "2026-04-25")).status, 201);
}

TEST_F(Sessions, AFeePerSessionIsBilledOnceWithItsFirstClosedConsult) {
  auto bad = on_site_contract();
  bad["session_fee_cents"] = -1;
  EXPECT_EQ(as("admin").post_json("/api/v1/contracts", bad).error_fields(), std::vector<std::string>{"session_fee_cents"});
  auto k = on_site_contract();  // both: per patient and per session
  k["session_fee_cents"] = 25000;
  auto r = as("admin").post_json("/api/v1/contracts", k);
  ASSERT_EQ(r.status, 201) << r.describe();
  EXPECT_EQ(r.object().at("session_fee_cents").as_int64(), 25000);

  auto s = plan(3);
  auto quiet = plan(2);  // a consult booked, answered, never closed: no session line
  auto one = str(booked("gp_a", s, valid_bsn(70)).at("id"));
  auto two = str(booked("gp_a2", s, valid_bsn(71)).at("id"));
  auto open = str(booked("gp_a", quiet, valid_bsn(72)).at("id"));
  answer_after_visit({one, two, open});
  auto close_as = [&](const std::string& gp, const std::string& id) {
    return as(gp).post_json("/api/v1/consults/" + id + "/close", close_body("treated_by_gp")).status;
  };
  auto a = std::async(std::launch::async, close_as, "gp_a", one);  // the two closes race
  auto b = std::async(std::launch::async, close_as, "gp_a2", two);
  EXPECT_EQ(a.get(), 200);
  EXPECT_EQ(b.get(), 200);

  auto m = may_lines();
  EXPECT_EQ(m.at("items").as_array().size(), 5u) << json::serialize(m);  // 2 × 2 per patient + 1
  auto sl = session_lines(m);
  ASSERT_EQ(sl.size(), 1u) << json::serialize(m);
  EXPECT_EQ(str(sl[0].at("session_id")), s);
  EXPECT_EQ(str(sl[0].at("reference")), s);
  EXPECT_EQ(str(sl[0].at("party")), "consultant");
  EXPECT_EQ(str(sl[0].at("organization_id")), org("hosp_x"));
  EXPECT_EQ(str(sl[0].at("practitioner_id")), person("derm_x1").id);
  EXPECT_EQ(str(sl[0].at("code")), "190010");
  EXPECT_EQ(str(sl[0].at("date")), "2026-05-06");
  EXPECT_EQ(sl[0].at("amount_cents").as_int64(), 25000);
  EXPECT_EQ(m.at("total_cents").as_int64(), 2 * (3000 + 6000) + 25000);

  auto st = as("admin").get("/api/v1/billing/statements?month=2026-05");
  ASSERT_EQ(st.status, 200) << st.describe();
  EXPECT_EQ(st.object().at("total_cents").as_int64(), 2 * (3000 + 6000) + 25000);
  auto csv = as("admin").get("/api/v1/billing/declarations?month=2026-05&format=csv");
  ASSERT_EQ(csv.status, 200) << csv.describe();
  EXPECT_NE(csv.body.find("session_id"), std::string::npos);
  EXPECT_NE(csv.body.find(";" + s), std::string::npos) << csv.body;  // the reference and session_id columns
}

TEST_F(Sessions, ReprocessingBillsASessionWhoseContractCameLater) {
  auto s = plan(2);
  auto id = str(booked("gp_a", s, valid_bsn(75)).at("id"));
  answer_after_visit({id});
  act("gp_a", id, "close", close_body("treated_by_gp"));
  EXPECT_TRUE(may_lines().at("items").as_array().empty());
  auto k = on_site_contract(0, 0);  // a session-only contract: per-patient fees 0
  k["session_fee_cents"] = 18000;
  ASSERT_EQ(as("admin").post_json("/api/v1/contracts", k).status, 201);
  for (int run = 0; run < 2; ++run) {  // twice: still once
    auto r = as("admin").post_json("/api/v1/billing/reprocess", json::object{{"month", "2026-05"}});
    ASSERT_EQ(r.status, 200) << r.describe();
    auto m = may_lines();
    EXPECT_EQ(m.at("items").as_array().size(), 3u) << json::serialize(m);
    ASSERT_EQ(session_lines(m).size(), 1u);
    EXPECT_EQ(m.at("total_cents").as_int64(), 18000);
  }
}

}  // namespace
}  // namespace mk::apitest
