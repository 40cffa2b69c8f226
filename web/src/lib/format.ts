// Dates and times as the region reads them: Europe/Amsterdam, in the chosen language.
import type { Lang } from '../i18n/i18n';

const TZ = 'Europe/Amsterdam';
const locales: Record<Lang, string> = { nl: 'nl-NL', en: 'en-GB' };

// Intl formatters are costly to make (a list of 50 rows would make hundreds): one per kind and language.
const cache = new Map<string, Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.NumberFormat>();
function cached<T extends Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) cache.set(key, (f = make()));
  return f;
}

export function formatDateTime(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '';
  return cached('dt' + lang, () => new Intl.DateTimeFormat(locales[lang], { timeZone: TZ, dateStyle: 'medium', timeStyle: 'short' })).format(new Date(iso));
}

export function formatDate(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '';
  // A bare date (birth date) is a calendar day, not an instant: no time zone shift.
  const d = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(iso + 'T12:00:00Z') : new Date(iso);
  return cached('d' + lang, () => new Intl.DateTimeFormat(locales[lang], { timeZone: TZ, dateStyle: 'medium' })).format(d);
}

// "over 5 uur", "2 dagen geleden"
export function formatRelative(iso: string, lang: Lang, now: number = Date.now()): string {
  const diff = new Date(iso).getTime() - now;
  const abs = Math.abs(diff);
  const rtf = cached('rt' + lang, () => new Intl.RelativeTimeFormat(locales[lang], { numeric: 'auto' }));
  const minute = 60_000, hour = 60 * minute, day = 24 * hour;
  if (abs < hour) return rtf.format(Math.round(diff / minute), 'minute');
  if (abs < 2 * day) return rtf.format(Math.round(diff / hour), 'hour');
  return rtf.format(Math.round(diff / day), 'day');
}

export function ageInYears(birthDate: string | null, now: Date = new Date()): number | null {
  if (!birthDate) return null;
  const [y, m, d] = birthDate.split('-').map(Number);
  let age = now.getFullYear() - y;
  if (now.getMonth() + 1 < m || (now.getMonth() + 1 === m && now.getDate() < d)) age--;
  return age;
}

export function formatBytes(n: number, lang: Lang): string {
  if (n < 1024) return formatNumber(n, lang) + ' B';
  if (n < 1024 * 1024) return formatNumber(n / 1024, lang) + ' kB';
  return formatNumber(n / 1024 / 1024, lang) + ' MB';
}

// "123456782" → "1234.56.782" — how BSNs are usually written, easier to read aloud.
export function formatBsn(bsn: string): string {
  return /^\d{9}$/.test(bsn) ? `${bsn.slice(0, 4)}.${bsn.slice(4, 6)}.${bsn.slice(6)}` : bsn;
}

// 12.345 → "12,3" (nl) / "12.3" (en): at most `digits` decimals, grouped.
export function formatNumber(n: number, lang: Lang, digits = 1): string {
  return cached(`n${digits}${lang}`, () => new Intl.NumberFormat(locales[lang], { maximumFractionDigits: digits })).format(n);
}
