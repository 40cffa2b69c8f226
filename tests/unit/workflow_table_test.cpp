#include <gtest/gtest.h>

#include <array>
#include <cctype>
#include <chrono>
#include <optional>
#include <string>
#include <tuple>

#include "domain/workflow.hpp"
#include "unit/test_support.hpp"

namespace mk::domain {
namespace {

using S = ConsultStatus;
using T = Transition;

constexpr std::array kStatuses = {S::draft,  S::submitted, S::accepted, S::awaiting_gp,
                                  S::answered, S::closed,  S::cancelled};
constexpr std::array kTransitions = {T::submit,   T::accept,   T::answer, T::request_info,
                                     T::gp_reply, T::follow_up_question, T::redirect,
                                     T::cancel,   T::close,    T::follow_up};

struct Allowed {
  S from;
  T transition;
  S to;
};

// DESIGN §4, written out independently of workflow.cpp. Every pair not listed is refused.
constexpr Allowed kAllowed[] = {
    {S::draft, T::submit, S::submitted},
    {S::submitted, T::accept, S::accepted},
    {S::accepted, T::accept, S::accepted},  // re-assignment
    {S::submitted, T::answer, S::answered},
    {S::accepted, T::answer, S::answered},
    {S::submitted, T::request_info, S::awaiting_gp},
    {S::accepted, T::request_info, S::awaiting_gp},
    {S::awaiting_gp, T::gp_reply, S::accepted},
    {S::answered, T::follow_up_question, S::accepted},
    {S::submitted, T::redirect, S::submitted},
    {S::accepted, T::redirect, S::submitted},
    {S::awaiting_gp, T::redirect, S::submitted},
    {S::draft, T::cancel, S::cancelled},
    {S::submitted, T::cancel, S::cancelled},
    {S::accepted, T::cancel, S::cancelled},
    {S::awaiting_gp, T::cancel, S::cancelled},
    {S::answered, T::close, S::closed},
    {S::closed, T::follow_up, S::closed},
};

std::optional<S> expected(S from, T t) {
  for (const auto& row : kAllowed)
    if (row.from == from && row.transition == t) return row.to;
  return std::nullopt;
}

TEST(TransitionTable, CoversEveryStatusAndTransition) {
  EXPECT_EQ(kStatuses.size(), enum_count<ConsultStatus>());
  // to_string falls back to "?" only past the last enumerator.
  for (T t : kTransitions) EXPECT_NE(to_string(t), "?");
  EXPECT_EQ(to_string(static_cast<T>(kTransitions.size())), "?");
}

class TransitionTable : public ::testing::TestWithParam<std::tuple<S, T>> {};

TEST_P(TransitionTable, NextStatusMatchesDesign) {
  const auto [from, t] = GetParam();
  EXPECT_EQ(next_status(from, t), expected(from, t));
}

TEST_P(TransitionTable, RequireTransitionReturnsOrThrowsConflictNamingTheState) {
  const auto [from, t] = GetParam();
  if (auto to = expected(from, t)) {
    EXPECT_EQ(require_transition(from, t), *to);
    return;
  }
  auto e = test::caught([&] { require_transition(from, t); });
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->code(), Errc::conflict);
  EXPECT_NE(e->detail().find("'" + std::string(to_string(from)) + "'"), std::string::npos) << e->detail();
  EXPECT_NE(e->detail().find(std::string(to_string(t))), std::string::npos) << e->detail();
}

std::string name_of(const ::testing::TestParamInfo<std::tuple<S, T>>& info) {
  std::string name = std::string(to_string(std::get<0>(info.param))) + "_" +
                     std::string(to_string(std::get<1>(info.param)));
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

TEST(Overdue, OnlyWhileWaitingOnTheConsultantPastDueBeforeTheFirstAnswer) {
  const Timestamp due = test::at("2026-03-05T09:00:00Z");
  const Timestamp before = due - std::chrono::milliseconds{1};
  const Timestamp after = due + std::chrono::milliseconds{1};
  for (S s : kStatuses) {
    SCOPED_TRACE(std::string(to_string(s)));
    const bool waiting_on_consultant = s == S::submitted || s == S::accepted;
    EXPECT_EQ(is_overdue(s, due, std::nullopt, after), waiting_on_consultant);
    EXPECT_FALSE(is_overdue(s, due, std::nullopt, before));
    EXPECT_FALSE(is_overdue(s, due, std::nullopt, due));  // due means "by then"
    EXPECT_FALSE(is_overdue(s, due, before, after));      // answered once: the clock stopped
    EXPECT_FALSE(is_overdue(s, std::nullopt, std::nullopt, after));
  }
}

INSTANTIATE_TEST_SUITE_P(AllPairs, TransitionTable,
                         ::testing::Combine(::testing::ValuesIn(kStatuses), ::testing::ValuesIn(kTransitions)),
                         name_of);

}  // namespace
}  // namespace mk::domain
