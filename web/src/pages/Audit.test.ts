import { describe, expect, it } from 'vitest';
import { groupAccess } from './Audit';
import type { AuditEntry } from '../api/types';

const e = (user: string, at: string, patch: Partial<AuditEntry> = {}) =>
  ({ seq: 1, at, event: 'consult.read', action: 'R', outcome: 'success', user_id: user, user_name: user.toUpperCase(), user_email: '', role: 'gp', organization_id: 'o1', ...patch }) as AuditEntry;

describe('who looked at this patient', () => {
  it('groups by person and organisation with first/last access and counts, newest first', () => {
    const groups = groupAccess([
      e('a', '2026-01-03T10:00:00.000Z'),
      e('b', '2026-01-05T10:00:00.000Z', { outcome: 'denied' }),
      e('a', '2026-01-01T10:00:00.000Z'),
      e('p', '2026-01-06T10:00:00.000Z', { event: 'audit.search' }),
    ]);
    expect(groups.map((g) => [g.name, g.count, g.denied])).toEqual([['B', 1, 1], ['A', 2, 0]]);
    expect(groups[1].first).toBe('2026-01-01T10:00:00.000Z');
    expect(groups[1].last).toBe('2026-01-03T10:00:00.000Z');
  });
});
