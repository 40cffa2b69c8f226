// Report periods: calendar quarters and years as "YYYY-MM-DD" day ranges (both days inclusive,
// as the triple-aim report reads them), and the months a range covers.

export type PeriodKind = 'this_quarter' | 'last_quarter' | 'this_year' | 'custom';
export interface Period { from: string; to: string }

const pad = (n: number) => String(n).padStart(2, '0');
const day = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
// The last day of month m (1..12) of year y.
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

export const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

// The calendar quarter `offset` quarters from the one `now` is in (0 = this one, -1 = the last).
export function quarter(now: Date, offset = 0): Period {
  const index = now.getFullYear() * 4 + Math.floor(now.getMonth() / 3) + offset;
  const y = Math.floor(index / 4), first = (index - y * 4) * 3 + 1;
  return { from: day(y, first, 1), to: day(y, first + 2, lastDay(y, first + 2)) };
}

// The period a preset stands for; null for 'custom' (its dates are typed).
export function presetPeriod(kind: PeriodKind, now: Date = new Date()): Period | null {
  switch (kind) {
    case 'this_quarter':
      return quarter(now, 0);
    case 'last_quarter':
      return quarter(now, -1);
    case 'this_year':
      return { from: day(now.getFullYear(), 1, 1), to: day(now.getFullYear(), 12, 31) };
    default:
      return null;
  }
}

// "Q3 2026" as { q: 3, year: 2026 } when the period is exactly one calendar quarter.
export function quarterOf(p: Period): { q: number; year: number } | null {
  const m = /^(\d{4})-(\d{2})-01$/.exec(p.from);
  if (!m) return null;
  const y = Number(m[1]), first = Number(m[2]);
  if ((first - 1) % 3 !== 0 || p.to !== day(y, first + 2, lastDay(y, first + 2))) return null;
  return { q: (first - 1) / 3 + 1, year: y };
}

// The months "YYYY-MM" from `from` to `to` (at most `limit`, so a long range stays readable).
export function monthsOf(p: Period, limit = 120): string[] {
  const out: string[] = [];
  let y = Number(p.from.slice(0, 4)), m = Number(p.from.slice(5, 7));
  const end = p.to.slice(0, 7);
  while (out.length < limit) {
    const key = `${y}-${pad(m)}`;
    if (key > end) break;
    out.push(key);
    if (++m > 12) { m = 1; y++; }
  }
  return out;
}
