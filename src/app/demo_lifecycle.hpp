#pragma once
// The life of one demo consult. The planner decides, with the region's shape in mind, what
// happens when and by whom (demo_plan.cpp); the replay then performs each step with a
// domain::Workflow built for that step's moment and actor (demo_replay.cpp), so events,
// messages, statuses and timestamps are exactly what the live system would have recorded.
// Steps that lie after `now` are not performed: the latest consults are still open.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/demo_model.hpp"
#include "app/demo_text.hpp"

namespace mk::app::demo {

// What the history generator chose for one consult.
struct ConsultSeed {
  size_t practice = 0;  // index in Directory::practices
  size_t gp = 0;        // the requester (index in Directory::users)
  std::optional<size_t> preparer;  // an assistant who prepared the draft
  size_t patient = 0;              // index in Directory::patients
  size_t service = 0;              // the service first asked
  const CaseText* text = nullptr;
  Timestamp submit_at;
  bool draft_only = false;  // a draft that is not submitted (yet)
  bool recent = false;      // in the last weeks: now and then stuck past its due time
};

enum class Act {
  create, submit, accept, request_info, gp_reply, answer, follow_up_question, redirect, cancel, close, follow_up
};

struct Step {
  Timestamp at;
  Act act = Act::create;
  size_t actor = 0;  // index in Directory::users
  size_t other = 0;  // accept: the assignee; submit/redirect: the service (index)
  std::string text;  // message, reason
  domain::Answer answer;
  domain::Outcome outcome;
  bool referred = false;  // follow_up
};

struct Plan {
  std::vector<Step> steps;  // in time order
  std::optional<size_t> direct_assignee;  // chosen by the GP for a direct-routing service
  domain::IntendedReferral intended = domain::IntendedReferral::yes;
  bool intended_known = true;  // a draft may lack it
  domain::Urgency urgency = domain::Urgency::routine;
};

Plan plan_consult(const Directory& d, Rng& rng, const ConsultSeed& seed);

// Performs the plan's steps up to `now` on a new consult.
domain::Consult replay(const Directory& d, IdGenerator& ids, const ConsultSeed& seed, const Plan& plan,
                       Timestamp now);

// The consults of `history_days` days ending at `now` (demo_history.cpp).
std::vector<domain::Consult> build_history(const Directory& d, Rng& rng, IdGenerator& ids, Timestamp now,
                                           int history_days);
// The same, handed to `sink` one at a time in day order (`meekijk generate`: millions, never
// all in memory), about `consults_per_year` a year (0: the demo's volume).
void stream_history(const Directory& d, Rng& rng, IdGenerator& ids, Timestamp now, int history_days,
                    double consults_per_year, const std::function<void(domain::Consult&&)>& sink);

}  // namespace mk::app::demo
