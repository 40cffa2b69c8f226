import { describe, expect, it, vi } from 'vitest';
import { isUnread, markSeen } from './seen';

describe('unread markers', () => {
  it('count what changed before the first visit as read, and later changes as unread until seen', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-03-01T10:00:00.000Z'));
    const old = { id: 'a', updated_at: '2026-02-01T10:00:00.000Z' };
    expect(isUnread('u1', old)).toBe(false); // sets the baseline
    const fresh = { id: 'b', updated_at: '2026-03-01T11:00:00.000Z', version: 3 };
    expect(isUnread('u1', fresh)).toBe(true);
    markSeen('u1', { id: 'b', version: 3, updated_at: fresh.updated_at });
    expect(isUnread('u1', fresh)).toBe(false);
    expect(isUnread('u1', { ...fresh, version: 4, updated_at: '2026-03-01T12:00:00.000Z' })).toBe(true);
    expect(isUnread('u2', fresh)).toBe(true); // per user: u1's markers are not u2's
    vi.useRealTimers();
  });
});
