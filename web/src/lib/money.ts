// Euro amounts: the API counts in cents (integers; a per-minute rate in cents with at most two
// decimals). Typed amounts are parsed as text into integers, never through parseFloat * 100,
// so "0,1" is 10 cents and not 10.000000000000002.
import type { Lang } from '../i18n/i18n';

const locales: Record<Lang, string> = { nl: 'nl-NL', en: 'en-GB' };
const separators: Record<Lang, { decimal: string; group: string }> = {
  nl: { decimal: ',', group: '.' },
  en: { decimal: '.', group: ',' },
};

// "1.234,56" (nl) / "1,234.56" (en) → the amount × 10^decimals as an integer; null when the text
// is not an amount with at most `decimals` decimals. A leading "€" and spaces are allowed;
// grouping is optional but must be in threes ("12,345" in Dutch is refused, not read as 12345).
export function parseScaled(input: string, decimals: number, lang: Lang = 'nl'): number | null {
  const { decimal, group } = separators[lang];
  const text = input.replace(/^\s*€\s*/, '').trim();
  const esc = (s: string) => '\\' + s;
  const re = new RegExp(`^(\\d{1,3}(?:${esc(group)}\\d{3})+|\\d+)(?:${esc(decimal)}(\\d+))?$`);
  const m = re.exec(text);
  if (!m) return null;
  const frac = m[2] ?? '';
  if (frac.length > decimals) return null;
  const digits = m[1].split(group).join('') + frac.padEnd(decimals, '0');
  const n = Number(digits);
  return Number.isSafeInteger(n) ? n : null;
}

// A euro amount typed by a person → cents. "12,50" → 1250.
export function parseEuroCents(input: string, lang: Lang = 'nl'): number | null {
  return parseScaled(input, 2, lang);
}

// A rate in euros per minute with up to four decimals → cents per minute (up to two decimals).
// "1,875" → 187.5. The division by 100 of an integer gives the shortest decimal, so the JSON
// carries exactly 187.5.
export function parseEuroRate(input: string, lang: Lang = 'nl'): number | null {
  const n = parseScaled(input, 4, lang);
  return n === null ? null : n / 100;
}

// An integer scaled by 10^decimals as input text: 125000, 2 → "1250,00" (no grouping, at
// least two decimals, trailing zeros beyond that dropped).
function scaledToInput(n: number, decimals: number, lang: Lang): string {
  const s = String(Math.abs(Math.round(n))).padStart(decimals + 1, '0');
  const frac = s.slice(s.length - decimals).replace(/0+$/, '').padEnd(2, '0');
  return (n < 0 ? '-' : '') + s.slice(0, s.length - decimals) + separators[lang].decimal + frac;
}

export function centsToInput(cents: number | null | undefined, lang: Lang): string {
  return cents === null || cents === undefined ? '' : scaledToInput(cents, 2, lang);
}

export function rateToInput(centsPerMinute: number | null | undefined, lang: Lang): string {
  return centsPerMinute === null || centsPerMinute === undefined ? '' : scaledToInput(Math.round(centsPerMinute * 100), 4, lang);
}

const formats = new Map<string, Intl.NumberFormat>();
function currency(lang: Lang, maxDecimals: number): Intl.NumberFormat {
  const key = lang + maxDecimals;
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.NumberFormat(locales[lang], { style: 'currency', currency: 'EUR', maximumFractionDigits: maxDecimals })));
  return f;
}

// 123456 → "€ 1.234,56" (nl) / "€1,234.56" (en).
export function formatCents(cents: number, lang: Lang): string {
  return currency(lang, 2).format(cents / 100);
}

// 123456 → "€ 1.235" (nl): whole euros, for headline figures and chart labels.
export function formatEuros(cents: number, lang: Lang): string {
  const key = lang + 'whole';
  let f = formats.get(key);
  if (!f) formats.set(key, (f = new Intl.NumberFormat(locales[lang], { style: 'currency', currency: 'EUR', minimumFractionDigits: 0, maximumFractionDigits: 0 })));
  return f.format(Math.sign(cents) * Math.round(Math.abs(cents) / 100) + 0); // half away from zero; + 0 makes -0 plain 0
}

// 187.5 cents per minute → "€ 1,875" (nl): up to four decimals, as the contract says.
export function formatRate(centsPerMinute: number, lang: Lang): string {
  return currency(lang, 4).format(Math.round(centsPerMinute * 100) / 10000);
}
