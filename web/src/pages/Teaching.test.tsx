import { describe, expect, it } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import TeachingLibrary, { TeachingCaseView, searchWords } from './Teaching';
import { TeachingConsentPanel, teachingSide } from './TeachingConsent';
import { gpUser, renderAs } from '../test-utils';
import type { Attachment, Consult, TeachingCase, TeachingState, User } from '../api/types';

const attachment = (id: string, filename: string, content_type = 'image/png'): Attachment => ({
  id, filename, content_type, size: 2048, sha256: '', at: '2026-03-01T10:00:00Z', uploaded_by: 'gp1', url: `/api/v1/consults/k1/attachments/${id}`,
});
const closed = {
  id: 'k1', status: 'closed', practice_id: 'org1', requester_id: 'gp1',
  messages: [
    { id: 'm1', at: '2026-03-01T10:00:00Z', author_id: 'gp1', author_name: 'A. Huisarts', kind: 'question', text: 'Vraag' },
    { id: 'm2', at: '2026-03-02T10:00:00Z', author_id: 'derm1', author_name: 'B. Dermatoloog', kind: 'advice', text: 'Advies' },
  ],
  attachments: [attachment('a1', 'laesie.png'), attachment('a2', 'verslag.pdf', 'application/pdf')],
} as unknown as Consult;
const consultant: User = { ...gpUser, id: 'derm1', role: 'consultant', organization_id: 'h1', organization: undefined };
const undecided: TeachingState = { gp: null, consultant: null, published: false, case_id: null };

describe('teaching-case consent on a closed consult', () => {
  it('is for a GP of the asking practice and the consultant who advised, after the close', () => {
    expect(teachingSide(gpUser, closed)).toBe('gp');
    expect(teachingSide(consultant, closed)).toBe('consultant');
    expect(teachingSide({ ...consultant, id: 'derm2' }, closed)).toBeNull();
    expect(teachingSide({ ...gpUser, organization_id: 'org2' }, closed)).toBeNull();
    expect(teachingSide({ ...gpUser, role: 'coordinator' }, closed)).toBeNull();
    expect(teachingSide(gpUser, { ...closed, status: 'answered' })).toBeNull();
  });

  it('sends the agreement with the chosen attachments and shows the other side', async () => {
    const user = userEvent.setup();
    const other = { agree: true, at: '2026-03-03T09:00:00Z', attachments: ['a1'] };
    const { calls } = renderAs(gpUser, <TeachingConsentPanel consult={closed} />, {
      'GET /consults/k1/teaching-case': { ...undecided, consultant: other },
      'PUT /consults/k1/teaching-case': (body: unknown) => ({
        gp: { ...(body as object), at: '2026-03-04T09:00:00Z' }, consultant: other, published: true, case_id: 'tc1',
      }),
    });
    const panel = within(await screen.findByRole('region', { name: 'Onderwijscasus' }));
    expect(panel.getByText(/zonder patiëntgegevens: naam, BSN, geboortedatum en postcode worden vervangen/)).toBeInTheDocument();
    expect(panel.getByTestId('teaching-mine')).toHaveTextContent('Nog niet besloten');
    expect(panel.getByTestId('teaching-other')).toHaveTextContent(/^Akkoord/);
    expect(panel.getByTestId('teaching-published')).toHaveTextContent('Niet gepubliceerd');
    // The consultant's choice is offered first, and marked.
    expect(panel.getByRole('checkbox', { name: /laesie\.png.*ook gekozen door de specialist/ })).toBeChecked();
    await user.click(panel.getByRole('checkbox', { name: /verslag\.pdf/ }));
    await user.click(panel.getByRole('button', { name: 'Akkoord met publicatie' }));
    await waitFor(() => expect(panel.getByRole('link', { name: /Gepubliceerd/ })).toHaveAttribute('href', '/kennisbank/tc1'));
    expect(calls.filter((c) => c.method === 'PUT')).toEqual([
      { method: 'PUT', path: '/consults/k1/teaching-case', body: { agree: true, attachments: ['a1', 'a2'] } },
    ]);
    expect(panel.getByTestId('teaching-mine')).toHaveTextContent(/^Akkoord/);
    expect(panel.queryByRole('button', { name: 'Akkoord met publicatie' })).toBeNull();
  });

  it('withdraws', async () => {
    const user = userEvent.setup();
    const agreed = { ...undecided, consultant: { agree: true, at: '2026-03-03T09:00:00Z', attachments: ['a1'] } };
    const { calls } = renderAs(consultant, <TeachingConsentPanel consult={closed} />, {
      'GET /consults/k1/teaching-case': agreed,
      'PUT /consults/k1/teaching-case': { ...agreed, consultant: { agree: false, at: '2026-03-05T09:00:00Z', attachments: [] } },
    });
    const panel = within(await screen.findByRole('region', { name: 'Onderwijscasus' }));
    expect(panel.getByRole('button', { name: 'Bijlagen bijwerken' })).toBeDisabled(); // nothing changed yet
    await user.click(panel.getByRole('button', { name: 'Toestemming intrekken' }));
    await waitFor(() => expect(panel.getByTestId('teaching-mine')).toHaveTextContent(/^Niet akkoord/));
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({ agree: false, attachments: [] });
    expect(panel.getByRole('button', { name: 'Akkoord met publicatie' })).toBeEnabled();
  });

  it('is hidden when the server answers 403, and says so for other errors', async () => {
    const answer = (status: number) => () => new Response(JSON.stringify({ title: 'No', status }), { status, headers: { 'Content-Type': 'application/problem+json' } });
    const settled = async (calls: { path: string }[]) => {
      await waitFor(() => expect(calls.some((c) => c.path === '/consults/k1/teaching-case')).toBe(true));
      await act(() => new Promise((r) => setTimeout(r, 20)));
    };
    const first = renderAs(gpUser, <div data-testid="host"><TeachingConsentPanel consult={closed} /></div>, { 'GET /consults/k1/teaching-case': answer(403) });
    await settled(first.calls);
    expect(screen.getByTestId('host')).toBeEmptyDOMElement();
    first.unmount();
    // The same wait is long enough to see an error that is not a 403.
    const second = renderAs(gpUser, <div data-testid="host"><TeachingConsentPanel consult={closed} /></div>, { 'GET /consults/k1/teaching-case': answer(500) });
    await settled(second.calls);
    expect(within(screen.getByTestId('host')).getByRole('alert')).toHaveTextContent('Er ging iets mis');
  });

  it('is not asked for by other roles', async () => {
    const { calls } = renderAs({ ...gpUser, role: 'coordinator' }, <div data-testid="host"><TeachingConsentPanel consult={closed} /></div>);
    await screen.findByTestId('host');
    expect(screen.getByTestId('host')).toBeEmptyDOMElement();
    expect(calls.some((c) => c.path.includes('teaching'))).toBe(false);
  });
});

describe('the library', () => {
  it('keeps the words only', () => {
    expect(searchWords('  "naevus" OR arm* (linker)-onderarm! ')).toBe('naevus OR arm linker onderarm');
    expect(searchWords('ééczeem, 3mm')).toBe('ééczeem 3mm');
  });

  it('searches with the typed words and the specialty, debounced', async () => {
    window.history.replaceState(null, '', '/kennisbank');
    const user = userEvent.setup();
    const item = { id: 'tc1', specialty: 'dermatology', title: 'Pigmentlaesie linker onderarm', published_at: '2026-03-04T09:00:00Z', reads: 3 };
    const { calls } = renderAs(gpUser, <TeachingLibrary />, {
      'GET /teaching-cases': (_b: unknown, url: string) => ({ items: url.includes('q=') ? [item] : [] }),
    });
    expect(await screen.findByText('Geen casussen gevonden.')).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText('Specialisme'), 'dermatology');
    await user.type(screen.getByLabelText('Zoeken'), 'naevus, "arm"');
    const link = await screen.findByRole('link', { name: 'Pigmentlaesie linker onderarm' });
    expect(link).toHaveAttribute('href', '/kennisbank/tc1');
    expect(screen.getByTestId('teaching-results')).toHaveTextContent('Dermatologie · 4 mrt 2026 · 3× gelezen');
    const searches = calls.filter((c) => c.path.startsWith('/teaching-cases')).map((c) => c.path);
    // One request per settled input: none for each keystroke.
    expect(searches).toEqual([
      '/teaching-cases?limit=50',
      '/teaching-cases?specialty=dermatology&limit=50',
      '/teaching-cases?q=naevus+arm&specialty=dermatology&limit=50',
    ]);
    expect(window.location.search).toBe('?q=naevus+arm&specialty=dermatology');
  });
});

describe('a case', () => {
  it('shows question, advice and the attachments, photos as thumbnails', async () => {
    const tc: TeachingCase = {
      id: 'tc1', specialty: 'dermatology', title: 'Pigmentlaesie', question: 'Pigmentlaesie bij [naam], melanoom?', advice: 'Dysplastische naevus.',
      published_at: '2026-03-04T09:00:00Z', reads: 4,
      attachments: [
        { id: 'a1', name: 'bijlage-1.png', content_type: 'image/png', size: 2048, url: '/api/v1/teaching-cases/tc1/attachments/a1' },
        { id: 'a2', name: 'bijlage-2.pdf', content_type: 'application/pdf', size: 4096, url: '/api/v1/teaching-cases/tc1/attachments/a2' },
      ],
    };
    renderAs(gpUser, <TeachingCaseView id="tc1" />, { 'GET /teaching-cases/tc1': tc });
    expect(await screen.findByRole('heading', { level: 1, name: 'Pigmentlaesie' })).toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'Vraag' })).getByText('Pigmentlaesie bij [naam], melanoom?')).toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'Advies' })).getByText('Dysplastische naevus.')).toBeInTheDocument();
    const attachments = within(screen.getByRole('region', { name: /Bijlagen/ }));
    expect(attachments.getByRole('img', { name: 'bijlage-1.png' })).toHaveAttribute('src', '/api/v1/teaching-cases/tc1/attachments/a1');
    expect(attachments.getByRole('link', { name: /bijlage-2\.pdf/ })).toHaveAttribute('href', '/api/v1/teaching-cases/tc1/attachments/a2');
    expect(screen.getByRole('link', { name: 'Terug naar de kennisbank' })).toBeInTheDocument();
  });

  it('says when a case is gone', async () => {
    renderAs(gpUser, <TeachingCaseView id="gone" />);
    expect(await screen.findByRole('heading', { name: 'Casus niet gevonden' })).toBeInTheDocument();
  });
});
