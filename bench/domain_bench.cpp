// meekijk-micro: Google Benchmark micro-benchmarks of domain rules on the request path of a
// create (BSN 11-check, due date in working days). Not part of bench/run.sh's table; run it
// by hand to see that the domain is not where a request's time goes.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "domain/calendar.hpp"
#include "domain/identifiers.hpp"
#include "load_requests.hpp"

namespace {

void BM_valid_bsn(benchmark::State& state) {
  auto bsns = bench::test_bsns();
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(mk::domain::valid_bsn(bsns[i++ % bsns.size()]));
}
BENCHMARK(BM_valid_bsn);

void BM_add_working_days(benchmark::State& state) {
  // Every hour of 2026, so weekends, holidays and both DST switches are in the mix.
  auto start = mk::from_unix_ms(1767225600000);  // 2026-01-01T00:00Z
  int64_t hour = 0;
  for (auto _ : state) {
    auto t = start + std::chrono::hours(hour++ % (365 * 24));
    benchmark::DoNotOptimize(mk::domain::add_working_days(t, static_cast<int>(state.range(0))));
  }
}
BENCHMARK(BM_add_working_days)->Arg(2)->Arg(10);

}  // namespace

BENCHMARK_MAIN();
