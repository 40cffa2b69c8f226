#pragma once
// A consult with fixed ids and timestamps, and steps that bring it into each state, for the
// Workflow method tests.
#include <gtest/gtest.h>

#include <chrono>

#include "domain/consult.hpp"
#include "domain/workflow.hpp"
#include "unit/test_support.hpp"

namespace mk::domain::test {

using mk::test::at;
using mk::test::caught;
using mk::test::error_code;
using S = ConsultStatus;

class WorkflowTest : public ::testing::Test {
 protected:
  // Monday 2 March 2026, 10:00 in Amsterdam.
  const Timestamp t0 = at("2026-03-02T09:00:00Z");
  Timestamp hour(int h) const { return t0 + std::chrono::hours{h}; }
  const Timestamp due1 = at("2026-03-05T09:00:00Z");
  const Timestamp due2 = at("2026-03-09T09:00:00Z");

  const Person gp{UserId("u-gp"), "Dr. A. Jansen"};
  const Person consultant{UserId("u-cons"), "Dr. B. de Vries"};
  const Person colleague{UserId("u-cons2"), "Dr. C. Smit"};
  const Person coordinator{UserId("u-coord"), "D. Bakker"};
  const ServiceId derm{"svc-derm"};
  const ServiceId kader{"svc-kader-derm"};

  mk::test::CounterIds ids;
  Consult c;

  Workflow as(const Person& who, Timestamp when) { return Workflow(ids, when, who); }

  void SetUp() override { fresh(); }

  // A new draft, created at t0 (loops over states start from one each time).
  void fresh() {
    c = Consult{};
    c.id = ConsultId("c-1");
    c.reference = "MK-2026-000001";
    c.service_id = derm;
    c.requester_id = gp.id;
    c.created_by = gp.id;
    c.question = "Is this a basal cell carcinoma?";
    c.patient_informed = true;
    as(gp, t0).create(c);
  }

  void to_submitted() { as(gp, hour(1)).submit(c, due1); }
  void to_accepted() {
    to_submitted();
    as(consultant, hour(2)).accept(c, consultant.id, consultant.name);
  }
  void to_awaiting_gp() {
    to_accepted();
    as(consultant, hour(3)).request_info(c, "Please add a dermatoscopic photo.");
  }
  void to_answered() {
    to_accepted();
    as(consultant, hour(4)).answer(c, Answer{"Looks benign; watch and wait.", false, 12});
  }
  void to_closed(Timestamp when) {
    to_answered();
    as(gp, when).close(c, Outcome{OutcomeResult::treated_by_gp, 5, true, "helpful"});
  }
  void to_closed() { to_closed(hour(5)); }
  void to_cancelled() { as(gp, hour(1)).cancel(c, "patient recovered"); }

  void reach(S status) {
    switch (status) {
      case S::draft: return;
      case S::submitted: return to_submitted();
      case S::accepted: return to_accepted();
      case S::awaiting_gp: return to_awaiting_gp();
      case S::answered: return to_answered();
      case S::closed: return to_closed();
      case S::cancelled: return to_cancelled();
    }
  }

  const ConsultEvent& last_event() const { return c.events.back(); }
  const Message& last_message() const { return c.messages.back(); }
};

}  // namespace mk::domain::test
