#include "store/report_cells.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <functional>

#include "core/error.hpp"
#include "core/time.hpp"
#include "domain/billing.hpp"
#include "domain/calendar.hpp"

namespace mk::store::report_cells {
namespace {

using domain::OrgType;
constexpr std::string_view kDimNames[] = {"care_group", "specialty", "service", "hospital",
                                          "practice",   "modality",  "pc4"};
constexpr std::string_view kDayDimNames[] = {"care_group@day", "specialty@day", "service@day", "hospital@day",
                                             "practice@day",   "modality@day",  "pc4@day"};
constexpr char kVersion = 1;

[[noreturn]] void malformed() { throw Error(Errc::internal, "Database error", "malformed report cell"); }

// Little-endian fixed-width integers and length-prefixed strings.
class Writer {
 public:
  void u64(uint64_t v) {
    char b[8];
    for (int i = 0; i < 8; ++i) b[i] = char((v >> (8 * i)) & 0xFF);
    out.append(b, 8);
  }
  void text(const std::string& s) {
    u64(s.size());
    out += s;
  }
  std::string out;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  uint64_t u64() {
    if (in_.size() < 8) malformed();
    uint64_t v = 0;
    if constexpr (std::endian::native == std::endian::little) {
      std::memcpy(&v, in_.data(), 8);
    } else {
      for (int i = 7; i >= 0; --i) v = (v << 8) | uint8_t(in_[size_t(i)]);
    }
    in_.remove_prefix(8);
    return v;
  }
  size_t count(size_t min_bytes_each) {
    uint64_t n = u64();
    if (n > in_.size() / min_bytes_each) malformed();
    return size_t(n);
  }
  std::string_view text() { return take(count(1)); }
  std::string_view take(size_t n) {
    if (in_.size() < n) malformed();
    auto s = in_.substr(0, n);
    in_.remove_prefix(n);
    return s;
  }
  bool done() const { return in_.empty(); }

 private:
  std::string_view in_;
};

template <class Map>
void write_map(Writer& w, const Map& m) {
  w.u64(m.size());
  for (const auto& [k, v] : m) {
    w.text(k);
    w.u64(uint64_t(v));
  }
}

// Adds the encoded counts to m.
template <class Map>
void add_map(Reader& r, Map& m) {
  for (size_t n = r.count(16); n > 0; --n) {
    auto k = r.text();
    auto v = int64_t(r.u64());
    if (auto it = m.find(k); it != m.end()) it->second += v;
    else m.emplace(std::string(k), v);
  }
}

// Appends the encoded count-prefixed 64-bit values to v, grown geometrically (a report merges
// thousands of cells into one group).
template <class T>
void append_values(Reader& r, std::vector<T>& v) {
  static_assert(sizeof(T) == 8);
  size_t n = r.count(8);
  auto bytes = r.take(n * 8);
  if (v.capacity() < v.size() + n) v.reserve(std::max(v.size() + n, 2 * v.capacity()));
  for (size_t i = 0; i < n; ++i) {  // no resize(): its zeroing would touch the memory twice
    uint64_t x;
    if constexpr (std::endian::native == std::endian::little) {
      std::memcpy(&x, bytes.data() + 8 * i, 8);
    } else {
      x = Reader(bytes.substr(8 * i, 8)).u64();
    }
    v.push_back(T(x));
  }
}

// Least-significant-digit radix sort over the low 33 bits (three passes of 11 bits) when every
// value fits there — BSNs (9 digits) and answer times up to ~99 days in ms — else the general
// sort. `tmp` is scratch space, kept by the caller across calls.
template <class T>
void sort_values(std::vector<T>& v, std::vector<T>& tmp) {
  if (std::any_of(v.begin(), v.end(), [](T k) { return uint64_t(k) >> 33; })) {
    std::sort(v.begin(), v.end());
    return;
  }
  tmp.resize(v.size());
  for (int shift = 0; shift < 33; shift += 11) {
    std::array<size_t, 2049> at{};
    for (auto k : v) ++at[((uint64_t(k) >> shift) & 2047) + 1];
    for (size_t i = 1; i < at.size(); ++i) at[i] += at[i - 1];
    for (auto k : v) tmp[at[(uint64_t(k) >> shift) & 2047]++] = k;
    v.swap(tmp);
  }
}

// Removes one occurrence of v; false when there is none.
template <class T>
bool take(std::vector<T>& values, T v) {
  auto it = std::find(values.begin(), values.end(), v);
  if (it == values.end()) return false;
  *it = values.back();
  values.pop_back();
  return true;
}

template <class Map>
bool take(Map& m, const std::string& key) {
  auto it = m.find(key);
  if (it == m.end()) return false;
  if (--it->second == 0) m.erase(it);
  return true;
}

// The sums one fact adds (each 0 or a value).
std::array<int64_t, kSums> sums_of(const Fact& f) {
  const auto& r = f.row;
  std::array<int64_t, kSums> s{};
  bool t = r.result == domain::OutcomeResult::treated_by_gp;
  s[consults] = 1;
  s[treated] = t;
  s[intended_yes] = r.intended_referral == domain::IntendedReferral::yes;
  s[avoided] = s[intended_yes] && t;
  s[intended_no] = r.intended_referral == domain::IntendedReferral::no;
  s[prompted] = s[intended_no] && r.result == domain::OutcomeResult::referred;
  s[followed] = t && r.referred_within_90d.has_value();
  s[not_referred] = s[followed] && !*r.referred_within_90d;
  s[answered] = r.first_answer_at.has_value();
  s[within] = r.first_answer_at && r.due_at && *r.first_answer_at <= *r.due_at;
  s[usefulness_sum] = r.usefulness > 0 ? r.usefulness : 0;
  s[usefulness_n] = r.usefulness > 0;
  s[learned] = r.learned;
  s[gp_fees] = r.gp_fee_cents;
  s[consultant_fees] = r.consultant_fee_cents;
  return s;
}

}  // namespace

std::string_view dim_name(Dim d, Grain g) {
  return (g == Grain::day ? kDayDimNames : kDimNames)[static_cast<size_t>(d)];
}

std::string_view group_key(std::string_view cell_key) { return cell_key.substr(0, cell_key.find('|')); }

uint64_t bsn_key(std::string_view bsn) {
  uint64_t v = 0;
  for (char c : bsn) {
    if (c < '0' || c > '9' || bsn.size() > 18) return std::hash<std::string_view>{}(bsn) | (uint64_t(1) << 63);
    v = v * 10 + uint64_t(c - '0');
  }
  return v;
}

std::string Fact::key(Dim d) const {
  switch (d) {
    case Dim::care_group: return care_group;
    case Dim::specialty: return specialty + "|" + care_group;
    case Dim::service: return row.service_id.str();
    case Dim::hospital: return hospital;
    case Dim::practice: return row.practice_id.str();
    case Dim::modality: return std::string(domain::to_string(row.modality)) + "|" + care_group;
    case Dim::pc4: return row.pc4;
  }
  return {};
}

int64_t Fact::response_ms() const { return (*row.first_answer_at - row.submitted_at).count(); }

void Cell::add(const Fact& f) {
  auto s = sums_of(f);
  for (size_t i = 0; i < kSums; ++i) sums[i] += s[i];
  if (f.row.first_answer_at) response_ms.push_back(f.response_ms());
  patients.push_back(bsn_key(f.row.patient_bsn));
  ++practices[f.row.practice_id.str()];
  if (s[avoided]) ++avoided_per_specialty[f.specialty];
}

bool Cell::remove(const Fact& f) {
  auto s = sums_of(f);
  for (size_t i = 0; i < kSums; ++i) sums[i] -= s[i];
  bool ok = !f.row.first_answer_at || take(response_ms, f.response_ms());
  ok = take(patients, bsn_key(f.row.patient_bsn)) && ok;
  ok = take(practices, f.row.practice_id.str()) && ok;
  if (s[avoided]) ok = take(avoided_per_specialty, f.specialty) && ok;
  return ok;
}

void Cell::merge(const Cell& o) {
  for (size_t i = 0; i < kSums; ++i) sums[i] += o.sums[i];
  response_ms.insert(response_ms.end(), o.response_ms.begin(), o.response_ms.end());
  patients.insert(patients.end(), o.patients.begin(), o.patients.end());
  if (practices.empty()) practices.reserve(o.practices.size());
  for (const auto& [k, v] : o.practices) practices[k] += v;
  for (const auto& [k, v] : o.avoided_per_specialty) avoided_per_specialty[k] += v;
}

void Cell::sort_response_ms(std::vector<int64_t>& tmp) { sort_values(response_ms, tmp); }

int64_t distinct_count(std::vector<uint64_t>& keys, std::vector<uint64_t>& tmp) {
  sort_values(keys, tmp);
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return static_cast<int64_t>(keys.size());
}

std::string Cell::encode() const {
  Writer w;
  w.out.push_back(kVersion);
  for (auto v : sums) w.u64(uint64_t(v));
  w.u64(response_ms.size());
  for (auto v : response_ms) w.u64(uint64_t(v));
  w.u64(patients.size());
  for (auto v : patients) w.u64(v);
  write_map(w, practices);
  write_map(w, avoided_per_specialty);
  return std::move(w.out);
}

Cell Cell::decode(std::string_view data) {
  Cell c;
  c.merge_encoded(data);
  return c;
}

void Cell::merge_encoded(std::string_view data) {
  if (data.empty() || data[0] != kVersion) malformed();
  Reader r(data.substr(1));
  for (auto& v : sums) v += int64_t(r.u64());
  append_values(r, response_ms);
  append_values(r, patients);
  add_map(r, practices);
  add_map(r, avoided_per_specialty);
  if (!r.done()) malformed();
}

Directory::Directory(std::vector<Organization> orgs, std::vector<Service> services) {
  for (auto& o : orgs) orgs_.emplace(o.id.str(), std::move(o));
  for (auto& s : services) services_.emplace(s.id.str(), std::move(s));
}

namespace {

// A cached lookup: the map's entry, or (lazily, from the transaction) load(id) remembered.
template <class T, class Load>
const T* cached(std::unordered_map<std::string, std::optional<T>>& map, const std::string& id, bool lazy, Load load) {
  auto it = map.find(id);
  if (it == map.end()) {
    if (!lazy) return nullptr;
    it = map.emplace(id, load()).first;
  }
  return it->second ? &*it->second : nullptr;
}

}  // namespace

const Organization* Directory::organization(const std::string& id) {
  return cached(orgs_, id, tx_ != nullptr, [&] { return tx_->organization(OrgId(id)); });
}

const Service* Directory::service(const std::string& id) {
  return cached(services_, id, tx_ != nullptr, [&] { return tx_->service(ServiceId(id)); });
}

const Organization* Directory::group_of(const std::string& practice) {
  const Organization* o = organization(practice);
  for (int depth = 0; o && depth < 16; ++depth) {
    if (o->type == OrgType::care_group || o->type == OrgType::health_centre) return o;
    if (!o->part_of) break;
    o = organization(o->part_of->str());
  }
  return nullptr;
}

Fact Directory::fact(const ReportRow& r) {
  Fact f;
  f.row = r;
  const Date closed = domain::amsterdam_date(r.closed_at);
  f.month = domain::month_of(closed);
  f.day = format_date(closed);
  if (const auto* s = service(r.service_id.str())) {
    f.specialty = s->specialty;
    f.hospital = s->organization_id.str();
  }
  if (const auto* g = group_of(r.practice_id.str())) f.care_group = g->id.str();
  return f;
}

bool built(ReadTx& tx) { return tx.meta("report_cells") != std::optional<std::string>("stale"); }

}  // namespace mk::store::report_cells
