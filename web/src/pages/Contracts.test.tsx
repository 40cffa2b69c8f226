import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import Contracts from './Contracts';
import { gpUser, problem, renderAs } from '../test-utils';
import type { Contract, Organization, Service, User } from '../api/types';

const org = (id: string, name: string, type: string): Organization => ({ id, ref: id, name, type, part_of: null, agb: '', postcode: '' });
const orgs = [org('cg1', 'Zorggroep IZER', 'care_group'), org('h1', 'Maasstad Ziekenhuis', 'hospital'), org('h2', 'Zonder Dienst', 'hospital'),
  org('ins1', 'Zilveren Kruis', 'insurer'), org('p1', 'Praktijk Janson', 'gp_practice'), org('gc1', 'Gezondheidscentrum Noord', 'health_centre')];
const service = { id: 's1', organization_id: 'h1' } as Service;

const contract: Contract = {
  id: 'c1', version: 3, requester_care_group_id: 'cg1', requester_care_group_name: 'Zorggroep IZER',
  provider_organization_id: 'h1', provider_organization_name: 'Maasstad Ziekenhuis', modality: 'e_consult',
  valid_from: '2026-01-01', valid_to: null, payer_id: 'ins1', payer_name: 'Zilveren Kruis',
  gp_fee_cents: 2500, gp_code: '13045', consultant_fee_kind: 'per_minute', consultant_fee_cents: null,
  consultant_rate_cents_per_minute: 187.5, consultant_fee_cap_cents: 9000, consultant_code: '190009', deductible_applies: false,
};

const admin: User = { ...gpUser, id: 'ra1', role: 'regional_admin', organization_id: 'regio', organization: undefined };
const adminRoutes = (extra: Record<string, unknown> = {}) => ({
  'GET /contracts': { items: [contract] },
  'GET /organizations': { items: orgs, next_cursor: null },
  'GET /services': { items: [service], next_cursor: null },
  ...extra,
});

describe('contracts', () => {
  it('shows the contracts read-only to an insurer, with Dutch amounts and no deductible', async () => {
    const { calls } = renderAs({ ...admin, role: 'insurer' }, <Contracts />, { 'GET /contracts': { items: [contract] } });
    const row = (await screen.findByRole('cell', { name: 'Zorggroep IZER' })).closest('tr')!;
    const cells = within(row).getAllByRole('cell').map((c) => c.textContent!.replace(/\u00a0/g, ' '));
    expect(cells).toEqual(['Zorggroep IZER', 'Maasstad Ziekenhuis', 'E-consult', 'vanaf 1 jan 2026', 'Zilveren Kruis',
      '€ 25,00code 13045', '€ 1,875 per minuut, maximaal € 90,00code 190009', 'nee']);
    expect(screen.queryByRole('button', { name: /Nieuw contract|Wijzigen/ })).toBeNull();
    expect(calls.map((c) => c.path)).not.toContain('/organizations');
  });

  it('switches between a fixed fee and a per-minute rate with an optional cap, and posts exact cents', async () => {
    const user = userEvent.setup();
    const { calls } = renderAs(admin, <Contracts />, adminRoutes({ 'POST /contracts': (body: object) => ({ ...contract, ...body, id: 'c2', version: 1 }) }));
    await user.click(await screen.findByRole('button', { name: 'Nieuw contract' }));
    // Providers are the organisations with a service; payers the insurers.
    const provider = screen.getByLabelText(/^Aanbieder/);
    expect(within(provider).getAllByRole('option').map((o) => o.textContent)).toEqual(['Kies…', 'Maasstad Ziekenhuis']);
    expect(within(screen.getByLabelText(/^Betaler/)).getAllByRole('option').map((o) => o.textContent)).toEqual(['Kies…', 'Zilveren Kruis']);
    expect(within(screen.getByLabelText(/^Zorggroep/)).getAllByRole('option').map((o) => o.textContent)).toEqual(['Kies…', 'Zorggroep IZER', 'Gezondheidscentrum Noord']);
    expect(screen.getByText('Eigen risico', { selector: 'dt' }).nextElementSibling).toHaveTextContent(/^nee/);

    await user.selectOptions(screen.getByLabelText(/^Zorggroep/), 'cg1');
    await user.selectOptions(provider, 'h1');
    await user.click(screen.getByRole('radio', { name: 'Op locatie' }));
    fireEvent.change(screen.getByLabelText(/^Geldig vanaf/), { target: { value: '2027-01-01' } });
    await user.selectOptions(screen.getByLabelText(/^Betaler/), 'ins1');
    await user.type(screen.getByLabelText(/^Tarief huisarts/), '12,50');
    await user.type(screen.getByLabelText(/^Declaratiecode huisarts/), '13045');
    expect(screen.getByLabelText(/^Vast bedrag consulent/)).toBeInTheDocument();
    expect(screen.queryByLabelText(/^Tarief per minuut/)).toBeNull();

    await user.click(screen.getByRole('radio', { name: 'Per minuut' }));
    expect(screen.queryByLabelText(/^Vast bedrag consulent/)).toBeNull();
    await user.type(screen.getByLabelText(/^Tarief per minuut/), '1,875');
    expect(screen.getByLabelText(/^Maximum per consult/)).not.toBeRequired();
    await user.type(screen.getByLabelText(/^Declaratiecode consulent/), '190009');
    // On site: an optional fee per session (once per session, to the consultant's organisation).
    expect(screen.getByLabelText(/^Vergoeding per spreekuur/)).not.toBeRequired();
    await user.type(screen.getByLabelText(/^Vergoeding per spreekuur/), '150');
    await user.click(screen.getByRole('button', { name: 'Opslaan' }));

    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({
      requester_care_group_id: 'cg1', provider_organization_id: 'h1', modality: 'on_site', valid_from: '2027-01-01', valid_to: null,
      payer_id: 'ins1', gp_fee_cents: 1250, gp_code: '13045', consultant_fee_kind: 'per_minute',
      consultant_rate_cents_per_minute: 187.5, consultant_fee_cap_cents: null, consultant_code: '190009', deductible_applies: false,
      session_fee_cents: 15000,
    });
    // The new contract joins the table and the form closes.
    expect(await screen.findAllByRole('cell', { name: 'Op locatie' })).toHaveLength(1);
    expect(screen.queryByRole('button', { name: 'Opslaan' })).toBeNull();
  });

  it('checks amounts before sending and shows the server’s 422 errors next to their fields', async () => {
    const user = userEvent.setup();
    const { calls } = renderAs(admin, <Contracts />, adminRoutes({
      'POST /contracts': () => problem(422, [{ field: 'valid_from', message: 'is required' }, { field: 'consultant_code', message: 'must not be empty' }]),
    }));
    await user.click(await screen.findByRole('button', { name: 'Nieuw contract' }));
    await user.type(screen.getByLabelText(/^Tarief huisarts/), '12,345');
    await user.click(screen.getByRole('button', { name: 'Opslaan' }));
    const summary = await screen.findByRole('alert');
    expect(summary).toHaveTextContent('Tarief huisarts: Geen geldig bedrag');
    expect(summary).toHaveTextContent('Vast bedrag consulent: Vul een bedrag in.');
    expect(screen.getByLabelText(/^Tarief huisarts/)).toHaveAccessibleDescription(/Geen geldig bedrag/);
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    await user.clear(screen.getByLabelText(/^Tarief huisarts/));
    await user.type(screen.getByLabelText(/^Tarief huisarts/), '25');
    await user.type(screen.getByLabelText(/^Vast bedrag consulent/), '45');
    await user.click(screen.getByRole('button', { name: 'Opslaan' }));
    await waitFor(() => expect(screen.getByLabelText(/^Geldig vanaf/)).toHaveAccessibleDescription('is required'));
    const body = calls.find((c) => c.method === 'POST')!.body as Record<string, unknown>;
    expect([body.gp_fee_cents, body.consultant_fee_cents, body.consultant_rate_cents_per_minute]).toEqual([2500, 4500, undefined]);
    expect(body.session_fee_cents).toBeNull();  // an e-consult contract has no fee per session
    expect(screen.queryByLabelText(/^Vergoeding per spreekuur/)).toBeNull();
    expect(screen.getByLabelText(/^Declaratiecode consulent/)).toHaveAccessibleDescription('must not be empty');
    expect(screen.getByLabelText(/^Declaratiecode consulent/)).toHaveAttribute('aria-invalid', 'true');
  });

  it('edits with the version read and says so when the server refuses with 409', async () => {
    const user = userEvent.setup();
    const conflict = new Response(JSON.stringify({ title: 'Conflict', status: 409, detail: 'an overlapping contract exists', errors: [] }),
      { status: 409, headers: { 'Content-Type': 'application/problem+json' } });
    const { calls } = renderAs(admin, <Contracts />, adminRoutes({ 'PATCH /contracts/c1': () => conflict }));
    await user.click(await screen.findByRole('button', { name: /Wijzigen/ }));
    expect(screen.getByRole('radio', { name: 'Per minuut' })).toBeChecked();
    expect(screen.getByLabelText(/^Tarief per minuut/)).toHaveValue('1,875');
    expect(screen.getByLabelText(/^Maximum per consult/)).toHaveValue('90,00');
    expect(screen.getByLabelText(/^Tarief huisarts/)).toHaveValue('25,00');
    await user.click(screen.getByRole('button', { name: 'Opslaan' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Niet opgeslagen: an overlapping contract exists');
    const patch = calls.find((c) => c.method === 'PATCH')!;
    expect(patch.path).toBe('/contracts/c1');
    expect(patch.body).toMatchObject({ version: 3, gp_fee_cents: 2500, consultant_rate_cents_per_minute: 187.5, consultant_fee_cap_cents: 9000 });
  });
});
