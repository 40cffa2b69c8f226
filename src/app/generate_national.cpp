// The national region of `meekijk generate --scale national` (app/generate.hpp), in the demo's
// model (demo_model.hpp) so the demo's staff, patients, planner and replay serve it unchanged:
// ~100 care groups, each with its practices in a band of the country's PC4 range (1000–9999);
// 80 hospitals and 20 treatment centres spread over that range, each department accepting the
// care groups around it (the nearby ones weighted up); kader-GP pools per care group; four
// insurers. Names are synthetic; AGB codes unique.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/demo_model.hpp"

namespace mk::app::demo {
namespace {

using domain::Modality;
using domain::OrgType;
using domain::Routing;

constexpr int kFirstPc4 = 1000, kLastPc4 = 9999;
constexpr int kAcceptRange = 700;  // a department accepts care groups whose centre is this close (PC4 units)

const std::vector<std::string_view>& hospital_specialties() {
  static const std::vector<std::string_view> s{
      "dermatology", "cardiology", "internal_medicine", "neurology", "orthopaedics", "ent",
      "ophthalmology", "gynaecology", "urology", "paediatrics", "psychiatry", "pulmonology",
      "rheumatology", "surgery", "geriatrics", "gastroenterology"};
  return s;
}

std::string pc4_text(int pc4) { return std::to_string(std::clamp(pc4, kFirstPc4, kLastPc4)); }

struct Band {
  int lo, hi;
  int centre() const { return (lo + hi) / 2; }
};

void add_department(Directory& d, Rng& rng, IdGenerator& ids, size_t org, std::string_view specialty,
                    double weight, std::vector<OrgId> accepts, std::string near) {
  domain::Service s;
  s.id = ids.make<ServiceId>();
  s.ref = d.orgs[org].ref + "-" + std::string(specialty);
  s.organization_id = d.orgs[org].id;
  s.specialty = std::string(specialty);
  s.name = specialty_label(specialty);
  s.modalities = {Modality::e_consult};
  if (chance(rng, 0.25)) s.modalities.push_back(Modality::on_site);
  s.response_days = 1 + static_cast<int>(pick_weighted(rng, {0.15, 0.35, 0.28, 0.12, 0.10}));
  s.routing = chance(rng, 0.10) ? Routing::direct : Routing::pool;
  if (specialty == "dermatology") s.intake = dermatology_intake();
  s.accepts = std::move(accepts);
  d.services.push_back(std::move(s));
  d.staffing.push_back(Staffing{{}, std::nullopt, weight * uniform(rng, 0.6, 1.4), {std::move(near)}});
}

}  // namespace

void build_national_region(Directory& d, Rng& rng, IdGenerator& ids, const NationalShape& shape) {
  d.add_org(ids, "meekijk-nl", "Meekijkconsult Nederland", OrgType::region_office, "", "meekijk-nl.example");
  for (auto [ref, name] : std::vector<std::pair<std::string, std::string>>{
           {"zilveren-kruis", "Zilveren Kruis"}, {"vgz", "VGZ"}, {"cz", "CZ"}, {"menzis", "Menzis"}})
    d.add_org(ids, ref, name, OrgType::insurer, "", ref + ".example");

  // Care groups: consecutive bands of the PC4 range; practices spread evenly over them.
  std::vector<Band> bands;
  std::vector<size_t> groups;
  const double width = double(kLastPc4 - kFirstPc4 + 1) / shape.care_groups;
  for (int g = 0; g < shape.care_groups; ++g) {
    Band b{kFirstPc4 + int(std::floor(g * width)), kFirstPc4 + int(std::floor((g + 1) * width)) - 1};
    char ref[32];
    std::snprintf(ref, sizeof ref, "zg-%03d", g + 1);
    groups.push_back(d.add_org(ids, ref, "Zorggroep " + pc4_text(b.lo) + "-" + pc4_text(b.hi), OrgType::care_group,
                               "meekijk-nl", std::string(ref) + ".example"));
    bands.push_back(b);
  }
  for (int p = 0; p < shape.practices; ++p) {
    const size_t g = size_t(p) % groups.size();
    char ref[32];
    std::snprintf(ref, sizeof ref, "hp-%05d", p + 1);
    std::string name = "Huisartsenpraktijk " + person_name(rng, chance(rng, 0.5) ? domain::Sex::female : domain::Sex::male);
    auto i = d.add_org(ids, ref, name + " (" + ref + ")", OrgType::gp_practice, d.orgs[groups[g]].ref,
                       std::string(ref) + ".example");
    d.orgs[i].agb = d.unique_agb(rng, "01");
    d.orgs[i].postcode = postcode_in(rng, pc4_text(uniform_int(rng, bands[g].lo, bands[g].hi)));
    // About half of the practices take part, most of them now and then.
    double u = uniform(rng), weight = u < 0.3 ? lognormal(rng, 1.0, 0.6) : u < 0.55 ? 0.2 : 0.0;
    d.practices.push_back({i, groups[g], weight, {}, {}, {}});
  }

  // Hospitals and treatment centres, evenly over the range; each department accepts the care
  // groups whose band centre lies within kAcceptRange, and is "near" for its own PC2 area.
  auto accepted_by = [&](int pc4) {
    std::vector<OrgId> out;
    for (size_t g = 0; g < groups.size(); ++g)
      if (std::abs(bands[g].centre() - pc4) <= kAcceptRange) out.push_back(d.orgs[groups[g]].id);
    return out;
  };
  const int providers = shape.hospitals + shape.treatment_centres;
  for (int h = 0; h < providers; ++h) {
    const bool hospital = h < shape.hospitals;
    const int n = hospital ? h : h - shape.hospitals;
    const int count = hospital ? shape.hospitals : shape.treatment_centres;
    const int pc4 = kFirstPc4 + int((n + 0.5) * (kLastPc4 - kFirstPc4) / count);
    char ref[32];
    std::snprintf(ref, sizeof ref, hospital ? "zh-%03d" : "zbc-%03d", n + 1);
    auto org = d.add_org(ids, ref, (hospital ? "Ziekenhuis " : "Kliniek ") + pc4_text(pc4),
                         hospital ? OrgType::hospital : OrgType::zbc, "", std::string(ref) + ".example");
    d.orgs[org].agb = d.unique_agb(rng, hospital ? "06" : "22");
    d.orgs[org].postcode = postcode_in(rng, pc4_text(pc4));
    const auto accepts = accepted_by(pc4);
    const std::string near = pc4_text(pc4).substr(0, 2);
    if (hospital) {
      const double size = uniform(rng, 0.6, 1.4);
      for (auto s : hospital_specialties())
        if (chance(rng, 0.85)) add_department(d, rng, ids, org, s, size, accepts, near);
    } else {
      static const std::vector<std::string_view> clinics{"dermatology", "ophthalmology", "orthopaedics"};
      add_department(d, rng, ids, org, clinics[size_t(n) % clinics.size()], 0.8, accepts, near);
    }
  }
  // Kader-GP pools: each care group's own practices.
  for (auto g : groups) {
    for (auto [key, specialty] : std::vector<std::pair<std::string, std::string>>{
             {"kader-ggz", "mental_health"}, {"kader-hvz", "cardiovascular"}, {"kader-ouderen", "elderly_care"}}) {
      domain::Service s;
      s.id = ids.make<ServiceId>();
      s.ref = d.orgs[g].ref + "-" + key;
      s.organization_id = d.orgs[g].id;
      s.specialty = specialty;
      s.name = specialty_label(specialty);
      s.modalities = {Modality::e_consult};
      s.response_days = 2;
      s.routing = Routing::pool;
      s.accepts = {d.orgs[g].id};
      d.services.push_back(std::move(s));
      d.staffing.push_back(Staffing{{}, std::nullopt, 1.0, {}});
    }
  }
}

}  // namespace mk::app::demo
