// Synthetic people and places for the demo region: Rotterdam-area neighbourhoods by PC4, and
// names that look like the region (Dutch, Turkish, Moroccan, Surinamese, Cape Verdean, ...).
// None of it is real patient or practitioner data.
#include <array>
#include <cctype>

#include "app/demo_model.hpp"

namespace mk::app::demo {
namespace {

using domain::Sex;

constexpr std::array<std::string_view, 34> kFemale{
    "Anna", "Sanne", "Fatima", "Emma", "Lotte", "Noor", "Sophie", "Julia", "Eva", "Fleur", "Lisa", "Iris",
    "Marieke", "Ingrid", "Yvonne", "Ayse", "Naima", "Khadija", "Zeynep", "Shanti", "Maria", "Wilma", "Gerda",
    "Anneke", "Hanneke", "Esther", "Miriam", "Samira", "Nadia", "Chantal", "Daphne", "Mei", "Priya", "Sevda"};
constexpr std::array<std::string_view, 34> kMale{
    "Jan", "Pieter", "Kees", "Mohamed", "Ahmed", "Mustafa", "Youssef", "Daan", "Lucas", "Sem", "Thijs", "Bram",
    "Ruben", "Jeroen", "Mark", "Hans", "Henk", "Gerrit", "Willem", "Emre", "Mehmet", "Rachid", "Orlando",
    "Ricardo", "Ravi", "Wei", "Tom", "Bas", "Martijn", "Hamza", "Joao", "Arjen", "Dirk", "Koen"};
constexpr std::array<std::string_view, 60> kSurnames{
    "de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder",
    "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit",
    "Dijkstra", "Smits", "de Graaf", "van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan",
    "Vermeulen", "van den Heuvel", "van Dijk", "Schouten", "Willems", "Hoekstra", "Koster", "Verhoeven",
    "Prins", "Kuipers", "Yilmaz", "Kaya", "Demir", "Ozturk", "Celik", "El Amrani", "Bouzid", "El Idrissi",
    "Benali", "Ait Said", "Pinas", "Sedney", "Tavares", "Lopes", "Fernandes", "Nguyen", "Chen", "Ramdin",
    "Sewdien", "Mahabier", "Martina", "Soares", "van Rijn", "Groenewegen"};
constexpr std::array<std::string_view, 24> kPlaceNames{
    "De Esch", "Het Lage Land", "De Akker", "'t Slag", "De Linde", "Zuiderpark", "De Maas", "Het Park",
    "De Molen", "De Horst", "De Kreek", "Het Kasteel", "De Vaart", "De Zwaan", "Oranjeboom", "De Hoek",
    "De Schans", "Waterweg", "De Boog", "Het Anker", "De Singel", "Kastanjehof", "De Wielewaal", "Het Hof"};

struct AreaGroup {
  std::string_view parent;
  std::vector<Area> areas;
};

std::vector<AreaGroup> area_groups() {
  return {
      {"izer", {{"3071", "Feijenoord"}, {"3072", "Afrikaanderwijk"}, {"3074", "Bloemhof"}, {"3075", "Vreewijk"},
                {"3076", "Lombardijen"}, {"3077", "IJsselmonde"}, {"3078", "Beverwaard"}, {"3079", "Groot-IJsselmonde"},
                {"3081", "Tarwewijk"}, {"3083", "Carnisse"}, {"3084", "Zuidwijk"}, {"2991", "Barendrecht"},
                {"2992", "Barendrecht-Carnisselande"}, {"2982", "Ridderkerk"}, {"3161", "Rhoon"},
                {"3201", "Spijkenisse-Centrum"}, {"3202", "Spijkenisse-Noord"}, {"3204", "Spijkenisse-De Akkers"},
                {"3206", "Spijkenisse-Maaswijk"}}},
      {"cohaesie", {{"3011", "Centrum"}, {"3012", "Stadsdriehoek"}, {"3014", "Oude Westen"}, {"3021", "Middelland"},
                    {"3022", "Nieuwe Westen"}, {"3024", "Bospolder"}, {"3027", "Oud-Mathenesse"},
                    {"3031", "Rubroek"}, {"3032", "Provenierswijk"}, {"3035", "Liskwartier"}, {"3036", "Crooswijk"},
                    {"3037", "Blijdorp"}, {"3039", "Bergpolder"}, {"3043", "Overschie"}, {"3112", "Schiedam-Centrum"},
                    {"3121", "Schiedam-Noord"}, {"3131", "Vlaardingen"}, {"3136", "Vlaardingen-Holy"},
                    {"3142", "Maassluis"}}},
      {"zorggroep-capelle", {{"2901", "Capelle-West"}, {"2902", "Capelle-Centrum"}, {"2903", "Schollevaar"},
                             {"2905", "Oostgaarde"}, {"2907", "Fascinatio"}, {"2922", "Krimpen aan den IJssel"},
                             {"2924", "Krimpen-Lansingh"}}},
      {"aristo6", {{"3051", "Hillegersberg"}, {"3052", "Schiebroek"}, {"3054", "Molenlaankwartier"},
                   {"3061", "Kralingen-West"}, {"3062", "Kralingen-Oost"}, {"3065", "Het Lage Land"},
                   {"3066", "Prinsenland"}, {"3068", "Ommoord"}, {"3069", "Zevenkamp"}, {"3059", "Nesselande"},
                   {"3191", "Hoogvliet"}, {"3195", "Pernis"}}},
      {"hoed-nieuwerkerk", {{"2911", "Nieuwerkerk-Centrum"}, {"2912", "Nieuwerkerk-Zuid"},
                            {"2913", "Nieuwerkerk-Noord"}, {"2914", "Zuidplas"}}},
      {"levinas", {{"3073", "Hillesluis"}}},
      {"sanitas", {{"3082", "Oud-Charlois"}}},
      {"charley-toorop", {{"3085", "Pendrecht"}, {"3086", "Zuidplein"}}},
      {"mathenesserlaan", {{"3023", "Mathenesserlaan"}, {"3025", "Tussendijken"}}},
      {"mariastraat", {{"3033", "Agniesebuurt"}, {"3034", "Oud-Noord"}}},
      {"lijn2", {{"3063", "Kralingen"}, {"3067", "Oosterflank"}}},
  };
}

char upper_letter(Rng& rng) { return static_cast<char>('A' + uniform_int(rng, 0, 25)); }

}  // namespace

std::vector<Area> areas_of(std::string_view parent_ref) {
  for (auto& g : area_groups())
    if (g.parent == parent_ref) return g.areas;
  return {{"3011", "Centrum"}};
}

std::string person_name(Rng& rng, Sex sex) {
  const size_t f = static_cast<size_t>(uniform_int(rng, 0, int(kFemale.size()) - 1));
  const size_t m = static_cast<size_t>(uniform_int(rng, 0, int(kMale.size()) - 1));
  const size_t s = static_cast<size_t>(uniform_int(rng, 0, int(kSurnames.size()) - 1));
  std::string first(sex == Sex::female ? kFemale[f] : kMale[m]);
  return first + " " + std::string(kSurnames[s]);
}

std::string practice_name(Rng& rng, const Area& area) {
  const std::string wijk(area.neighbourhood);
  std::string surname(kSurnames[static_cast<size_t>(uniform_int(rng, 0, int(kSurnames.size()) - 1))]);
  if (!surname.empty()) surname[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(surname[0])));
  const std::string place(kPlaceNames[static_cast<size_t>(uniform_int(rng, 0, int(kPlaceNames.size()) - 1))]);
  switch (uniform_int(rng, 0, 5)) {
    case 0: return "Huisartsenpraktijk " + wijk;
    case 1: return "Huisartsen " + wijk;
    case 2: return "Huisartsenpraktijk " + surname;
    case 3: return "Huisartsenpraktijk " + place;
    case 4: return "Huisartsencentrum " + place;
    default: return "Huisartsen " + place + " " + wijk;
  }
}

std::string postcode_in(Rng& rng, std::string_view pc4) {
  std::string out(pc4);
  char a = upper_letter(rng);
  char b = upper_letter(rng);
  if (a == 'S' && (b == 'A' || b == 'D' || b == 'S')) b = 'T';  // never issued
  out += a;
  out += b;
  return out;
}

std::string slug(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c >= 'A' && c <= 'Z') out += static_cast<char>(c - 'A' + 'a');
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
  }
  return out;
}

std::string mail_local_part(std::string_view name) {
  auto space = name.find(' ');
  if (space == std::string_view::npos) return slug(name);
  return slug(name.substr(0, 1)) + "." + slug(name.substr(space + 1));
}

}  // namespace mk::app::demo
