// Specialty codes (service.specialty) as people read them. Unknown codes show as written.
import type { Lang } from '../i18n/i18n';

const names: Record<string, [string, string]> = {
  dermatology: ['Dermatologie', 'Dermatology'],
  orthopaedics: ['Orthopedie', 'Orthopaedics'],
  internal_medicine: ['Interne geneeskunde', 'Internal medicine'],
  cardiology: ['Cardiologie', 'Cardiology'],
  pulmonology: ['Longziekten', 'Pulmonology'],
  paediatrics: ['Kindergeneeskunde', 'Paediatrics'],
  neurology: ['Neurologie', 'Neurology'],
  gynaecology: ['Gynaecologie', 'Gynaecology'],
  geriatrics: ['Geriatrie', 'Geriatrics'],
  surgery: ['Chirurgie', 'Surgery'],
  urology: ['Urologie', 'Urology'],
  rheumatology: ['Reumatologie', 'Rheumatology'],
  ophthalmology: ['Oogheelkunde', 'Ophthalmology'],
  ent: ['KNO', 'ENT'],
  gastroenterology: ['Maag-darm-leverziekten', 'Gastroenterology'],
  psychiatry: ['Psychiatrie', 'Psychiatry'],
  mental_health: ['GGZ', 'Mental health'],
  elderly_care: ['Ouderengeneeskunde', 'Elderly care medicine'],
  cardiovascular: ['Cardiovasculair risicomanagement', 'Cardiovascular risk'],
};

export function specialtyName(code: string, lang: Lang): string {
  const n = names[code];
  if (n) return lang === 'nl' ? n[0] : n[1];
  const s = code.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// Every known specialty code, ordered by its name in the language (for filters).
export function specialtyCodes(lang: Lang): string[] {
  return Object.keys(names).sort((a, b) => specialtyName(a, lang).localeCompare(specialtyName(b, lang), lang));
}
