// Two years of synthetic consult history ending now (app/demo_lifecycle.hpp). Volume is
// Rotterdam-scale (~8,000 consults for 180 practices over 730 days), grows as the programme
// matures, dips in summer and around Christmas, peaks on Mondays and in winter; participating
// practices send most of it. Each consult picks a patient of the practice, a case that fits
// the patient, and a service that accepts the practice — usually a nearby one.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <numbers>
#include <random>
#include <unordered_map>

#include "app/demo_lifecycle.hpp"
#include "domain/calendar.hpp"

namespace mk::app::demo {
namespace {

using namespace std::chrono;

constexpr double kConsultsPerPracticeYear = 8000.0 / 180.0 / 2.0;

double specialty_popularity(std::string_view s) {
  const std::vector<std::pair<std::string_view, double>> table{
      {"dermatology", 22}, {"cardiology", 10}, {"internal_medicine", 7}, {"neurology", 6}, {"orthopaedics", 7},
      {"ent", 6},          {"ophthalmology", 5}, {"gynaecology", 5},     {"urology", 5},   {"paediatrics", 4},
      {"psychiatry", 3},   {"pulmonology", 4},   {"rheumatology", 4},    {"surgery", 4},   {"geriatrics", 3},
      {"gastroenterology", 4}, {"mental_health", 6}, {"cardiovascular", 4}, {"elderly_care", 3}};
  for (auto [key, weight] : table)
    if (key == s) return weight;
  return 2;
}

// Relative consult volume of a day: weekday, season, holidays, and the programme's growth.
double day_factor(Date d, double progress) {
  static constexpr double kWeekday[] = {0.02, 1.15, 1.05, 0.95, 1.0, 0.85, 0.03};  // Sunday first
  double f = kWeekday[weekday{sys_days{d}}.c_encoding()];
  if (domain::is_dutch_holiday(d)) f = 0.05;
  const int doy = static_cast<int>((sys_days{d} - sys_days{d.year() / January / 1}).count());
  f *= 1.0 + 0.12 * std::cos(2 * std::numbers::pi * (doy - 20) / 365.25);  // winter busier
  const unsigned m = static_cast<unsigned>(d.month()), day = static_cast<unsigned>(d.day());
  if ((m == 7 && day >= 15) || (m == 8 && day <= 20)) f *= 0.75;  // summer holidays
  if ((m == 12 && day >= 22) || (m == 1 && day <= 2)) f *= 0.6;
  return f * (0.7 + 0.6 * progress);
}

// GPs send most questions during surgery hours, some at the end of the day.
Timestamp submit_time(Rng& rng, Date d) {
  int minute = chance(rng, 0.85) ? 8 * 60 + uniform_int(rng, 0, 570) : 17 * 60 + 30 + uniform_int(rng, 0, 240);
  return local_time(d, minute) + milliseconds{uniform_int(rng, 0, 59999)};
}

struct Choice {
  const CaseText* text = nullptr;
  size_t service = 0;
};

class HistoryGenerator {
  using Distribution = std::discrete_distribution<size_t>;

 public:
  HistoryGenerator(const Directory& d, Rng& rng, IdGenerator& ids, Timestamp now)
      : d_(d), rng_(rng), ids_(ids), now_(now) {
    cases_ = hospital_cases();
    auto more = other_cases();
    cases_.insert(cases_.end(), more.begin(), more.end());
    for (const auto& p : d_.practices) practice_weights_.push_back(p.patients.empty() ? 0.0 : p.weight);
    if (std::any_of(practice_weights_.begin(), practice_weights_.end(), [](double w) { return w > 0; }))
      practice_dist_ = Distribution(practice_weights_.begin(), practice_weights_.end());
    for (const auto& text : cases_) {
      auto it = std::find(specialties_.begin(), specialties_.end(), text.specialty);
      if (it == specialties_.end()) it = specialties_.insert(specialties_.end(), std::string(text.specialty));
      specialty_of_.push_back(static_cast<size_t>(it - specialties_.begin()));
    }
    for (const auto& text : cases_) {
      double n = static_cast<double>(
          std::count_if(cases_.begin(), cases_.end(), [&](const auto& c) { return c.specialty == text.specialty; }));
      case_weights_.push_back(specialty_popularity(text.specialty) / n);
    }
  }

  // `per_year`: consults a year for the whole region (0: the demo's ~4,000 for 180 practices).
  void run(int history_days, double per_year, const std::function<void(domain::Consult&&)>& sink) {
    if (std::none_of(practice_weights_.begin(), practice_weights_.end(), [](double w) { return w > 0; })) return;
    const sys_days today{domain::amsterdam_date(now_)};
    const sys_days first = today - days{history_days};
    std::vector<double> factors;
    for (sys_days day = first; day <= today; day += days{1})
      factors.push_back(day_factor(Date{day}, double((day - first).count()) / std::max(1, history_days)));
    double sum = 0;
    for (double f : factors) sum += f;
    if (per_year <= 0) per_year = kConsultsPerPracticeYear * static_cast<double>(d_.practices.size());
    const double total = per_year * history_days / 365.0;
    for (size_t i = 0; i < factors.size(); ++i) {
      const Date day{first + days{static_cast<int>(i)}};
      int n = poisson(rng_, total * factors[i] / sum);
      for (int k = 0; k < n; ++k)
        if (auto c = one(day, today)) sink(std::move(*c));
    }
  }

 private:
  std::optional<domain::Consult> one(Date day, sys_days today) {
    ConsultSeed seed;
    seed.practice = practice_dist_(rng_);
    const auto& practice = d_.practices[seed.practice];
    seed.gp = pick(rng_, practice.gps);
    if (!practice.assistants.empty() && chance(rng_, 0.2)) seed.preparer = pick(rng_, practice.assistants);
    seed.patient = pick(rng_, practice.patients);
    seed.submit_at = submit_time(rng_, day);
    seed.recent = sys_days{day} + days{21} > today;
    seed.draft_only = sys_days{day} + days{10} > today && chance(rng_, 0.05);
    auto choice = choose(seed.practice, d_.patients[seed.patient]);
    if (!choice) return std::nullopt;
    seed.text = choice->text;
    seed.service = choice->service;
    Plan plan = plan_consult(d_, rng_, seed);
    if (plan.steps.front().at > now_) return std::nullopt;  // not yet begun
    return replay(d_, ids_, seed, plan, now_);
  }

  // A case that fits the patient, then a service of its specialty that accepts the practice
  // (a nearby one preferred): two draws, so a specialty offered everywhere is not favoured.
  std::optional<Choice> choose(size_t practice_index, const domain::Patient& patient) {
    std::vector<const CaseText*> texts;
    std::vector<double> weights;
    for (size_t t = 0; t < cases_.size(); ++t) {
      const auto& text = cases_[t];
      if (fits(text.fit, patient, now_) && !services_for(t, practice_index).services.empty()) {
        texts.push_back(&text);
        weights.push_back(case_weights_[t]);
      }
    }
    if (texts.empty()) return std::nullopt;
    const size_t t = static_cast<size_t>(texts[pick_weighted(rng_, weights)] - cases_.data());
    const auto& options = services_for(t, practice_index);
    return Choice{&cases_[t], options.services[options.pick(rng_)]};
  }

  // The services of case t's specialty that accept the practice, weighted by size and
  // nearness; worked out once per practice and specialty (a national region has thousands).
  struct Options {
    std::vector<size_t> services;
    mutable Distribution pick;  // over services, by weight (drawing is non-const, holds no state)
  };
  const Options& services_for(size_t t, size_t practice_index) {
    const size_t key = practice_index * specialties_.size() + specialty_of_[t];
    auto it = options_.find(key);
    if (it != options_.end()) return it->second;
    const auto& practice = d_.practices[practice_index];
    const std::string& pc4 = d_.orgs[practice.org].postcode;
    Options o;
    std::vector<double> weights;
    for (size_t s = 0; s < d_.services.size(); ++s) {
      if (d_.services[s].specialty != cases_[t].specialty || !d_.accepts(s, practice)) continue;
      const auto& staff = d_.staffing[s];
      bool near = std::any_of(staff.near.begin(), staff.near.end(), [&](const auto& p) { return pc4.starts_with(p); });
      o.services.push_back(s);
      weights.push_back(staff.weight * (near ? 3.0 : 1.0));
    }
    if (!weights.empty()) o.pick = Distribution(weights.begin(), weights.end());
    return options_.emplace(key, std::move(o)).first->second;
  }

  const Directory& d_;
  Rng& rng_;
  IdGenerator& ids_;
  Timestamp now_;
  std::vector<CaseText> cases_;
  std::vector<double> practice_weights_;
  // Built once, drawn per consult: the same draws as pick_weighted() over the same weights (a
  // std::discrete_distribution holds no state between draws), without summing 5,000
  // practice weights again for every consult of a national run.
  Distribution practice_dist_;
  std::vector<std::string> specialties_;  // of the cases
  std::vector<size_t> specialty_of_;      // per case: index in specialties_
  std::vector<double> case_weights_;      // per case: its specialty's popularity shared by its cases
  std::unordered_map<size_t, Options> options_;
};

}  // namespace

std::vector<domain::Consult> build_history(const Directory& d, Rng& rng, IdGenerator& ids, Timestamp now,
                                           int history_days) {
  std::vector<domain::Consult> out;
  HistoryGenerator(d, rng, ids, now).run(history_days, 0, [&](domain::Consult&& c) { out.push_back(std::move(c)); });
  return out;
}

void stream_history(const Directory& d, Rng& rng, IdGenerator& ids, Timestamp now, int history_days,
                    double consults_per_year, const std::function<void(domain::Consult&&)>& sink) {
  HistoryGenerator(d, rng, ids, now).run(history_days, consults_per_year, sink);
}

}  // namespace mk::app::demo
