import { describe, expect, it } from 'vitest';
import { availableActions } from './ConsultActions';
import type { Consult } from '../api/types';

const base = { id: 'c', status: 'submitted', assignee_id: null, requester_id: 'gp1', outcome: null, follow_up: null, closed_at: null } as unknown as Consult;
const c = (patch: Partial<Consult>) => ({ ...base, ...patch }) as Consult;

describe('actions by role and status', () => {
  it('lets a consultant claim, answer, ask and redirect a new consult', () => {
    expect(availableActions(c({}), 'consultant', 'u1')).toEqual(['accept', 'answer', 'request-info', 'redirect']);
  });
  it("does not offer answering someone else's consult", () => {
    expect(availableActions(c({ status: 'accepted', assignee_id: 'other' }), 'consultant', 'u1')).toEqual(['redirect', 'note']);
  });
  it('gives the GP close and follow-up question after an answer, and no cancel', () => {
    expect(availableActions(c({ status: 'answered' }), 'gp', 'gp1')).toEqual(['close', 'follow-question']);
  });
  it('offers the 90-day check only after 90 days, once, for treated-by-GP outcomes', () => {
    const now = Date.parse('2026-06-01T00:00:00Z');
    const closed = c({ status: 'closed', closed_at: '2026-02-01T00:00:00Z', outcome: { result: 'treated_by_gp', usefulness: 4, learned: true, note: '' } });
    expect(availableActions(closed, 'gp', 'gp1', now)).toEqual(['follow-up']);
    expect(availableActions({ ...closed, closed_at: '2026-05-01T00:00:00Z' }, 'gp', 'gp1', now)).toEqual([]);
    expect(availableActions({ ...closed, follow_up: { referred_within_90d: false, recorded_at: '' } }, 'gp', 'gp1', now)).toEqual([]);
  });
  it('lets a coordinator assign and redirect', () => {
    expect(availableActions(c({}), 'coordinator', 'k1')).toEqual(['assign', 'redirect']);
  });
});
