// The memorable demo accounts: one per role, the same whatever the seed, so docs and
// walk-throughs can name them. Their organisations and services are the named ones of the
// demo region (demo_orgs.cpp, demo_services.cpp).
#include "app/demo_model.hpp"
#include "app/demo_region.hpp"

namespace mk::app {
namespace demo {

std::vector<NamedAccount> named_accounts() {
  using domain::Role;
  return {
      {Role::gp, "huisarts@janson.example", "Eva Janson", "janson", {},
       "GP, Huisartsenpraktijk Janson (IZER): asks Maasstad dermatology, Erasmus MC cardiology"},
      {Role::assistant, "assistent@janson.example", "Naima Bouzid", "janson", {},
       "Assistant, Huisartsenpraktijk Janson: prepares drafts for the GP"},
      {Role::consultant, "dermatoloog@maasstad.example", "Pieter van Leeuwen", "maasstad",
       {"maasstad-dermatology"}, "Dermatologist, Maasstad Ziekenhuis (pool routing)"},
      {Role::consultant, "cardioloog@erasmusmc.example", "Shanti Ramdin", "erasmusmc",
       {"erasmusmc-cardiology"}, "Cardiologist, Erasmus MC (direct routing: GPs pick her by name)"},
      {Role::coordinator, "coordinator@maasstad.example", "Marieke de Graaf", "maasstad", {},
       "Coordinator, Maasstad Ziekenhuis: triage and service settings"},
      {Role::consultant, "kaderhuisarts@izer.example", "Rachid El Idrissi", "izer",
       {"izer-kader-ggz", "izer-kader-hvz"}, "Kader GP, IZER pools GGZ and Hart- en vaatziekten"},
      {Role::care_group_manager, "manager@izer.example", "Ingrid Verhoeven", "izer", {},
       "Care group manager, IZER: reports and billing"},
      {Role::regional_admin, "admin@zorgimpuls.example", "Jeroen Koster", "zorgimpuls", {},
       "Regional admin, ZorgImpuls: organisations, services, users"},
      {Role::insurer, "inkoop@zilverenkruis.example", "Hans Brouwer", "zilveren-kruis", {},
       "Insurer, Zilveren Kruis: aggregate reports and declarations"},
      {Role::privacy_officer, "privacy@janson.example", "Esther Kuipers", "janson", {},
       "Privacy officer, Huisartsenpraktijk Janson: NEN 7513 access log"},
      {Role::privacy_officer, "privacy@izer.example", "Mark Hoekstra", "izer", {},
       "Privacy officer, IZER: NEN 7513 access log"},
      {Role::privacy_officer, "privacy@maasstad.example", "Yvonne Schouten", "maasstad", {},
       "Privacy officer, Maasstad Ziekenhuis: NEN 7513 access log"},
      {Role::desk_officer, "loket@zorgimpuls.example", "Sophie Dekker", "zorgimpuls", {},
       "Desk officer, ZorgImpuls: the één-loket desk"},
      {Role::third_party, "wijkteams@rotterdam.example", "Mustafa Kaya", "gemeente-rotterdam", {},
       "Third party, Gemeente Rotterdam: puts questions to the region's GPs via the desk"},
  };
}

}  // namespace demo

std::vector<DemoLogin> demo_logins() {
  std::vector<DemoLogin> out;
  for (const auto& a : demo::named_accounts())
    out.push_back({std::string(domain::to_string(a.role)), a.email, a.description});
  return out;
}

}  // namespace mk::app
