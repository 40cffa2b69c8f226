// store/report_cells.hpp: keeping the cells across a change, and rebuilding them.
#include <chrono>
#include <set>
#include <tuple>

#include "domain/billing.hpp"
#include "domain/calendar.hpp"
#include "store/report_cells.hpp"

namespace mk::store::report_cells {
namespace {

auto fields(const Fact& f) {
  const auto& r = f.row;
  return std::tie(f.day, f.specialty, f.hospital, f.care_group, r.id.str(), r.practice_id.str(),
                  r.service_id.str(), r.modality, r.patient_bsn, r.pc4, r.submitted_at, r.closed_at,
                  r.first_answer_at, r.due_at, r.intended_referral, r.result, r.usefulness, r.learned,
                  r.referred_within_90d, r.gp_fee_cents, r.consultant_fee_cents);
}

bool same(const std::vector<Fact>& a, const std::vector<Fact>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (fields(a[i]) != fields(b[i])) return false;
  return true;
}

ReportCell stored(const CellKey& k, std::string data) {
  const auto& [d, grain, period, key] = k;
  return {std::string(dim_name(d, grain)), period, key, std::move(data)};
}

}  // namespace

ReportFilter all_time() {
  ReportFilter f;
  f.from = Timestamp{};
  f.to = std::chrono::sys_days(std::chrono::year(2400) / 1 / 1);
  return f;
}

ReportFilter of_consult(const ConsultId& id) {
  auto f = all_time();
  f.consults.push_back(id);
  return f;
}

ReportFilter of_patient(const PatientId& id) {
  auto f = all_time();
  f.patients.push_back(id);
  return f;
}

std::optional<Change> change_of_new_consult(WriteTx& tx, const domain::Consult& c) {
  if (c.status != domain::ConsultStatus::closed) return std::nullopt;
  return std::optional<Change>(std::in_place, tx, of_consult(c.id));
}

Change::Change(WriteTx& tx, ReportFilter which)
    : tx_(tx), which_(std::move(which)), active_(tx.maintains_report_cells() && built(tx)) {
  if (active_) before_ = read();
}

std::vector<Fact> Change::read() {
  Directory dir(tx_);
  std::vector<Fact> out;
  tx_.for_each_report_row(which_, [&](const ReportRow& r) { out.push_back(dir.fact(r)); });
  std::sort(out.begin(), out.end(), [](const Fact& a, const Fact& b) { return a.row.id.str() < b.row.id.str(); });
  return out;
}

void Change::apply() {
  if (!active_) return;
  auto after = read();
  if (same(before_, after)) return;
  // Per cell (in key order, so that concurrent changes lock cells in the same order): the
  // facts that leave it and the facts that enter it.
  std::map<CellKey, std::pair<std::vector<const Fact*>, std::vector<const Fact*>>> moves;
  for (const auto& f : before_)
    for (Dim d : kDims)
      for (Grain g : kGrains) moves[{d, g, f.period(g), f.key(d)}].first.push_back(&f);
  for (const auto& f : after)
    for (Dim d : kDims)
      for (Grain g : kGrains) moves[{d, g, f.period(g), f.key(d)}].second.push_back(&f);
  bool ok = true;
  for (const auto& [k, m] : moves) {
    const auto& [d, grain, period, key] = k;
    auto data = tx_.report_cell_for_update(dim_name(d, grain), period, key);
    Cell c = data ? Cell::decode(*data) : Cell{};
    for (const auto* f : m.first) ok = c.remove(*f) && ok;
    for (const auto* f : m.second) c.add(*f);
    tx_.put_report_cell(stored(k, c.empty() ? "" : c.encode()), data.has_value());
  }
  if (!ok) tx_.set_meta("report_cells", "stale");  // the report reads consults until a rebuild
}

std::optional<Change> organization_change(WriteTx& tx, const Organization& o) {
  if (!tx.maintains_report_cells() || !built(tx)) return std::nullopt;
  auto old = tx.organization(o.id);
  if (!old || (old->type == o.type && old->part_of == o.part_of)) return std::nullopt;
  std::set<std::string> subtree{o.id.str()};
  auto all = tx.organizations();
  for (size_t size = 0; size != subtree.size();) {
    size = subtree.size();
    for (const auto& x : all)
      if (x.part_of && subtree.count(x.part_of->str())) subtree.insert(x.id.str());
  }
  auto f = all_time();
  for (const auto& id : subtree) f.practices.push_back(OrgId(id));
  return std::optional<Change>(std::in_place, tx, std::move(f));
}

std::optional<Change> service_change(WriteTx& tx, const Service& s) {
  if (!tx.maintains_report_cells() || !built(tx)) return std::nullopt;
  auto old = tx.service(s.id);
  if (!old || (old->specialty == s.specialty && old->organization_id == s.organization_id)) return std::nullopt;
  auto f = all_time();
  f.services.push_back(s.id);
  return std::optional<Change>(std::in_place, tx, std::move(f));
}

void Builder::add(const ReportRow& r) {
  auto fact = dir_.fact(r);
  for (Dim d : kDims) {
    auto key = fact.key(d);
    cells_[{d, Grain::month, fact.month, key}].add(fact);
    cells_[{d, Grain::day, fact.day, std::move(key)}].add(fact);
  }
  ++rows_;
}

void Builder::drain_before(std::string_view month, const std::function<void(ReportCell&&)>& out) {
  if (!(drained_ < month)) return;  // handed over already
  // A day ('2026-03-31') sorts before a month ('2026-04') exactly when it lies in an earlier month.
  // A cell of a month handed over before is a late one: it stays for flush() to merge.
  for (auto it = cells_.begin(); it != cells_.end();) {
    if (const auto& period = std::get<2>(it->first); period < month && !(period < drained_)) {
      out(stored(it->first, it->second.encode()));
      it = cells_.erase(it);
    } else {
      ++it;
    }
  }
  drained_ = std::string(month);
}

void Builder::flush(WriteTx& tx) {
  for (auto& [k, c] : cells_) {
    std::optional<std::string> old;
    if (std::get<2>(k) < drained_) {
      const auto& [d, grain, period, key] = k;
      old = tx.report_cell_for_update(dim_name(d, grain), period, key);
      if (old) c.merge_encoded(*old);
    }
    tx.put_report_cell(stored(k, c.encode()), old.has_value());
  }
  cells_.clear();
}

int64_t complete(WriteTx& tx, Builder& cells) {
  cells.flush(tx);
  tx.set_meta("report_cells", "built");
  return cells.rows();
}

int64_t rebuild(WriteTx& tx) {
  using namespace std::chrono;
  tx.clear_report_cells();
  Builder cells{Directory(tx.organizations(), tx.services())};
  if (auto range = tx.closed_range()) {
    auto first = domain::amsterdam_date(range->first);
    // A month at a time: the builder never holds more than one month of lists.
    for (auto m = first.year() / first.month(); domain::amsterdam_midnight(m / 1) <= range->second; m += months(1)) {
      ReportFilter f;
      f.from = domain::amsterdam_midnight(m / 1);
      f.to = domain::amsterdam_midnight((m + months(1)) / 1);
      tx.for_each_report_row(f, [&](const ReportRow& r) { cells.add(r); });
      cells.flush(tx);
    }
  }
  tx.set_meta("report_cells", "built");
  return cells.rows();
}

}  // namespace mk::store::report_cells
