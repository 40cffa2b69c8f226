// The triple-aim report's pre-aggregated cells (store/report_cells.hpp) on every backend: the
// month and day cells that the writes keep equal the cells built from the consults, every
// closed consult sits in exactly one month cell and one day cell (its Amsterdam day, across
// the daylight-saving change), and a Builder that hands old months over while rows keep
// coming, also late ones, builds the same cells as one that does not.
#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <tuple>

#include "backend.hpp"
#include "core/time.hpp"
#include "domain/calendar.hpp"
#include "fixtures.hpp"
#include "store/report_cells.hpp"

namespace mk::store::test {
namespace {

using report_cells::Builder;
using report_cells::Cell;
using report_cells::Dim;
using report_cells::Grain;

// A cell in a form that does not depend on the order its consults were added in.
using Canonical = std::tuple<std::array<int64_t, report_cells::kSums>, std::vector<int64_t>, std::vector<uint64_t>,
                             std::map<std::string, int64_t>, std::map<std::string, int64_t>>;

Canonical canonical(const std::string& data) {
  Cell c = Cell::decode(data);
  std::sort(c.response_ms.begin(), c.response_ms.end());
  std::sort(c.patients.begin(), c.patients.end());
  return {c.sums, c.response_ms, c.patients, {c.practices.begin(), c.practices.end()},
          {c.avoided_per_specialty.begin(), c.avoided_per_specialty.end()}};
}

// Every stored cell: (dimension name, period, key) → its canonical form.
using Snapshot = std::map<std::tuple<std::string, std::string, std::string>, Canonical>;

Snapshot snapshot(Store& store) {
  Snapshot out;
  store.read([&](ReadTx& tx) {
    for (Dim d : report_cells::kDims)
      for (Grain g : report_cells::kGrains) {
        std::string dim(report_cells::dim_name(d, g));
        tx.for_each_report_cell(dim, "", "~", [&](const ReportCell& c) {
          out[{dim, c.month, c.key}] = canonical(c.data);
        });
      }
  });
  return out;
}

template <class B>
class ReportCellsTest : public StoreTest<B> {
 protected:
  void SetUp() override {
    StoreTest<B>::SetUp();
    if (!this->ready()) return;
    save_region(this->store(), r_);
    // 40 consults closed a day and 7 hours apart from 2026-03-20 13:00 UTC: across the end of
    // March (and the switch to summer time on the 29th) into April; two practices, two
    // services, every fourth one not answered, a few patients twice.
    for (int n = 0; n < 40; ++n) {
      auto p = make_patient("p" + std::to_string(n % 30), "9999900" + std::to_string(10 + n % 30), "Patient");
      Consult c = make_consult(r_, n + 1, p, ts("2026-03-20T13:00:00Z") + std::chrono::hours(31 * n));
      c.practice_id = n % 3 ? r_.practice.id : r_.other_practice.id;
      c.service_id = n % 2 ? r_.service.id : r_.other_service.id;
      c.status = domain::ConsultStatus::closed;
      c.submitted_at = c.updated_at - std::chrono::hours(20 + n);
      c.due_at = c.updated_at - std::chrono::hours(n % 5);
      if (n % 4) c.first_answer_at = c.updated_at - std::chrono::hours(2 + n % 7);
      c.closed_at = c.updated_at;
      c.outcome = domain::Outcome{n % 3 ? domain::OutcomeResult::treated_by_gp : domain::OutcomeResult::referred,
                                  1 + n % 5, n % 2 == 0, ""};
      this->store().write([&](WriteTx& tx) { insert_with_patient(tx, c); });
      days_.insert(format_date(domain::amsterdam_date(*c.closed_at)));
      utc_days_.insert(format_date(Date{std::chrono::floor<std::chrono::days>(*c.closed_at)}));
    }
  }
  std::vector<ReportRow> rows() {
    std::vector<ReportRow> out;
    this->store().read([&](ReadTx& tx) {
      tx.for_each_report_row(report_cells::all_time(), [&](const ReportRow& r) { out.push_back(r); });
    });
    return out;
  }
  Builder builder() {
    return this->store().read([](ReadTx& tx) { return Builder(report_cells::Directory(tx.organizations(), tx.services())); });
  }
  // The store's cells: the ones handed over first, then the builder's own.
  void replace(Builder& b, const std::vector<ReportCell>& drained = {}) {
    this->store().write([&](WriteTx& tx) {
      tx.clear_report_cells();
      for (const auto& c : drained) tx.put_report_cell(c, false);
      report_cells::complete(tx, b);
    });
  }

  Region r_ = make_region();
  std::set<std::string> days_, utc_days_;
};
TYPED_TEST_SUITE(ReportCellsTest, Backends, BackendNames);

TYPED_TEST(ReportCellsTest, TheCellsTheWritesKeepAreTheCellsOfTheConsults) {
  if (!this->ready()) return;
  const Snapshot kept = snapshot(this->store());
  ASSERT_FALSE(kept.empty());
  for (Dim d : report_cells::kDims)
    for (Grain g : report_cells::kGrains) {
      SCOPED_TRACE(std::string(report_cells::dim_name(d, g)));
      int64_t consults = 0;
      std::set<std::string> periods;
      for (const auto& [k, c] : kept)
        if (std::get<0>(k) == report_cells::dim_name(d, g)) {
          consults += std::get<0>(c)[report_cells::consults];
          periods.insert(std::get<1>(k));
        }
      EXPECT_EQ(consults, 40);  // each closed consult in exactly one cell of the dimension
      if (g == Grain::month) {
        EXPECT_EQ(periods, (std::set<std::string>{"2026-03", "2026-04", "2026-05"}));
      } else {
        EXPECT_EQ(periods, this->days_);
      }
    }
  // Some consults close at 22:00 or 23:00 UTC: the next day in Amsterdam, which is the day
  // their cell has.
  EXPECT_NE(this->days_, this->utc_days_);

  auto b = this->builder();
  for (const auto& r : this->rows()) b.add(r);
  this->replace(b);
  EXPECT_EQ(snapshot(this->store()), kept);
}

TYPED_TEST(ReportCellsTest, AMonthThatGetsALateRowAfterItWasHandedOverBuildsTheSameCells) {
  if (!this->ready()) return;
  const Snapshot kept = snapshot(this->store());
  auto rows = this->rows();
  ASSERT_EQ(rows.size(), 40u);
  std::mt19937 shuffle(7);
  std::shuffle(rows.begin(), rows.end(), shuffle);
  auto b = this->builder();
  // Hand over everything before each month as the rows come (as generate writes them through
  // its loader); a shuffled order sends rows into months that were handed over already.
  const char* watermarks[] = {"2026-03", "2026-04", "2026-05", "2026-06"};
  std::vector<ReportCell> drained;
  for (size_t i = 0; i < rows.size(); ++i) {
    b.add(rows[i]);
    if (i % 10 == 9) b.drain_before(watermarks[i / 10], [&](ReportCell&& c) { drained.push_back(std::move(c)); });
  }
  EXPECT_EQ(b.rows(), 40);
  ASSERT_FALSE(drained.empty());
  this->replace(b, drained);
  EXPECT_EQ(snapshot(this->store()), kept);
}

}  // namespace
}  // namespace mk::store::test
