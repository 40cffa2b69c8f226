import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ConsultList } from './ConsultList';
import { gpUser, renderAs } from '../test-utils';
import type { ConsultListItem } from '../api/types';

function item(n: number, patch: Partial<ConsultListItem> = {}): ConsultListItem {
  return {
    id: 'c' + n, reference: `MK-2026-00000${n}`, modality: 'e_consult', status: 'submitted', service_id: 's1', service_name: 'Dermatologie',
    specialty: 'dermatology', requester_id: 'gp1', practice_id: 'org1',
    patient: { bsn: '111222333', name: `Patiënt ${n}`, birth_date: '1970-01-01', sex: 'female', postcode: '3083AB' },
    question: 'Vraag ' + n, urgency: 'routine', assignee_id: null, created_at: '2020-01-01T00:00:00.000Z', updated_at: '2020-01-01T00:00:00.000Z',
    submitted_at: '2020-01-01T00:00:00.000Z', due_at: '2999-01-01T00:00:00.000Z', closed_at: null, overdue: false, outcome: null,
    message_count: 0, attachment_count: 0, ...patch,
  };
}

describe('consult list', () => {
  it('shows status, highlights overdue rows and pages with the cursor', async () => {
    const user = userEvent.setup();
    const { calls } = renderAs(gpUser, <ConsultList box="practice" />, {
      'GET /consults?box=practice&limit=50': { items: [item(1, { overdue: true, due_at: '2020-01-03T00:00:00.000Z' }), item(2)], next_cursor: 'abc' },
      'GET /consults?box=practice&limit=50&cursor=abc': { items: [item(3, { status: 'answered' })], next_cursor: null },
    });
    const rows = await screen.findAllByRole('listitem');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveClass('overdue');
    expect(rows[0]).toHaveTextContent(/Over tijd sinds/);
    expect(rows[1]).toHaveTextContent('Verstuurd');
    await user.click(screen.getByRole('button', { name: 'Meer laden' }));
    await waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(3));
    expect(screen.getAllByRole('listitem')[2]).toHaveTextContent('Beantwoord');
    expect(screen.queryByRole('button', { name: 'Meer laden' })).toBeNull();
    expect(calls.some((c) => c.path.includes('cursor=abc'))).toBe(true);
  });

  it('marks consults that changed since they were last seen', async () => {
    localStorage.setItem('mk.seen.gp1', JSON.stringify({ baseline: '2019-01-01T00:00:00.000Z', items: { c2: { version: 1, updated_at: '2020-01-01T00:00:00.000Z' } } }));
    renderAs(gpUser, <ConsultList box="practice" />, {
      'GET /consults?box=practice&limit=50': { items: [item(1), item(2)], next_cursor: null },
    });
    const rows = await screen.findAllByRole('listitem');
    expect(rows[0]).toHaveClass('unread');
    expect(rows[0]).toHaveTextContent('ongelezen wijziging');
    expect(rows[1]).not.toHaveClass('unread');
  });
});
