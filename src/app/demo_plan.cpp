// Planning the life of one demo consult (app/demo_lifecycle.hpp). The probabilities give the
// region its shape: about two thirds treated by the GP (70% of intended referrals avoided,
// 3% of "would not refer" referred anyway), a first answer after about a day, ~10% answered
// after the due time, ~5% redirected, ~5% cancelled, some rounds of extra information.
#include <algorithm>
#include <chrono>

#include "app/demo_lifecycle.hpp"
#include "domain/calendar.hpp"

namespace mk::app::demo {
namespace {

using domain::IntendedReferral;
using domain::OutcomeResult;
using std::chrono::days;

class Planner {
 public:
  Planner(const Directory& d, Rng& rng, const ConsultSeed& seed)
      : d_(d), rng_(rng), seed_(seed), service_(seed.service) {}

  Plan run() {
    choose_intent();
    if (d_.services[service_].routing == domain::Routing::direct)
      plan_.direct_assignee = assignee_ = pick(rng_, d_.staffing[service_].consultants);
    create();
    if (seed_.draft_only) return std::move(plan_);
    push({seed_.submit_at, Act::submit, seed_.gp, service_});
    base_ = seed_.submit_at;
    due_ = domain::add_working_days(base_, d_.services[service_].response_days);
    // ~5% redirected (a few specialties have no second service to go to) and ~5% cancelled
    // (these, plus GPs who give up while asked for information).
    if (chance(rng_, 0.055)) redirect();
    if (chance(rng_, 0.035)) {
      cancel(at_work(rng_, plus_hours(base_, lognormal(rng_, 20, 1.2))));
      return std::move(plan_);
    }
    if (answer_rounds()) close_and_follow_up();
    return std::move(plan_);
  }

 private:
  void push(Step s) {
    if (!plan_.steps.empty()) s.at = std::max(s.at, plan_.steps.back().at + std::chrono::minutes{1});
    plan_.steps.push_back(std::move(s));
  }
  Timestamp last() const { return plan_.steps.back().at; }
  size_t consultant() { return assignee_ ? *assignee_ : pick(rng_, d_.staffing[service_].consultants); }

  void choose_intent() {
    static constexpr IntendedReferral kIntents[] = {IntendedReferral::yes, IntendedReferral::no,
                                                    IntendedReferral::unsure};
    plan_.intended = kIntents[pick_weighted(rng_, {0.62, 0.13, 0.25})];
    plan_.intended_known = !seed_.draft_only || chance(rng_, 0.5);
    plan_.urgency = chance(rng_, 0.12) ? domain::Urgency::soon : domain::Urgency::routine;
    std::vector<double> odds;  // treated_by_gp, referred, referred_elsewhere, other
    switch (plan_.intended) {
      case IntendedReferral::yes: odds = {0.70, 0.25, 0.03, 0.02}; break;
      case IntendedReferral::no: odds = {0.95, 0.03, 0.0, 0.02}; break;
      case IntendedReferral::unsure: odds = {0.45, 0.45, 0.05, 0.05}; break;
    }
    result_ = static_cast<OutcomeResult>(pick_weighted(rng_, odds));
  }

  void create() {
    if (seed_.preparer && !seed_.draft_only)
      push({plus_hours(seed_.submit_at, -uniform(rng_, 1, 6)), Act::create, *seed_.preparer});
    else if (seed_.draft_only)
      push({seed_.submit_at, Act::create, seed_.preparer.value_or(seed_.gp)});
    else
      push({plus_hours(seed_.submit_at, -uniform(rng_, 0.05, 0.4)), Act::create, seed_.gp});
  }

  // Another service of the same specialty takes over (pool routing, accepts the practice).
  void redirect() {
    std::vector<size_t> targets;
    const auto& from = d_.services[service_];
    for (size_t s = 0; s < d_.services.size(); ++s) {
      const auto& to = d_.services[s];
      if (s != service_ && to.specialty == from.specialty && to.routing == domain::Routing::pool &&
          d_.accepts(s, d_.practices[seed_.practice]))
        targets.push_back(s);
    }
    if (targets.empty()) return;
    const auto& staff = d_.staffing[service_];
    size_t actor = staff.coordinator && chance(rng_, 0.5) ? *staff.coordinator : consultant();
    size_t target = pick(rng_, targets);
    Timestamp at = at_work(rng_, plus_hours(base_, lognormal(rng_, 3, 1.0)));
    push({at, Act::redirect, actor, target, std::string(redirect_reason(rng_))});
    service_ = target;
    base_ = last();
    due_ = domain::add_working_days(base_, d_.services[service_].response_days);
    assignee_.reset();
  }

  void cancel(Timestamp at) {
    if (plan_.steps.back().act == Act::submit && chance(rng_, 0.4)) {
      size_t k = consultant();
      push({at_work(rng_, base_ + (at - base_) / 2), Act::accept, k, k});
    }
    push({at, Act::cancel, seed_.gp, 0, std::string(cancel_reason(rng_))});
  }

  // When the consultant first acts: usually before the due time, sometimes after it.
  Timestamp first_action() {
    if (seed_.recent && chance(rng_, 0.06)) return at_work(rng_, due_ + days{uniform_int(rng_, 3, 10)});
    if (chance(rng_, 0.03)) return at_work(rng_, plus_hours(due_, lognormal(rng_, 6, 1.0)));
    double median = plan_.urgency == domain::Urgency::soon ? 6 : 14;
    Timestamp t = at_work(rng_, plus_hours(base_, lognormal(rng_, median, 1.0)));
    if (t >= due_) t = std::max(plus_hours(due_, -uniform(rng_, 0.1, 2.5)), plus_hours(base_, 0.3));
    return t;
  }

  void accept_before(Timestamp action, size_t k) {
    const bool direct = d_.services[service_].routing == domain::Routing::direct;
    if (!chance(rng_, direct ? 0.3 : 0.55)) return;
    const auto& staff = d_.staffing[service_];
    size_t actor = !direct && staff.coordinator && chance(rng_, 0.25) ? *staff.coordinator : k;
    push({plus_hours(base_, hours_between(base_, action) * uniform(rng_, 0.05, 0.5)), Act::accept, actor, k});
  }

  domain::Answer answer_for(bool first, std::string_view second_text = {}) {
    double p_refer = result_ == OutcomeResult::referred             ? 0.85
                     : result_ == OutcomeResult::referred_elsewhere ? 0.6
                     : result_ == OutcomeResult::other              ? 0.2
                                                                    : 0.04;
    if (first) referral_advised_ = chance(rng_, p_refer);
    int minutes = std::clamp(static_cast<int>(lognormal(rng_, first ? 10 : 5, 0.5)), 2, 60);
    std::string advice(first ? (referral_advised_ ? seed_.text->advice_refer : seed_.text->advice_gp)
                             : second_text);
    return {std::move(advice), referral_advised_, minutes};
  }

  // Returns false when the consult ends without an answer (the GP cancels).
  bool answer_rounds() {
    size_t k = consultant();
    Timestamp action = first_action();
    accept_before(action, k);
    if (chance(rng_, 0.14)) {
      auto exchange = info_exchange(rng_);
      push({action, Act::request_info, k, 0, std::string(exchange.ask)});
      if (chance(rng_, 0.1)) {
        push({at_work(rng_, plus_hours(last(), lognormal(rng_, 48, 0.8))), Act::cancel, seed_.gp, 0,
              "Patiënt wil toch direct verwezen worden."});
        return false;
      }
      // The GP often has to reach the patient first: hours, for some patients days.
      double reply = chance(rng_, 0.3) ? lognormal(rng_, 72, 0.6) : lognormal(rng_, 12, 1.0);
      push({at_work(rng_, plus_hours(last(), reply)), Act::gp_reply, seed_.gp, 0,
            std::string(exchange.reply)});
      action = at_work(rng_, plus_hours(last(), lognormal(rng_, 6, 0.9)));
    }
    Step answer{action, Act::answer, k};
    answer.answer = answer_for(true);
    push(std::move(answer));
    if (chance(rng_, 0.07)) {
      auto exchange = follow_up_exchange(rng_);
      push({at_work(rng_, plus_hours(last(), lognormal(rng_, 20, 1.0))), Act::follow_up_question, seed_.gp, 0,
            std::string(exchange.ask)});
      Step second{at_work(rng_, plus_hours(last(), lognormal(rng_, 8, 1.0))), Act::answer, k};
      second.answer = answer_for(false, exchange.reply);
      push(std::move(second));
    }
    return true;
  }

  void close_and_follow_up() {
    if (chance(rng_, 0.015)) return;  // some GPs never close
    Step close{at_work(rng_, plus_hours(last(), lognormal(rng_, 30, 1.2))), Act::close, seed_.gp};
    close.outcome.result = result_;
    close.outcome.usefulness = 1 + static_cast<int>(pick_weighted(rng_, {0.02, 0.04, 0.12, 0.42, 0.40}));
    close.outcome.learned = chance(rng_, 0.6);
    if (close.outcome.usefulness >= 3 && chance(rng_, 0.3))
      close.outcome.note = std::string(close_note(rng_, result_));
    push(std::move(close));
    if (result_ != OutcomeResult::treated_by_gp || !chance(rng_, 0.88)) return;
    Step follow{last(), Act::follow_up, seed_.gp};
    follow.referred = chance(rng_, 0.08);
    // "Not referred" can only be confirmed once the 90 days have passed.
    const int after = follow.referred ? uniform_int(rng_, 10, 85) : 90 + uniform_int(rng_, 0, 20);
    follow.at = at_work(rng_, last() + days{after});
    push(std::move(follow));
  }

  const Directory& d_;
  Rng& rng_;
  const ConsultSeed& seed_;
  Plan plan_;
  size_t service_;
  Timestamp base_;
  Timestamp due_;
  std::optional<size_t> assignee_;
  OutcomeResult result_ = OutcomeResult::treated_by_gp;
  bool referral_advised_ = false;
};

}  // namespace

Plan plan_consult(const Directory& d, Rng& rng, const ConsultSeed& seed) { return Planner(d, rng, seed).run(); }

}  // namespace mk::app::demo
