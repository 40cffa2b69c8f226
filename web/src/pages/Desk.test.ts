import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { translate } from '../i18n/i18n';
import type { OnsiteSession } from '../api/types';
import { deskErrors, parseArea } from './Desk';
import { byDate } from './Sessions';

describe('the desk form', () => {
  it('reads areas as PC4 codes, empty as the whole region', () => {
    expect(parseArea('3083, 3084;3011')).toEqual(['3083', '3084', '3011']);
    expect(parseArea('  ')).toBe('region');
  });
  it("shows the server's BSN refusal as the desk's own message, other errors as they are", () => {
    const e = new ApiError(422, 'The request has invalid fields', '', [
      { field: 'text', message: 'holds a number like a BSN: the desk takes no patient data' },
      { field: 'topic', message: 'is required' },
    ]);
    const out = deskErrors(e, (k, p) => translate('nl', k, p));
    expect(out.text).toMatch(/^Geen patiëntgegevens aan het loket/);
    expect(out.topic).toBe('is required');
  });
});

describe('the session calendar', () => {
  it('groups sessions by date, in date order', () => {
    const s = (id: string, date: string) => ({ id, date }) as OnsiteSession;
    expect(byDate([s('a', '2026-05-07'), s('b', '2026-05-06'), s('c', '2026-05-07')]).map(([d, x]) => [d, x.map((y) => y.id)]))
      .toEqual([['2026-05-06', ['b']], ['2026-05-07', ['a', 'c']]]);
  });
});
