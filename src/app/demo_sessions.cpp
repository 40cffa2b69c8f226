// Demo on-site sessions: Maasstad dermatology holds a meekijkspreekuur at Huisartsenpraktijk
// Janson for the IZER practices on Wednesday afternoons. The past four weeks' sessions hold some
// of the history's closed dermatology consults of IZER practices — they become on_site consults,
// booked into those sessions (before they are saved, so they are billed under the on-site
// contract) — and the next three weeks' sessions have free slots to book into.
#include <algorithm>

#include "app/demo_model.hpp"
#include "domain/calendar.hpp"

namespace mk::app::demo {
namespace {

constexpr int kSlots = 6;
constexpr int kBookedPerPastSession = 4;

// The Wednesday of the week `weeks` from the week of `today` (negative: earlier).
Date wednesday(Date today, int weeks) {
  std::chrono::sys_days d{today};
  std::chrono::weekday wd{d};
  return Date{d + std::chrono::days((3 - int(wd.c_encoding()) + 7) % 7) + std::chrono::weeks(weeks)};
}

}  // namespace

SeededSessions build_sessions(const Directory& d, IdGenerator& ids, Timestamp now, std::vector<domain::Consult>& consults) {
  SeededSessions out;
  const auto& derm = d.services[d.service("maasstad-dermatology")];
  auto consultant = std::find_if(d.users.begin(), d.users.end(), [&](const domain::User& u) {
    return u.role == domain::Role::consultant && std::find(u.services.begin(), u.services.end(), derm.id) != u.services.end();
  });
  if (consultant == d.users.end()) return out;
  const OrgId izer = d.orgs[d.org("izer")].id;
  auto of_izer = [&](const OrgId& practice) { return d.orgs[d.org_index(practice)].part_of == izer; };
  const Date today = domain::amsterdam_date(now);
  for (int week = -4; week <= 3; ++week) {
    if (week == 0) continue;
    domain::OnsiteSession s;
    s.id = ids.next();
    s.service_id = derm.id;
    s.consultant_id = consultant->id;
    s.location_id = d.orgs[d.org("janson")].id;
    s.date = wednesday(today, week);
    s.start = "13:00";
    s.end = "16:00";
    s.slots = kSlots;
    s.open_to = {izer};
    s.created_by = consultant->id;
    s.created_at = s.updated_at = domain::amsterdam_midnight(s.date) - std::chrono::days(28);
    const Timestamp end = domain::amsterdam_at(s.date, s.end);
    int slot = 0;
    for (auto& c : consults) {
      if (week > 0 || slot == kBookedPerPastSession) break;
      bool fits = c.service_id == derm.id && c.closed_at && c.submitted_at && c.modality == domain::Modality::e_consult &&
                  *c.submitted_at < end && *c.submitted_at >= end - std::chrono::days(7) && of_izer(c.practice_id);
      if (!fits) continue;
      c.modality = domain::Modality::on_site;
      out.bookings.push_back({s.id, ++slot, c.id, *c.submitted_at, std::nullopt});
    }
    out.sessions.push_back(std::move(s));
  }
  return out;
}

}  // namespace mk::app::demo
