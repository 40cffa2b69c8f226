#pragma once
// Small helpers shared by the unit tests: a deterministic id generator, readable gtest output
// for domain enums, and a way to look at the mk::Error a call throws.
#include <gtest/gtest.h>

#include <cstdio>
#include <optional>
#include <ostream>
#include <string>
#include <utility>

#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/time.hpp"
#include "domain/enums.hpp"
#include "domain/workflow.hpp"

namespace mk::test {

// "id0001", "id0002", ...: ids in creation order, so tests can name them.
class CounterIds final : public IdGenerator {
 public:
  std::string next() override {
    char buf[16];
    std::snprintf(buf, sizeof buf, "id%04d", ++count_);
    return buf;
  }

 private:
  int count_ = 0;
};

inline Timestamp at(const char* text) { return parse_timestamp(text).value(); }

// The mk::Error `f` throws, or nullopt (and a test failure) when it throws none.
template <class F>
std::optional<Error> caught(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "expected an mk::Error";
  return std::nullopt;
}

template <class F>
std::optional<Errc> error_code(F&& f) {
  auto e = caught(std::forward<F>(f));
  return e ? std::optional<Errc>(e->code()) : std::nullopt;
}

}  // namespace mk::test

namespace mk {
inline void PrintTo(Errc e, std::ostream* os) { *os << errc_slug(e); }
}  // namespace mk

namespace mk::domain {
inline void PrintTo(ConsultStatus s, std::ostream* os) { *os << to_string(s); }
inline void PrintTo(MessageKind k, std::ostream* os) { *os << to_string(k); }
inline void PrintTo(Transition t, std::ostream* os) { *os << to_string(t); }
}  // namespace mk::domain
