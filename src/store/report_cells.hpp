#pragma once
// The triple-aim report's pre-aggregated cells (issue 6, DESIGN §7): for every closed month
// and every closed day (Europe/Amsterdam) and grouping dimension, one cell per key that holds
// what its closed consults add up to — additive sums, and the exact multisets the report cannot
// add up (response times for the median and p90, patients for the distinct count, practices for
// participation, avoided referrals per specialty for the avoided cost). A report of the region
// merges the month cells of its whole months and the day cells of the days around them
// (~10⁴–10⁵ cells) instead of reading millions of consults.
//
// The cells are kept in the transaction that changes a closed consult: the backends wrap
// every write that can change a report row (update_consult, insert_declarations,
// save_patient, and the directory changes that move consults to another group) in a Change,
// which reads the affected report rows before and after and moves the difference into the
// cells. Shared by both backends; SQL stays in the backends (ReadTx/WriteTx).
#include <array>
#include <functional>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "store/store.hpp"

namespace mk::store::report_cells {

// care_group also serves `by month` and the total; specialty and modality cells are split
// per care group ("dermatology|<group id>") so that no cell grows with the region.
enum class Dim { care_group, specialty, service, hospital, practice, modality, pc4 };
inline constexpr Dim kDims[] = {Dim::care_group, Dim::specialty, Dim::service, Dim::hospital,
                                Dim::practice,   Dim::modality,  Dim::pc4};
// A cell covers one closed month ('2026-04') or one closed day ('2026-04-24'). Day cells are
// stored under their own dimension names ("care_group@day"), so that a range of months never
// meets a day.
enum class Grain { month, day };
inline constexpr Grain kGrains[] = {Grain::month, Grain::day};
std::string_view dim_name(Dim d, Grain g = Grain::month);
// The report's group key of a cell key (the part before '|').
std::string_view group_key(std::string_view cell_key);

// Indexes into Cell::sums.
enum Sum : size_t {
  consults, treated, intended_yes, intended_no, avoided, prompted, followed, not_referred, answered, within,
  usefulness_sum, usefulness_n, learned, gp_fees, consultant_fees, kSums
};

// A BSN as a number (9 digits); anything else by its text's hash with the top bit set, so it
// cannot meet a real BSN.
uint64_t bsn_key(std::string_view bsn);

// One closed consult with the directory keys it is grouped by, resolved when it was read.
struct Fact {
  ReportRow row;
  std::string month;  // "2026-04", closed_at in Europe/Amsterdam
  std::string day;    // "2026-04-24"
  const std::string& period(Grain g) const { return g == Grain::day ? day : month; }
  std::string specialty, hospital, care_group;  // "" when unknown / none
  std::string key(Dim d) const;  // its cell in that dimension
  int64_t response_ms() const;   // first answer − submitted (answered consults)
};

// Practice ids, found by string_view without a temporary string.
struct TextHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using CountByText = std::unordered_map<std::string, int64_t, TextHash, std::equal_to<>>;

struct Cell {
  std::array<int64_t, kSums> sums{};
  std::vector<int64_t> response_ms;
  std::vector<uint64_t> patients;            // a multiset: one entry per consult
  CountByText practices;                     // practice id → consults
  std::map<std::string, int64_t, std::less<>> avoided_per_specialty;  // specialty → avoided referrals

  void add(const Fact& f);
  bool remove(const Fact& f);  // false: f was not in this cell (the cells are wrong: rebuild)
  void merge(const Cell& other);
  void merge_encoded(std::string_view data);  // merge(decode(data)), without the copy
  bool empty() const { return sums[consults] == 0; }
  void sort_response_ms(std::vector<int64_t>& tmp);  // ascending; tmp: scratch space
  std::string encode() const;
  static Cell decode(std::string_view data);  // Error{internal} on a malformed value
};

// Sorts keys and drops repeats (keys becomes the distinct keys, sorted); returns how many. A
// radix sort when they fit in 33 bits (BSNs fit in 30). tmp: scratch space, kept by the caller
// across calls.
int64_t distinct_count(std::vector<uint64_t>& keys, std::vector<uint64_t>& tmp);

// Directory lookups for facts: all organisations and services at once (a report, a rebuild)
// or lazily, id by id, from a transaction (one change).
class Directory {
 public:
  explicit Directory(ReadTx& tx) : tx_(&tx) {}
  Directory(std::vector<Organization> orgs, std::vector<Service> services);
  const Organization* organization(const std::string& id);
  const Service* service(const std::string& id);
  const Organization* group_of(const std::string& practice);  // care group or health centre
  Fact fact(const ReportRow& r);

 private:
  ReadTx* tx_ = nullptr;
  std::unordered_map<std::string, std::optional<Organization>> orgs_;
  std::unordered_map<std::string, std::optional<Service>> services_;
};

// A cell's place: dimension, grain, period, key. Ordered, so that concurrent changes lock
// the cells they share in the same order.
using CellKey = std::tuple<Dim, Grain, std::string, std::string>;

// Cells gathered from report rows as they come, then inserted: rebuild() reads the closed
// consults month by month into one; `meekijk generate` feeds it the consults as it generates
// them, so a national run never reads its millions of rows back (the rebuild was 300 s a year).
class Builder {
 public:
  explicit Builder(Directory dir) : dir_(std::move(dir)) {}
  void add(const ReportRow& r);
  // Hands the cells of the months before `month` ('YYYY-MM') to `out` and forgets them: a long
  // generate, whose rows come in time order, writes them as it goes and holds only the months
  // in flight. A row that still comes for a month handed over starts a new cell that flush()
  // merges into the stored one. A month not after the last one given does nothing.
  void drain_before(std::string_view month, const std::function<void(ReportCell&&)>& out);
  // Writes the cells gathered since the last flush: new ones inserted, those of drained
  // months merged into the stored cell.
  void flush(WriteTx& tx);
  int64_t rows() const { return rows_; }

 private:
  Directory dir_;
  std::map<CellKey, Cell> cells_;
  std::string drained_;  // the cells of the months before this one were handed over
  int64_t rows_ = 0;
};

// Writes what the builder still holds after it drained the rest (into a store whose cells
// are only the drained ones) and marks the cells built; returns the rows it was given.
int64_t complete(WriteTx& tx, Builder& cells);

// The cells hold every closed consult: no meta 'report_cells' = 'stale' (which the bulk path,
// schema 0007 on a store with closed consults and an inconsistent change set).
bool built(ReadTx& tx);

// Keeps the cells right across one change: reads the closed consults of `which` now, and in
// apply() again, and moves the difference into the cells. Inactive (no reads) on the bulk
// path and while the cells are not built.
class Change {
 public:
  Change(WriteTx& tx, ReportFilter which);
  void apply();

 private:
  std::vector<Fact> read();
  WriteTx& tx_;
  ReportFilter which_;
  bool active_;
  std::vector<Fact> before_;
};
// The Change of inserting `c`, or none: only closed consults are in the cells and a new consult
// is in none yet, so unless it comes in closed (an import) it leaves the cells as they are and
// reading them before and after is waste, on every new consult.
std::optional<Change> change_of_new_consult(WriteTx& tx, const domain::Consult& c);
ReportFilter all_time();  // every closed consult (narrow it with practices, consults, …)
ReportFilter of_consult(const ConsultId& id);
ReportFilter of_patient(const PatientId& id);

// The Change of a directory write, when it can move closed consults to another group: an
// organisation whose type or parent changes (its subtree's practices), a service whose
// specialty or organisation changes.
std::optional<Change> organization_change(WriteTx& tx, const Organization& o);
std::optional<Change> service_change(WriteTx& tx, const Service& s);

// All cells again from the closed consults, month by month; marks them built. Returns the
// number of consults.
int64_t rebuild(WriteTx& tx);

}  // namespace mk::store::report_cells
