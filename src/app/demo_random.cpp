// Random draws and wall-clock helpers for the demo region (app/demo_model.hpp).
#include <chrono>
#include <cmath>

#include "app/demo_model.hpp"
#include "domain/calendar.hpp"

namespace mk::app::demo {

using namespace std::chrono;

double uniform(Rng& rng, double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); }

int uniform_int(Rng& rng, int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }

bool chance(Rng& rng, double p) { return uniform(rng) < p; }

size_t pick_weighted(Rng& rng, const std::vector<double>& weights) {
  std::discrete_distribution<size_t> dist(weights.begin(), weights.end());
  return dist(rng);
}

int poisson(Rng& rng, double mean) {
  if (mean <= 0) return 0;
  return std::poisson_distribution<int>(mean)(rng);
}

double lognormal(Rng& rng, double median, double sigma) {
  return median * std::exp(std::normal_distribution<double>(0.0, sigma)(rng));
}

Timestamp local_time(Date d, int minutes_after_midnight) {
  // Wall time minus CET; on the CEST side of a switch one hour less. Working days are never
  // the Sundays of the switches, so the wall times we use exist exactly once.
  const auto wall = sys_days{d} + minutes{minutes_after_midnight};
  const Timestamp as_cet = time_point_cast<milliseconds>(wall - hours{1});
  if (domain::amsterdam_offset(as_cet) == minutes{60}) return as_cet;
  return time_point_cast<milliseconds>(wall - hours{2});
}

Timestamp plus_hours(Timestamp t, double hours) {
  return t + milliseconds{static_cast<int64_t>(hours * 3600.0 * 1000.0)};
}

double hours_between(Timestamp from, Timestamp to) {
  return static_cast<double>((to - from).count()) / (3600.0 * 1000.0);
}

Timestamp at_work(Rng& rng, Timestamp t) {
  const Date d = domain::amsterdam_date(t);
  const auto minute_of_day = duration_cast<minutes>(t - local_time(d, 0)).count();
  if (domain::is_working_day(d) && minute_of_day >= 8 * 60 && minute_of_day < 18 * 60) return t;
  sys_days day{d};
  if (minute_of_day >= 8 * 60 || !domain::is_working_day(d)) {
    do day += days{1};
    while (!domain::is_working_day(Date{day}));
  }
  // Early birds read their queue before the clinic starts; most start after 8.
  const int minute = 8 * 60 + static_cast<int>(lognormal(rng, 60.0, 0.7)) % 240;
  return local_time(Date{day}, minute) + milliseconds{uniform_int(rng, 0, 59999)};
}

}  // namespace mk::app::demo
