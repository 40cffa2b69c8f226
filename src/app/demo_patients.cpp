// The synthetic patients. BSNs come only from the test range 99999xxxx and pass the 11-check:
// that range holds 909 valid numbers, so a demo patient returns with several questions over
// the two years. Each patient is registered at one participating practice and lives in its
// PC4 area.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "app/demo_model.hpp"
#include "domain/identifiers.hpp"

namespace mk::app::demo {
namespace {

using namespace std::chrono;

std::vector<std::string> test_bsns() {
  std::vector<std::string> out;
  char buf[16];
  for (int n = 0; n < 10000; ++n) {
    std::snprintf(buf, sizeof buf, "99999%04d", n);
    if (domain::valid_bsn(buf)) out.emplace_back(buf);
  }
  return out;
}

// How many patients each participating practice gets: at least a couple, the rest by weight.
std::vector<size_t> patient_counts(const std::vector<size_t>& practices, const Directory& d, size_t total) {
  std::vector<size_t> counts(practices.size(), 0);
  if (practices.empty()) return counts;
  size_t base = std::min<size_t>(2, total / practices.size());
  double weight_sum = 0;
  for (auto p : practices) weight_sum += d.practices[p].weight;
  size_t rest = total - base * practices.size();
  size_t given = 0;
  for (size_t i = 0; i < practices.size(); ++i) {
    counts[i] = base + static_cast<size_t>(std::floor(rest * d.practices[practices[i]].weight / weight_sum));
    given += counts[i];
  }
  for (size_t i = 0; given < total; i = (i + 1) % counts.size(), ++given) counts[i] += 1;
  return counts;
}

domain::Patient make_patient(Rng& rng, IdGenerator& ids, std::string bsn, std::string_view pc4, Timestamp now) {
  domain::Patient p;
  p.id = ids.make<PatientId>();
  p.bsn = std::move(bsn);
  p.sex = chance(rng, 0.51) ? domain::Sex::female : domain::Sex::male;
  p.name = person_name(rng, p.sex);
  double u = uniform(rng);
  int age = u < 0.15 ? uniform_int(rng, 0, 17) : u < 0.73 ? uniform_int(rng, 18, 64) : uniform_int(rng, 65, 94);
  auto born = floor<days>(now) - days{age * 365 + age / 4 + uniform_int(rng, 1, 364)};
  p.birth_date = Date{born};
  p.postcode = postcode_in(rng, pc4);
  return p;
}

}  // namespace

void build_patients(Directory& d, Rng& rng, IdGenerator& ids, Timestamp now, std::vector<std::string> bsns) {
  if (bsns.empty()) {
    bsns = test_bsns();
    std::shuffle(bsns.begin(), bsns.end(), rng);
  }
  std::vector<size_t> participating;
  for (size_t i = 0; i < d.practices.size(); ++i)
    if (d.practices[i].weight > 0) participating.push_back(i);
  auto counts = patient_counts(participating, d, bsns.size());
  size_t next = 0;
  for (size_t i = 0; i < participating.size(); ++i) {
    auto& practice = d.practices[participating[i]];
    const std::string pc4 = d.orgs[practice.org].postcode.substr(0, 4);
    for (size_t k = 0; k < counts[i] && next < bsns.size(); ++k) {
      practice.patients.push_back(d.patients.size());
      d.patients.push_back(make_patient(rng, ids, bsns[next++], pc4, now));
    }
  }
}

}  // namespace mk::app::demo
