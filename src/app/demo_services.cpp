// The services of the demo region: what each hospital and treatment centre department offers
// for meekijkconsults, and the kader-GP pools of the care groups. "Not one blueprint":
// response times, routing, modalities and accepted care groups differ per service.
#include <algorithm>

#include "app/demo_model.hpp"

namespace mk::app::demo {
namespace {

using domain::Modality;
using domain::Routing;

struct Provider {
  std::string_view ref;
  double weight;  // size of the provider: share of the consults it receives
  std::vector<std::string> near;
  std::vector<std::string_view> specialties;
};

std::vector<Provider> providers() {
  return {
      {"erasmusmc", 1.1, {}, {"dermatology", "cardiology", "internal_medicine", "neurology", "ent", "ophthalmology",
                              "paediatrics", "psychiatry", "pulmonology", "rheumatology", "gastroenterology",
                              "urology", "geriatrics"}},
      {"maasstad", 1.2, {"307", "308", "299", "298", "316"},
       {"dermatology", "cardiology", "internal_medicine", "neurology", "orthopaedics", "ent", "gynaecology",
        "urology", "paediatrics", "pulmonology", "rheumatology", "surgery", "geriatrics", "gastroenterology"}},
      {"ikazia", 1.0, {"308", "307", "319"},
       {"dermatology", "cardiology", "internal_medicine", "neurology", "orthopaedics", "gynaecology", "urology",
        "paediatrics", "pulmonology", "surgery", "geriatrics"}},
      {"franciscus", 1.2, {"301", "302", "303", "304", "305", "311", "312", "313", "314"},
       {"dermatology", "cardiology", "internal_medicine", "neurology", "orthopaedics", "ent", "ophthalmology",
        "gynaecology", "urology", "paediatrics", "psychiatry", "pulmonology", "rheumatology", "surgery",
        "geriatrics", "gastroenterology"}},
      {"ijsselland", 0.9, {"29", "306"},
       {"dermatology", "cardiology", "internal_medicine", "neurology", "orthopaedics", "ent", "gynaecology",
        "paediatrics", "pulmonology", "rheumatology", "surgery", "geriatrics"}},
      {"vanweel-bethesda", 0.5, {"32"},
       {"dermatology", "cardiology", "internal_medicine", "orthopaedics", "gynaecology", "geriatrics"}},
      {"spijkenisse-mc", 0.6, {"32", "319"},
       {"dermatology", "cardiology", "internal_medicine", "neurology", "orthopaedics", "gynaecology",
        "paediatrics", "pulmonology", "surgery"}},
      {"dermatologie-kliniek", 0.9, {}, {"dermatology"}},
      {"oogkliniek", 0.9, {}, {"ophthalmology"}},
      {"bergman-rotterdam", 0.8, {}, {"orthopaedics", "ophthalmology"}},
  };
}

struct KaderPool {
  std::string_view care_group, key, specialty, name;
  Routing routing;
  int response_days;
};

std::vector<KaderPool> kader_pools() {
  return {{"izer", "kader-ggz", "mental_health", "Kaderhuisarts GGZ", Routing::pool, 2},
          {"izer", "kader-hvz", "cardiovascular", "Kaderhuisarts Hart- en vaatziekten", Routing::direct, 2},
          {"cohaesie", "kader-ggz", "mental_health", "Kaderhuisarts GGZ", Routing::pool, 2},
          {"cohaesie", "kader-ouderen", "elderly_care", "Kaderhuisarts Ouderengeneeskunde", Routing::pool, 3},
          {"zorggroep-capelle", "kader-ouderen", "elderly_care", "Kaderhuisarts Ouderengeneeskunde", Routing::pool, 2},
          {"aristo6", "kader-hvz", "cardiovascular", "Kaderhuisarts Hart- en vaatziekten", Routing::pool, 3}};
}

int response_days(Rng& rng) {
  // 1 to 5 working days, most 2 or 3.
  return 1 + static_cast<int>(pick_weighted(rng, {0.15, 0.35, 0.28, 0.12, 0.10}));
}

void add_service(Directory& d, IdGenerator& ids, size_t org, std::string_view key, std::string_view specialty,
                 std::string name, Staffing staffing) {
  domain::Service s;
  s.id = ids.make<ServiceId>();
  s.ref = d.orgs[org].ref + "-" + std::string(key);
  s.organization_id = d.orgs[org].id;
  s.specialty = std::string(specialty);
  s.name = std::move(name);
  s.modalities = {Modality::e_consult};
  d.services.push_back(std::move(s));
  d.staffing.push_back(std::move(staffing));
}

void add_provider_services(Directory& d, Rng& rng, IdGenerator& ids, const Provider& p) {
  const std::vector<std::string_view> groups{"izer", "cohaesie", "zorggroep-capelle", "aristo6", "hoed-nieuwerkerk"};
  for (auto specialty : p.specialties) {
    Staffing staffing;
    staffing.weight = p.weight * uniform(rng, 0.6, 1.4);
    staffing.near = p.near;
    add_service(d, ids, d.org(p.ref), specialty, specialty, specialty_label(specialty), staffing);
    auto& s = d.services.back();
    if (specialty == "dermatology") s.intake = dermatology_intake();
    s.response_days = response_days(rng);
    s.routing = chance(rng, 0.10) ? Routing::direct : Routing::pool;
    if (chance(rng, 0.25)) s.modalities.push_back(Modality::on_site);
    if (chance(rng, 0.20)) {  // a contract with only some care groups
      int n = uniform_int(rng, 2, 3);
      for (int k = 0; k < n; ++k) {
        auto g = d.orgs[d.org(pick(rng, groups))].id;
        if (std::find(s.accepts.begin(), s.accepts.end(), g) == s.accepts.end()) s.accepts.push_back(g);
      }
    }
  }
}

// The settings the demo walk-through relies on, whatever the seed.
void fix_named_services(Directory& d) {
  auto& derm = d.services[d.service("maasstad-dermatology")];
  derm.response_days = 2;
  derm.routing = Routing::pool;
  derm.modalities = {Modality::e_consult, Modality::on_site};
  derm.accepts = {d.orgs[d.org("izer")].id, d.orgs[d.org("cohaesie")].id, d.orgs[d.org("aristo6")].id};
  auto& cardio = d.services[d.service("erasmusmc-cardiology")];
  cardio.response_days = 3;
  cardio.routing = Routing::direct;
  cardio.modalities = {Modality::e_consult};
  cardio.accepts.clear();
}

}  // namespace

domain::IntakeForm dermatology_intake() {
  using domain::IntakeFieldType;
  domain::IntakeForm form;
  form.fields = {{"body_location", "Lokalisatie", "Body location", IntakeFieldType::choice,
                  {"Hoofd en hals", "Romp", "Arm of hand", "Been of voet", "Genitaal of anaal", "Meerdere plaatsen"},
                  true},
                 {"duration", "Bestaat sinds", "Present since", IntakeFieldType::text, {}, false}};
  form.min_photos = 1;
  return form;
}

// Dutch department names as GPs know them.
std::string specialty_label(std::string_view specialty) {
  const std::vector<std::pair<std::string_view, std::string_view>> labels{
      {"dermatology", "Dermatologie"},          {"cardiology", "Cardiologie"},
      {"internal_medicine", "Interne geneeskunde"}, {"neurology", "Neurologie"},
      {"orthopaedics", "Orthopedie"},           {"ent", "KNO"},
      {"ophthalmology", "Oogheelkunde"},        {"gynaecology", "Gynaecologie"},
      {"urology", "Urologie"},                  {"paediatrics", "Kindergeneeskunde"},
      {"psychiatry", "Psychiatrie"},            {"pulmonology", "Longziekten"},
      {"rheumatology", "Reumatologie"},         {"surgery", "Chirurgie"},
      {"geriatrics", "Geriatrie"},              {"gastroenterology", "Maag-, darm- en leverziekten"},
      {"mental_health", "Kaderhuisarts GGZ"},   {"cardiovascular", "Kaderhuisarts Hart- en vaatziekten"},
      {"elderly_care", "Kaderhuisarts Ouderengeneeskunde"}};
  for (auto [key, label] : labels)
    if (key == specialty) return std::string(label);
  return std::string(specialty);
}

void build_services(Directory& d, Rng& rng, IdGenerator& ids) {
  for (const auto& p : providers()) add_provider_services(d, rng, ids, p);
  for (const auto& k : kader_pools()) {
    auto group = d.org(k.care_group);
    add_service(d, ids, group, k.key, k.specialty, std::string(k.name), Staffing{{}, std::nullopt, 1.0, {}});
    auto& s = d.services.back();
    s.routing = k.routing;
    s.response_days = k.response_days;
    s.accepts = {d.orgs[group].id};  // a care group's pool serves its own practices
  }
  fix_named_services(d);
}

}  // namespace mk::app::demo
