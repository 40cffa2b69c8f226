// The organisations of the demo region: ZorgImpuls at the root, the care groups and
// health-centre umbrellas of the source documents under it, their practices, and the
// hospitals, treatment centres, insurer and municipality that stand beside the tree.
#include <algorithm>
#include <array>
#include <cmath>

#include "app/demo_model.hpp"
#include "core/error.hpp"
#include "domain/identifiers.hpp"

namespace mk::app::demo {
namespace {

using domain::OrgType;

struct Parent {
  std::string_view ref;
  double share;  // of the synthetic practices
  std::string_view centre;  // health centres: the short name practices carry
};

std::vector<Parent> practice_parents() {
  return {{"izer", 0.33, ""},          {"cohaesie", 0.22, ""},        {"zorggroep-capelle", 0.09, ""},
          {"aristo6", 0.12, ""},       {"hoed-nieuwerkerk", 0.05, ""}, {"levinas", 0.035, "Levinas"},
          {"sanitas", 0.03, "Sanitas"}, {"charley-toorop", 0.03, "Charley Toorop"},
          {"mathenesserlaan", 0.035, "Mathenesserlaan"}, {"mariastraat", 0.03, "Mariastraat"},
          {"lijn2", 0.03, "Lijn 2"}};
}

// Largest remainder: the same seed or not, the spread over parents is stable.
std::vector<int> spread(int n, const std::vector<Parent>& parents) {
  double total = 0;
  for (const auto& p : parents) total += p.share;
  std::vector<int> counts;
  std::vector<std::pair<double, size_t>> remainders;
  int given = 0;
  for (size_t i = 0; i < parents.size(); ++i) {
    double exact = n * parents[i].share / total;
    counts.push_back(static_cast<int>(std::floor(exact)));
    given += counts.back();
    remainders.push_back({exact - std::floor(exact), i});
  }
  std::sort(remainders.begin(), remainders.end(), [](auto& a, auto& b) { return a.first > b.first; });
  for (size_t k = 0; given < n; ++k, ++given) counts[remainders[k % remainders.size()].second] += 1;
  return counts;
}

void add_named_orgs(Directory& d, IdGenerator& ids) {
  d.add_org(ids, "zorgimpuls", "ZorgImpuls", OrgType::region_office, "", "zorgimpuls.example");
  for (auto [ref, name, mail] : std::vector<std::array<std::string, 3>>{
           {"izer", "IZER", "izer.example"},
           {"cohaesie", "Cohaesie", "cohaesie.example"},
           {"zorggroep-capelle", "Zorggroep Capelle", "zorggroepcapelle.example"},
           {"aristo6", "Aristo 6", "aristo6.example"},
           {"hoed-nieuwerkerk", "HOED Nieuwerkerk", "hoednieuwerkerk.example"}})
    d.add_org(ids, ref, name, OrgType::care_group, "zorgimpuls", mail);
  d.add_org(ids, "zonboog", "ZONboog", OrgType::health_centre, "zorgimpuls", "zonboog.example");
  d.add_org(ids, "gezond-op-zuid", "Gezond op Zuid", OrgType::health_centre, "zorgimpuls", "gezondopzuid.example");
  for (auto [ref, name, umbrella] : std::vector<std::array<std::string, 3>>{
           {"mathenesserlaan", "Gezondheidscentrum Mathenesserlaan", "zonboog"},
           {"mariastraat", "Gezondheidscentrum Mariastraat", "zonboog"},
           {"lijn2", "Gezondheidscentrum Lijn 2", "zonboog"},
           {"levinas", "Gezondheidscentrum Levinas", "gezond-op-zuid"},
           {"sanitas", "Gezondheidscentrum Sanitas", "gezond-op-zuid"},
           {"charley-toorop", "Gezondheidscentrum Charley Toorop", "gezond-op-zuid"}})
    d.add_org(ids, ref, name, OrgType::health_centre, umbrella, "gc-" + slug(name.substr(19)) + ".example");
  d.add_org(ids, "zilveren-kruis", "Zilveren Kruis", OrgType::insurer, "", "zilverenkruis.example");
  d.add_org(ids, "gemeente-rotterdam", "Gemeente Rotterdam", OrgType::municipality, "", "rotterdam.example");
}

void add_providers(Directory& d, Rng& rng, IdGenerator& ids) {
  for (auto [ref, name, mail, pc4] : std::vector<std::array<std::string, 4>>{
           {"erasmusmc", "Erasmus MC", "erasmusmc.example", "3015"},
           {"maasstad", "Maasstad Ziekenhuis", "maasstad.example", "3079"},
           {"ikazia", "Ikazia Ziekenhuis", "ikazia.example", "3083"},
           {"franciscus", "Franciscus Gasthuis & Vlietland", "franciscus.example", "3045"},
           {"ijsselland", "IJsselland Ziekenhuis", "ijsselland.example", "2906"},
           {"vanweel-bethesda", "Van Weel-Bethesda Ziekenhuis", "vanweelbethesda.example", "3247"},
           {"spijkenisse-mc", "Spijkenisse Medisch Centrum", "spijkenissemc.example", "3206"}}) {
    auto i = d.add_org(ids, ref, name, OrgType::hospital, "", mail);
    d.orgs[i].agb = d.unique_agb(rng, "0610");
    d.orgs[i].postcode = postcode_in(rng, pc4);
  }
  for (auto [ref, name, mail, pc4] : std::vector<std::array<std::string, 4>>{
           {"dermatologie-kliniek", "Dermatologie Kliniek Rotterdam", "dermatologiekliniek.example", "3016"},
           {"oogkliniek", "Oogkliniek Rotterdam", "oogkliniekrotterdam.example", "3012"},
           {"bergman-rotterdam", "Bergman Clinics Rotterdam", "bergmanclinics.example", "3045"}}) {
    auto i = d.add_org(ids, ref, name, OrgType::zbc, "", mail);
    d.orgs[i].agb = d.unique_agb(rng, "2200");
    d.orgs[i].postcode = postcode_in(rng, pc4);
  }
}

// Rotterdam: about a third of the practices take part, and they send most consults.
double participation_weight(Rng& rng) {
  double u = uniform(rng);
  if (u < 0.36) return lognormal(rng, 1.0, 0.6);
  if (u < 0.52) return 0.025;  // now and then
  return 0.0;
}

std::string unique_practice_name(Directory& d, Rng& rng, const Area& area, std::string_view centre) {
  for (int attempt = 0; attempt < 12; ++attempt) {
    std::string name = practice_name(rng, area);
    if (!centre.empty()) name += " (GC " + std::string(centre) + ")";
    bool taken = std::any_of(d.orgs.begin(), d.orgs.end(), [&](const auto& o) { return o.name == name; });
    if (!taken) return name;
  }
  return "Huisartsenpraktijk " + std::string(area.neighbourhood) + " " + std::to_string(d.orgs.size());
}

void add_practice(Directory& d, Rng& rng, IdGenerator& ids, const Parent& parent) {
  const Area area = pick(rng, areas_of(parent.ref));
  std::string name = unique_practice_name(d, rng, area, parent.centre);
  std::string ref = "hp-" + slug(name);
  while (std::any_of(d.orgs.begin(), d.orgs.end(), [&](const auto& o) { return o.ref == ref; })) ref += "x";
  auto i = d.add_org(ids, ref, name, OrgType::gp_practice, parent.ref, ref + ".example");
  d.orgs[i].agb = d.unique_agb(rng, "0105");
  d.orgs[i].postcode = postcode_in(rng, area.pc4);
  d.practices.push_back({i, std::nullopt, participation_weight(rng), {}, {}, {}});
}

std::optional<size_t> care_group_of(const Directory& d, size_t org) {
  for (int depth = 0; depth < 8; ++depth) {
    const auto& o = d.orgs[org];
    if (o.type == OrgType::care_group) return org;
    if (!o.part_of) return std::nullopt;
    org = d.org_index(*o.part_of);
  }
  return std::nullopt;
}

}  // namespace

size_t Directory::org(std::string_view ref) const {
  for (size_t i = 0; i < orgs.size(); ++i)
    if (orgs[i].ref == ref) return i;
  throw Error(Errc::internal, "Demo region incomplete", "no organisation '" + std::string(ref) + "'");
}

size_t Directory::service(std::string_view ref) const {
  for (size_t i = 0; i < services.size(); ++i)
    if (services[i].ref == ref) return i;
  throw Error(Errc::internal, "Demo region incomplete", "no service '" + std::string(ref) + "'");
}

size_t Directory::org_index(const OrgId& id) const {
  for (size_t i = 0; i < orgs.size(); ++i)
    if (orgs[i].id == id) return i;
  throw Error(Errc::internal, "Demo region incomplete", "no organisation with id '" + id.str() + "'");
}

size_t Directory::add_org(IdGenerator& ids, std::string ref, std::string name, domain::OrgType type,
                          std::string_view part_of, std::string mail_domain) {
  domain::Organization o;
  o.id = ids.make<OrgId>();
  o.ref = std::move(ref);
  o.name = std::move(name);
  o.type = type;
  if (!part_of.empty()) o.part_of = orgs[org(part_of)].id;
  orgs.push_back(std::move(o));
  mail_domains.push_back(std::move(mail_domain));
  return orgs.size() - 1;
}

std::string Directory::unique_agb(Rng& rng, std::string_view prefix) {
  for (;;) {
    std::string agb(prefix);
    while (agb.size() < 8) agb += static_cast<char>('0' + uniform_int(rng, 0, 9));
    if (std::find(used_agbs.begin(), used_agbs.end(), agb) == used_agbs.end()) {
      used_agbs.push_back(agb);
      return agb;
    }
  }
}

std::string Directory::unique_email(std::string local, std::string_view domain) {
  std::string email = local + "@" + std::string(domain);
  for (int n = 2; std::find(used_emails.begin(), used_emails.end(), email) != used_emails.end(); ++n)
    email = local + std::to_string(n) + "@" + std::string(domain);
  used_emails.push_back(email);
  return email;
}

bool Directory::accepts(size_t service, const Practice& p) const {
  const auto& s = services[service];
  if (s.accepts.empty()) return true;
  for (const auto& a : s.accepts)
    if (a == orgs[p.org].id || (p.care_group && a == orgs[*p.care_group].id)) return true;
  return false;
}

void build_organizations(Directory& d, Rng& rng, IdGenerator& ids, int practices) {
  add_named_orgs(d, ids);
  auto janson = d.add_org(ids, "janson", "Huisartsenpraktijk Janson", OrgType::gp_practice, "izer", "janson.example");
  d.orgs[janson].agb = d.unique_agb(rng, "0105");
  d.orgs[janson].postcode = postcode_in(rng, "3083");
  d.practices.push_back({janson, std::nullopt, 2.5, {}, {}, {}});  // one of the initiators: busy
  auto parents = practice_parents();
  auto counts = spread(std::max(0, practices - 1), parents);
  for (size_t i = 0; i < parents.size(); ++i)
    for (int k = 0; k < counts[i]; ++k) add_practice(d, rng, ids, parents[i]);
  add_providers(d, rng, ids);
  for (auto& p : d.practices) p.care_group = care_group_of(d, p.org);
}

}  // namespace mk::app::demo
