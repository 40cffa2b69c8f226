import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import Profile from './Profile';
import { setCsrfToken } from '../api/client';
import { gpUser, problem, renderAs } from '../test-utils';
import type { MailSettings, User } from '../api/types';

const allOn: MailSettings = { new_consult: true, answered: true, info_requested: true, overdue: true };
const gp: User = { ...gpUser, mail: allOn };

// A PATCH /me that is held until the test lets it go, so the optimistic state can be seen.
function deferred() {
  let release!: (r: Response) => void;
  const answer = new Promise<Response>((r) => (release = r));
  return { answer, release };
}

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });

describe('profile', () => {
  it('shows who is logged in and only the notifications of the role', async () => {
    renderAs(gp, <Profile />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Profiel' })).toBeInTheDocument();
    expect(screen.getByText('A. Huisarts')).toBeInTheDocument();
    expect(screen.getByText('gp1@janson.example')).toBeInTheDocument();
    expect(screen.getByText('Huisarts')).toBeInTheDocument();
    expect(screen.getByText('Huisartsenpraktijk Janson')).toBeInTheDocument();
    const group = screen.getByRole('group', { name: 'E-mailmeldingen' });
    expect(group).toHaveAccessibleDescription(/nooit patiëntgegevens/);
    expect(screen.getByRole('checkbox', { name: 'Antwoord op mijn vraag' })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'Aanvullende informatie gevraagd' })).toBeChecked();
    expect(screen.queryByRole('checkbox', { name: 'Nieuwe consultvraag' })).toBeNull();
    expect(screen.queryByRole('checkbox', { name: 'Consult over tijd' })).toBeNull();
  });

  it('offers a coordinator new consults and overdue consults', async () => {
    renderAs({ ...gp, role: 'coordinator' }, <Profile />);
    expect(await screen.findByRole('checkbox', { name: 'Nieuwe consultvraag' })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'Consult over tijd' })).toBeChecked();
    expect(screen.queryByRole('checkbox', { name: 'Antwoord op mijn vraag' })).toBeNull();
  });

  it('saves a change at once: optimistic, only that kind in the PATCH, then "Opgeslagen"', async () => {
    const user = userEvent.setup();
    const held = deferred();
    setCsrfToken('csrf-1');
    const { calls } = renderAs(gp, <Profile />, { 'PATCH /me': () => held.answer });
    const box = await screen.findByRole('checkbox', { name: 'Antwoord op mijn vraag' });
    await user.click(box);
    // Flipped before the server answered.
    expect(box).not.toBeChecked();
    expect(screen.getByTestId('mail-status')).toHaveTextContent('Opslaan…');
    const patch = calls.find((c) => c.method === 'PATCH')!;
    expect(patch.path).toBe('/me');
    expect(patch.body).toEqual({ mail: { answered: false } });
    const init = (globalThis.fetch as unknown as { mock: { calls: [string, RequestInit][] } }).mock.calls.find(([, i]) => i?.method === 'PATCH')![1];
    expect(init.headers).toMatchObject({ 'Content-Type': 'application/json', 'X-CSRF-Token': 'csrf-1' });
    setCsrfToken(null);
    held.release(json({ ...gp, mail: { ...allOn, answered: false } }));
    await waitFor(() => expect(screen.getByTestId('mail-status')).toHaveTextContent('Opgeslagen'));
    expect(box).not.toBeChecked();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('puts the box back and says so when the save fails', async () => {
    const user = userEvent.setup();
    const held = deferred();
    renderAs(gp, <Profile />, { 'PATCH /me': () => held.answer });
    const box = await screen.findByRole('checkbox', { name: 'Aanvullende informatie gevraagd' });
    await user.click(box);
    expect(box).not.toBeChecked();
    held.release(problem(422, [{ field: 'mail.info_requested', message: 'unknown' }]));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('“Aanvullende informatie gevraagd” is niet opgeslagen');
    expect(box).toBeChecked();
    expect(screen.getByTestId('mail-status')).not.toHaveTextContent('Opgeslagen');
  });

  it('reads the settings from /me when the session has none', async () => {
    renderAs(gpUser, <Profile />);
    // renderAs answers GET /me with gpUser (no mail): the page says so instead of guessing.
    expect(await screen.findByRole('alert')).toHaveTextContent('de instellingen zijn niet beschikbaar');
    expect(screen.queryByRole('checkbox')).toBeNull();
  });
});
