// Demo consult texts, part 1: dermatology to ophthalmology. Synthetic cases written the way
// GPs and specialists write them; no real patient data.
#include "app/demo_text.hpp"

namespace mk::app::demo {

std::vector<CaseText> hospital_cases() {
  return {
      {"dermatology", Fit::adult,
       "Pigmentlaesie op de rug die volgens de partner groter wordt. Kan ik dit vervolgen of is excisie nodig?",
       "Laesie 7 mm, onregelmatige rand, twee kleuren bruin, geen bloeding. Geen melanoom in de familie. "
       "Dermatoscopisch geen regressiezone.",
       "Mijn vrouw zag dat het plekje op mijn rug groter werd. Het jeukt soms.",
       "Beeld past bij een geïrriteerde seborroïsche keratose, geen kenmerken van melanoom. Geruststellen, over drie "
       "maanden opnieuw fotograferen en bij groei of verandering opnieuw consulteren.",
       "Atypische naevus waarbij een melanoom niet uit te sluiten is. Graag verwijzen voor diagnostische excisie, "
       "binnen twee weken."},
      {"dermatology", Fit::adult,
       "Handeczeem bij een schoonmaakster, onvoldoende verbetering ondanks klasse 3 corticosteroïd en handschoenen. "
       "Advies over vervolgbehandeling?",
       "Klachten sinds zes maanden, beide handpalmen, kloven. Betamethason 2 dd gedurende 4 weken. Geen atopie.",
       "Mijn handen gaan steeds open en ik kan bijna niet meer werken.",
       "Past bij irritatief contacteczeem. Clobetasol 1 dd twee weken, daarna intermitterend in het weekend; ruim "
       "vette basiscrème en katoenen handschoenen onder rubberen. Bij onvoldoende effect na acht weken plakproeven.",
       "Ernstig, therapieresistent handeczeem. Verwijzing voor plakproeven en overweging van systemische therapie."},
      {"dermatology", Fit::child,
       "Kind met sinds drie weken ronde schilferende plekken op armen en romp, jeukt matig. Eczeem of tinea?",
       "Meerdere scherp begrensde plekken met centrale opheldering, huisdier (kitten) sinds kort.",
       "Ze krabt er 's nachts aan en op school vragen ze wat het is.",
       "Klinisch tinea corporis, waarschijnlijk van de kitten. Miconazolcrème 2 dd tot twee weken na genezing; kitten "
       "laten nakijken door de dierenarts. Bij uitbreiding of geen effect na vier weken opnieuw consulteren.",
       "Uitgebreid en atypisch beeld; graag verwijzen voor kweek en beoordeling op de polikliniek."},
      {"cardiology", Fit::adult,
       "Hartkloppingen sinds enkele maanden. ECG in de praktijk toont sinusritme met enkele VES. Holter nodig of "
       "volstaat geruststelling?",
       "Geen syncope, geen pijn op de borst, normale inspanningstolerantie. Bloeddruk 128/80, TSH normaal. ECG: "
       "sinusritme 72/min met twee monomorfe VES.",
       "Ik voel mijn hart soms overslaan, vooral 's avonds op de bank.",
       "ECG toont sinusritme met monomorfe VES, verder normaal. Zonder syncope of structurele hartziekte is dit "
       "benigne: geruststellen, cafeïne en alcohol beperken. Bij toename, syncope of inspanningsgebonden klachten "
       "opnieuw consulteren.",
       "Frequente VES met wisselende morfologie. Graag verwijzen voor Holter en echocardiografie."},
      {"cardiology", Fit::elderly,
       "Toenemende enkeloedemen en dyspnoe bij inspanning, NT-proBNP 450 ng/l. Echo via de huisarts of verwijzen?",
       "Hypertensie, DM2. Geen orthopneu. Crepitaties basaal rechts. ECG: sinusritme, linkerbundeltakblok niet "
       "aanwezig.",
       "Ik kom de trap niet meer op zonder te stoppen en mijn schoenen knellen.",
       "Verdenking hartfalen met behouden ejectiefractie. Start furosemide 20 mg, open-access echo aanvragen; bij "
       "EF boven 50% behandeling in de eerste lijn voortzetten volgens NHG-standaard. Uitslag gerust voorleggen.",
       "Verdenking hartfalen, echo via de polikliniek combineren met beoordeling. Graag verwijzen naar de "
       "hartfalenpoli."},
      {"internal_medicine", Fit::adult,
       "Licht verhoogd calcium (2,68 mmol/l) als toevalsbevinding, PTH 7,9 pmol/l. Verdere diagnostiek of "
       "verwijzing?",
       "Geen nierstenen, geen botbreuken, eGFR 78. Geen thiazide. Vitamine D 45 nmol/l.",
       "Ik merk er zelf eigenlijk niets van.",
       "Past bij milde primaire hyperparathyreoïdie zonder operatie-indicatie. Vitamine D suppleren, jaarlijks "
       "calcium en eGFR, DEXA aanvragen. Bij calcium boven 2,85 of osteoporose opnieuw consulteren.",
       "Gezien de waarden en leeftijd verwijzen voor verdere analyse en beoordeling van een operatie-indicatie."},
      {"internal_medicine", Fit::adult,
       "Microcytaire anemie (Hb 6,8 mmol/l, MCV 74) zonder duidelijke bron. Welke diagnostiek eerst?",
       "Ferritine 8 µg/l, geen zichtbaar bloedverlies, normale ontlasting, geen NSAID-gebruik.",
       "Ik ben al maanden moe en word snel kortademig.",
       "IJzergebreksanemie. Coeliakieserologie en FIT in de eerste lijn; start ijzersuppletie. Bij positieve FIT of "
       "onvoldoende Hb-stijging na zes weken opnieuw consulteren of verwijzen voor scopie.",
       "IJzergebrek zonder verklaring op deze leeftijd: graag verwijzen voor gastroscopie en coloscopie."},
      {"neurology", Fit::adult,
       "Sinds twee maanden frequente hoofdpijn, vooral 's ochtends. Geen neurologische uitval. Beeldvorming "
       "nodig?",
       "Normaal neurologisch onderzoek, fundoscopie zonder afwijkingen. Dagelijks paracetamol sinds zes weken.",
       "Ik word elke ochtend wakker met een drukkend gevoel in mijn hoofd.",
       "Geen alarmsymptomen; waarschijnlijk spanningshoofdpijn met medicatieovergebruik. Twee maanden stoppen met "
       "pijnstillers, hoofdpijndagboek. Beeldvorming niet geïndiceerd.",
       "Nieuwe ochtendhoofdpijn met progressie: graag verwijzen voor neurologisch onderzoek en MRI."},
      {"neurology", Fit::elderly,
       "Tremor van beide handen bij bewegen, langzaam progressief. Essentiële tremor of parkinsonisme?",
       "Actietremor, geen rusttremor, geen rigiditeit of bradykinesie. Vader had ook een tremor.",
       "Ik mors koffie en mijn handschrift wordt slordig.",
       "Beeld past bij essentiële tremor. Bij hinder propranolol 2 dd 40 mg proberen; alcohol vermindert vaak "
       "tijdelijk. Bij rusttremor of traagheid opnieuw consulteren.",
       "Twijfel over parkinsonisme; graag verwijzen voor neurologische beoordeling."},
      {"orthopaedics", Fit::adult,
       "Knieklachten mediaal na draaibeweging bij het sporten, slotklachten? Is een MRI of verwijzing zinvol?",
       "Zes weken na trauma, geen hydrops, McMurray dubieus, geen echte slotstanden. Normale stabiliteit.",
       "Bij traplopen voel ik een steek aan de binnenkant van mijn knie.",
       "Waarschijnlijk een meniscusletsel zonder slotklachten: conservatief met fysiotherapie gedurende drie "
       "maanden. MRI niet geïndiceerd. Bij echte slotstanden opnieuw consulteren.",
       "Mechanische klachten met echte slotstanden: graag verwijzen voor beoordeling en artroscopie."},
      {"orthopaedics", Fit::child,
       "Hielpijn bij een sportieve 11-jarige, vooral na voetbal. Sever of iets anders?",
       "Drukpijn aan de achterzijde van de calcaneus, geen zwelling, geen koorts.",
       "Na het voetballen loopt hij op zijn tenen van de pijn.",
       "Past bij de ziekte van Sever. Belasting aanpassen, hielverhoging in de schoen, rekoefeningen van de "
       "kuitspieren. Gaat vanzelf over met de groei.",
       "Atypisch beloop; graag verwijzen voor röntgenfoto en beoordeling."},
      {"ent", Fit::adult,
       "Eenzijdig gehoorverlies rechts met oorsuizen sinds twee maanden. Verwijzen?",
       "Audiogram: perceptief verlies rechts 25 dB in de hoge tonen, links normaal. Otoscopie normaal.",
       "Ik hoor de telefoon rechts slechter en heb een zoemtoon.",
       "Gering asymmetrisch verlies; herhaal het audiogram over drie maanden. Bij toename asymmetrie MRI "
       "overwegen.",
       "Asymmetrisch perceptief verlies: graag verwijzen voor MRI ter uitsluiting van een brughoektumor."},
      {"ent", Fit::child,
       "Recidiverende otitis media bij een kind van 4, vijf episoden dit jaar. Buisjes?",
       "Tussen de episoden normale trommelvliezen, geen gehoorklachten volgens ouders, snurken.",
       "Hij is steeds ziek en slaapt onrustig.",
       "Afwachtend beleid is verdedigbaar; bij aanhoudend vocht of gehoorverlies audiologisch onderzoek. Neusspray "
       "met zout en opnieuw consulteren na het winterseizoen.",
       "Gezien de frequentie en het snurken: graag verwijzen voor beoordeling adenotomie en trommelvliesbuisjes."},
      {"ophthalmology", Fit::adult,
       "Chalazion bovenooglid sinds drie maanden, niet verdwenen met warme kompressen. Excisie nodig?",
       "Pijnloze zwelling 6 mm, geen roodheid, visus normaal.",
       "Het bultje zit in de weg en het valt op.",
       "Warme kompressen en ooglidmassage nog vier weken volhouden; veel chalazia verdwijnen alsnog. Bij "
       "persisteren excisie via de oogarts, niet urgent.",
       "Persisterend chalazion: verwijzen voor excisie."},
      {"ophthalmology", Fit::elderly,
       "Geleidelijk wazig zien beide ogen, vooral bij lezen en tegenlicht. Staar? Wanneer verwijzen?",
       "Visus rechts 0,6 en links 0,7 met bril. Geen metamorfopsie.",
       "Autorijden in het donker durf ik niet meer.",
       "Waarschijnlijk cataract. Zolang de hinder beperkt is, eerst brilcontrole bij de optometrist; verwijzen "
       "zodra de patiënt hinder ervaart in het dagelijks leven.",
       "Cataract met duidelijke hinder: verwijzen voor beoordeling en operatie."},
  };
}

}  // namespace mk::app::demo
