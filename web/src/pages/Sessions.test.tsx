import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SessionView } from './Sessions';
import { gpUser, problem, renderAs } from '../test-utils';
import type { OnsiteSession } from '../api/types';

const session: OnsiteSession = {
  id: 's1', service_id: 'svc1', service_name: 'Dermatologie', specialty: 'dermatology', consultant_id: 'd1',
  consultant_name: 'B. Dermatoloog', location_id: 'org1', location_name: 'Huisartsenpraktijk Janson', date: '2026-05-06',
  start: '13:00', end: '16:00', slots: 3, booked: 1, free: 2, open_to: ['cg1'], open_to_names: ['IZER'], status: 'planned',
  cancel_reason: '', can_manage: false, can_book: true, version: 1,
  slot_list: [
    { slot: 1, booked: true, consult_id: 'k1', reference: 'MK-2026-000001', patient_name: 'J. Jansen', status: 'submitted' },
    { slot: 2, booked: false }, { slot: 3, booked: false },
  ],
};

describe('an on-site session for a GP', () => {
  it('shows the slots and books a patient into the chosen free slot, naming the missing fields first', async () => {
    const user = userEvent.setup();
    let attempt = 0;
    const { calls } = renderAs(gpUser, <SessionView id="s1" />, {
      'GET /sessions/s1': session,
      'POST /sessions/s1/bookings': () => (++attempt === 1 ? problem(422, [{ field: 'question', message: 'is required' }]) : { id: 'k2' }),
    });
    expect(await screen.findByTestId('slots')).toHaveTextContent(/Plek 1: MK-2026-000001 J\. Jansen/);
    expect(screen.getByText('2 van 3 plekken vrij', { exact: false })).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText('Plek'), '3');
    await user.type(screen.getByLabelText(/^BSN/), '111222333');
    await user.click(screen.getByRole('button', { name: 'Patiënt inplannen' }));
    expect(await screen.findByText(/is required/, { selector: '.error-text' })).toBeInTheDocument();
    await user.type(screen.getByLabelText(/^Uw vraag/), 'Plaque op de onderarm');
    await user.click(screen.getByRole('button', { name: 'Patiënt inplannen' }));
    await waitFor(() => expect(window.location.pathname).toBe('/consults/k2'));
    const posts = calls.filter((c) => c.method === 'POST');
    expect(posts).toHaveLength(2);
    expect(posts[1].body).toMatchObject({ slot: 3, question: 'Plaque op de onderarm', patient: { bsn: '111222333' } });
  });
});
