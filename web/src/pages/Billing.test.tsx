import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import Billing, { previousMonth } from './Billing';
import { gpUser, renderAs } from '../test-utils';
import type { Declarations, DeclarationLine, Statement, User } from '../api/types';

const plain = (s: string | null) => (s ?? '').replace(/\u00a0/g, ' ');
const line = (party: 'gp' | 'consultant', amount: number): DeclarationLine => ({
  consult_id: 'k1', reference: 'MK-2026-000042', date: '2026-10-14', party,
  organization_id: party === 'gp' ? 'p1' : 'h1', organization_name: party === 'gp' ? 'Praktijk Janson' : 'Maasstad Ziekenhuis',
  organization_agb: party === 'gp' ? '01234568' : '06010000', practitioner_id: 'u1',
  practitioner_name: party === 'gp' ? 'A. Huisarts' : 'B. Dermatoloog', practitioner_agb: '01000001', payer_id: 'ins1',
  payer_name: 'Zilveren Kruis', code: party === 'gp' ? '13045' : '190009', amount_cents: amount, deductible_applies: false,
  contract_id: 'c1', modality: 'e_consult', minutes_spent: party === 'gp' ? null : 20,
});
const declarations: Declarations = {
  month: '2026-10', items: [line('gp', 2500), line('consultant', 123456)], total_cents: 125956,
  no_contract: [{ consult_id: 'k2', reference: 'MK-2026-000043', date: '2026-10-20', practice_id: 'p1', practice_name: 'Praktijk Janson',
    provider_organization_id: 'h2', provider_organization_name: 'Ikazia Ziekenhuis', modality: 'e_consult', reason: 'no_contract' }],
};
const statement: Statement = {
  month: '2026-10', total_cents: 125956, items: [
    { organization_id: 'h1', organization_name: 'Maasstad Ziekenhuis', organization_agb: '06010000', party: 'consultant', payer_id: 'ins1', payer_name: 'Zilveren Kruis', code: '190009', lines: 1, amount_cents: 123456 },
    { organization_id: 'p1', organization_name: 'Praktijk Janson', organization_agb: '01234568', party: 'gp', payer_id: 'ins1', payer_name: 'Zilveren Kruis', code: '13045', lines: 1, amount_cents: 2500 },
  ],
};
const admin: User = { ...gpUser, id: 'ra1', role: 'regional_admin', organization_id: 'regio', organization: undefined };
const insurer: User = { ...admin, role: 'insurer' };

function at(month: string, extra = '') {
  window.history.replaceState(null, '', `/billing?month=${month}${extra}`);
}

describe('billing', () => {
  it('defaults to the previous month', () => {
    expect(previousMonth(new Date(2026, 10, 5))).toBe('2026-10');
    expect(previousMonth(new Date(2026, 0, 31))).toBe('2025-12');
  });

  it('shows the statement, the lines with totals in euros, the no-contract list and the CSV links', async () => {
    at('2026-10');
    const { calls } = renderAs(insurer, <Billing />, { 'GET /billing/declarations': declarations, 'GET /billing/statements': statement });
    const statementTable = within(await screen.findByRole('region', { name: 'Maandoverzicht' }));
    expect(statementTable.getAllByRole('row')).toHaveLength(4);
    expect(plain(statementTable.getByRole('row', { name: /Maasstad/ }).textContent)).toBe('Maasstad ZiekenhuisAGB 06010000ConsulentZilveren Kruis1900091€ 1.234,56');
    expect(plain(statementTable.getByTestId('total').textContent)).toBe('€ 1.259,56');

    const lines = within(screen.getByRole('region', { name: 'Declaratieregels' }));
    expect(lines.getAllByRole('row')).toHaveLength(4);
    expect(lines.getAllByText('MK-2026-000042')).toHaveLength(2);
    expect(lines.queryByRole('link')).toBeNull(); // the reference is text: not every role may open the consult
    expect(plain(lines.getByRole('row', { name: /Huisarts/ }).textContent)).toContain('14 okt 2026');
    expect(plain(lines.getByTestId('total').textContent)).toBe('€ 1.259,56');

    const noContract = within(screen.getByRole('region', { name: 'Geen contract' }));
    const unbilled = noContract.getByRole('row', { name: /MK-2026-000043/ });
    expect(unbilled).toHaveTextContent('Ikazia Ziekenhuis');
    expect(unbilled).toHaveTextContent('Geen contract voor deze zorggroep, aanbieder en vorm op de datum van versturen');
    expect(screen.queryByRole('button', { name: 'Opnieuw verwerken' })).toBeNull();

    const csv = screen.getAllByRole('link', { name: /Download CSV/ });
    expect(csv.map((a) => a.getAttribute('href'))).toEqual([
      '/api/v1/billing/statements?month=2026-10&format=csv',
      '/api/v1/billing/declarations?month=2026-10&format=csv',
    ]);
    expect(csv[0]).toHaveAttribute('download');
    expect(calls.map((c) => c.path)).toEqual(expect.arrayContaining(['/billing/declarations?month=2026-10', '/billing/statements?month=2026-10']));
    expect(calls.map((c) => c.path)).not.toContain('/organizations');
  });

  it('lets the regional admin filter by organisation and reprocess the month', async () => {
    const user = userEvent.setup();
    at('2026-10');
    let reprocessed = false;
    const { calls } = renderAs(admin, <Billing />, {
      'GET /organizations': { items: [{ id: 'h1', name: 'Maasstad Ziekenhuis', type: 'hospital' }, { id: 'ins1', name: 'Zilveren Kruis', type: 'insurer' }], next_cursor: null },
      'GET /billing/declarations': () => (reprocessed ? { ...declarations, no_contract: [] } : declarations),
      'GET /billing/statements': statement,
      'POST /billing/reprocess': () => {
        reprocessed = true;
        return { billed: 1, still_no_contract: 0 };
      },
    });
    const filter = await screen.findByLabelText('Organisatie');
    await waitFor(() => expect(within(filter).getAllByRole('option').map((o) => o.textContent)).toEqual(['Alle organisaties', 'Maasstad Ziekenhuis']));
    await user.selectOptions(filter, 'h1');
    await waitFor(() => expect(calls.map((c) => c.path)).toContain('/billing/declarations?month=2026-10&organization_id=h1'));
    expect(window.location.search).toBe('?month=2026-10&organization_id=h1');
    expect(await screen.findByRole('link', { name: /Download CSV \(Declaratieregels\)/ })).toHaveAttribute('href', '/api/v1/billing/declarations?month=2026-10&organization_id=h1&format=csv');
    expect(calls.map((c) => c.path)).toContain('/billing/statements?month=2026-10&organization_id=h1');
    expect(screen.getByRole('link', { name: /Download CSV \(Maandoverzicht\)/ })).toHaveAttribute('href', '/api/v1/billing/statements?month=2026-10&organization_id=h1&format=csv');

    await user.click(await screen.findByRole('button', { name: 'Opnieuw verwerken' }));
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ month: '2026-10' });
    expect(await screen.findByText('Opnieuw verwerkt: 1 consulten gedeclareerd, 0 nog zonder contract.', { selector: '.alert' })).toBeInTheDocument();
    expect(await screen.findByText('Alle afgeronde consulten van deze maand vallen onder een contract.')).toBeInTheDocument();
  });

  it('says so for a month without lines and offers no empty downloads', async () => {
    at('2026-10');
    renderAs(insurer, <Billing />, {
      'GET /billing/declarations': { month: '2026-10', items: [], no_contract: [], total_cents: 0 },
      'GET /billing/statements': { month: '2026-10', items: [], total_cents: 0 },
    });
    expect(await screen.findAllByText('Geen declaratieregels in deze maand.')).toHaveLength(2);
    expect(screen.getByText('Alle afgeronde consulten van deze maand vallen onder een contract.')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /Download CSV/ })).toBeNull();
  });

  it('loads another month when one is picked', async () => {
    at('2026-10');
    const { calls } = renderAs(insurer, <Billing />, { 'GET /billing/declarations': declarations, 'GET /billing/statements': statement });
    fireEvent.change(await screen.findByLabelText('Maand'), { target: { value: '2026-09' } });
    await waitFor(() => expect(calls.map((c) => c.path)).toContain('/billing/statements?month=2026-09'));
    expect(screen.getByLabelText('Maand')).toHaveValue('2026-09');
  });
});
