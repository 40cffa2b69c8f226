// The production id generator: 26 characters of an ASCII-ordered alphabet, later ids sort
// later (index inserts at the right-hand edge), and still 80 random bits within a millisecond.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "app/crypto.hpp"
#include "core/clock.hpp"
#include "core/time.hpp"

namespace mk::app {
namespace {

TEST(RandomIdGenerator, IdsAre26CharactersOfTheOrderedAlphabet) {
  ManualClock clock(from_unix_ms(1790000000000));
  RandomIdGenerator ids(clock);
  for (int i = 0; i < 100; ++i) {
    auto id = ids.next();
    ASSERT_EQ(id.size(), 26u) << id;
    EXPECT_EQ(id.find_first_not_of("0123456789abcdefghjkmnpqrstvwxyz"), std::string::npos) << id;
  }
}

TEST(RandomIdGenerator, LaterIdsSortLater) {
  ManualClock clock(from_unix_ms(1790000000000));
  RandomIdGenerator ids(clock);
  std::vector<std::string> made;
  for (int i = 0; i < 200; ++i) {
    made.push_back(ids.next());
    clock.advance(std::chrono::milliseconds(1 + i % 3));
  }
  EXPECT_TRUE(std::is_sorted(made.begin(), made.end()));
  // Across a long time span too: the 48-bit millisecond prefix orders by the numbers.
  clock.advance(std::chrono::hours(24 * 365 * 30));
  EXPECT_LT(made.back(), ids.next());
}

TEST(RandomIdGenerator, IdsOfOneMillisecondDifferInTheirRandomPart) {
  ManualClock clock(from_unix_ms(1790000000000));
  RandomIdGenerator ids(clock);
  std::set<std::string> seen;
  std::set<std::string> prefixes;
  for (int i = 0; i < 10000; ++i) {
    auto id = ids.next();
    seen.insert(id);
    prefixes.insert(id.substr(0, 9));  // 45 of the 48 clock bits
  }
  EXPECT_EQ(seen.size(), 10000u);
  EXPECT_EQ(prefixes.size(), 1u);
}

}  // namespace
}  // namespace mk::app
