// Instant checks as the GP types; the server checks the same again (domain/identifiers.cpp).

// BSN: 9 digits, 11-check with weights 9..2 and -1. Spaces and dots people type are ignored.
export function normaliseBsn(input: string): string {
  return input.replace(/[\s.-]/g, '');
}

export function validBsn(input: string): boolean {
  const bsn = normaliseBsn(input);
  if (!/^\d{9}$/.test(bsn) || bsn === '000000000') return false;
  const weights = [9, 8, 7, 6, 5, 4, 3, 2, -1];
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += weights[i] * Number(bsn[i]);
  return sum % 11 === 0;
}

// Dutch postcode "1234 AB" / "1234ab" → "1234AB"; null when it is not one.
export function normalisePostcode(input: string): string | null {
  const m = /^\s*([1-9]\d{3})\s?([a-zA-Z]{2})\s*$/.exec(input);
  if (!m) return null;
  const letters = m[2].toUpperCase();
  if (letters === 'SA' || letters === 'SD' || letters === 'SS') return null;
  return m[1] + letters;
}

// 'ok' | 'incomplete' (still typing) | 'invalid'
export type Check = 'ok' | 'incomplete' | 'invalid' | 'empty';

export function checkBsn(input: string): Check {
  const bsn = normaliseBsn(input);
  if (bsn === '') return 'empty';
  if (/\D/.test(bsn) || bsn.length > 9) return 'invalid';
  if (bsn.length < 9) return 'incomplete';
  return validBsn(bsn) ? 'ok' : 'invalid';
}

export function checkPostcode(input: string): Check {
  const t = input.trim();
  if (t === '') return 'empty';
  if (normalisePostcode(t)) return 'ok';
  // A prefix of a valid postcode is still being typed.
  if (/^[1-9]\d{0,3}$/.test(t) || /^[1-9]\d{3}\s?[a-zA-Z]?$/.test(t)) return 'incomplete';
  return 'invalid';
}
