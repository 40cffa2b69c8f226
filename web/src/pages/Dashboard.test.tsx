import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import Dashboard, { DashboardPrint, readFilters } from './Dashboard';
import { navFor } from '../app';
import { gpUser, renderAs } from '../test-utils';
import { monthsOf, presetPeriod, quarterOf } from '../lib/period';
import type { Indicators, ReportBy, ReportGroup, SuppressedIndicators, TripleAimReport, User } from '../api/types';

const plain = (s: string | null | undefined) => (s ?? '').replace(/\u00a0/g, ' ');

function ind(key: string, label: string, extra: Partial<Indicators> = {}): Indicators {
  return {
    key, label, suppressed: false, consults: 40, patients: 38, treated_by_gp_pct: 67.5, intended_referrals: 30,
    avoided_referrals: 22, avoided_referral_pct: 73.3, prompted_referral_pct: 3.4, confirmed_avoided_pct: 90,
    answered: 40, median_response_hours: 20.5, p90_response_hours: 61, within_target_pct: 87.5, gp_fees_cents: 100000,
    consultant_fees_cents: 180000, fees_cents: 280000, avoided_cost_cents: 440000, net_cents: 160000,
    mean_usefulness: 4.2, learned_pct: 80, practices: 3, participation_pct: 60, ...extra,
  };
}
const hidden = (key: string, label: string): SuppressedIndicators => ({ key, label, suppressed: true, consults: '<10', patients: '<10' });

function report(by: ReportBy, groups: ReportGroup[], total: ReportGroup = ind('total', 'Totaal / total', { consults: 123, patients: 118 })): TripleAimReport {
  return { from: '2026-07-01', to: '2026-09-30', by, small_cell: 10, practices_in_scope: 5, referral_costs_configured: true, groups, total };
}

const reports: Record<string, TripleAimReport> = {
  month: report('month', [ind('2026-07', '2026-07', { consults: 50 }), hidden('2026-08', '2026-08'), ind('2026-09', '2026-09', { consults: 64, avoided_referral_pct: 80 })]),
  specialty: report('specialty', [ind('dermatology', 'dermatology'), hidden('cardiology', 'cardiology')]),
  practice: report('practice', [ind('p1', 'Huisartsenpraktijk Janson')]),
  hospital: report('hospital', [ind('h1', 'Maasstad Ziekenhuis', { within_target_pct: 92 }), hidden('h2', 'Ikazia Ziekenhuis')]),
  pc4: report('pc4', [ind('3083', '3083', { consults: 25, patients: 24 }), hidden('3084', '3084')]),
};
const stub = { 'GET /reports/triple-aim': (_: unknown, url: string) => reports[new URL(url, 'http://x').searchParams.get('by')!] ?? report('service', []) };

const manager: User = { ...gpUser, id: 'm1', role: 'care_group_manager', organization_id: 'izer', organization: { id: 'izer', ref: 'izer', name: 'IZER', type: 'care_group', part_of: null, agb: '', postcode: '' } };
const Q3 = 'from=2026-07-01&to=2026-09-30';

function at(search: string, path = '/dashboard') {
  window.history.replaceState(null, '', path + search);
}
const tile = (name: string) => plain(document.querySelector(`[data-tile="${name}"] dd`)?.textContent);
const figure = (name: string) => screen.getByRole('figure', { name });

afterEach(() => vi.restoreAllMocks());

describe('report periods', () => {
  it('are calendar quarters and years', () => {
    const now = new Date(2026, 10, 5); // 5 November 2026
    expect(presetPeriod('this_quarter', now)).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(presetPeriod('last_quarter', now)).toEqual({ from: '2026-07-01', to: '2026-09-30' });
    expect(presetPeriod('last_quarter', new Date(2026, 1, 1))).toEqual({ from: '2025-10-01', to: '2025-12-31' });
    expect(presetPeriod('this_year', now)).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(presetPeriod('this_quarter', new Date(2028, 1, 10))).toEqual({ from: '2028-01-01', to: '2028-03-31' });
    expect(quarterOf({ from: '2026-07-01', to: '2026-09-30' })).toEqual({ q: 3, year: 2026 });
    expect(quarterOf({ from: '2026-07-01', to: '2026-09-29' })).toBeNull();
    expect(monthsOf({ from: '2025-11-15', to: '2026-02-01' })).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });

  it('come from the address', () => {
    const now = new Date(2026, 10, 5);
    expect(readFilters(new URLSearchParams(''), now)).toEqual({ kind: 'this_quarter', period: { from: '2026-10-01', to: '2026-12-31' }, by: 'specialty' });
    expect(readFilters(new URLSearchParams('period=custom&from=2026-02-01&to=2026-02-28&by=hospital'), now).period).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(readFilters(new URLSearchParams('period=bogus&by=patients'), now)).toMatchObject({ kind: 'this_quarter', by: 'specialty' });
  });
});

describe('dashboard', () => {
  it('is in the menu of the roles that see the report, after their start page', () => {
    for (const role of ['regional_admin', 'insurer', 'care_group_manager', 'coordinator', 'gp'] as const) {
      const items = navFor(role).map((i) => i.to);
      expect(items, role).toContain('/dashboard');
      expect(items[0], role).not.toBe('/dashboard');
    }
    for (const role of ['assistant', 'consultant', 'privacy_officer'] as const) expect(navFor(role).map((i) => i.to)).not.toContain('/dashboard');
  });

  it('shows the headline tiles of the total', async () => {
    at(`?period=custom&${Q3}`);
    renderAs(manager, <Dashboard />, stub);
    await screen.findByRole('heading', { name: 'Kerncijfers' });
    expect(tile('consults')).toBe('123');
    expect(tile('treated')).toBe('67,5%');
    expect(tile('avoided')).toBe('73,3%');
    expect(tile('median')).toBe('20,5 uur');
    expect(tile('within')).toBe('87,5%');
    expect(tile('fees')).toBe('€ 2.800'); // whole euros on a tile; the tables keep the cents
    expect(tile('net')).toBe('€ 1.600');
    expect(figure('Deelname')).toHaveTextContent('totaal 3 van 5 praktijken (60%)');
  });

  it('shows suppressed groups as "<10" and never draws them', async () => {
    const user = userEvent.setup();
    at(`?period=custom&${Q3}`);
    renderAs(manager, <Dashboard />, stub);
    const months = await screen.findByRole('figure', { name: 'Consulten per maand' });
    expect(months.querySelector('rect[data-key="2026-07"]')).not.toBeNull();
    expect(months.querySelector('[data-key="2026-08"]')).toBeNull();
    expect(within(months).getByText('<10')).toBeInTheDocument();
    expect(months).toHaveTextContent('Groepen met minder dan 10 patiënten staan er als <10');
    expect(figure('Vermeden verwijzingen per maand').querySelector('[data-key="2026-08"]')).toBeNull();
    expect(figure('Vermeden verwijzingen per maand').querySelector('circle[data-key="2026-09"]')).not.toBeNull();
    for (const name of ['Uitkomst', 'Antwoordtijd', 'Kosten', 'Deelname']) {
      expect(figure(name).querySelector('[data-key="cardiology"]'), name).toBeNull();
      expect(figure(name).querySelector('[data-key="dermatology"]'), name).not.toBeNull();
    }
    const onTime = figure('Op tijd beantwoord');
    expect(onTime.querySelector('[data-key="h2"]')).toBeNull();

    // The table behind the toggle says "<10" for the hidden hospital and the figure for the other.
    const toggle = within(onTime).getByRole('button', { name: /Toon als tabel/ });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(plain(within(onTime).getByRole('row', { name: /Ikazia/ }).textContent)).toBe('Ikazia Ziekenhuis<10');
    expect(plain(within(onTime).getByRole('row', { name: /Maasstad/ }).textContent)).toBe('Maasstad Ziekenhuis92%');

    // The neighbourhood table.
    const pc4 = screen.getByRole('region', { name: 'Per wijk' });
    expect(plain(within(pc4).getByRole('row', { name: /3084/ }).textContent)).toBe('3084<10<10<10<10');
    expect(plain(within(pc4).getByRole('row', { name: /3083/ }).textContent)).toBe('3083252467,5%73,3%');
    // Every chart points to its text alternative.
    for (const svg of document.querySelectorAll('svg[role="img"]')) {
      expect(document.getElementById(svg.getAttribute('aria-describedby')!)?.textContent).toBeTruthy();
    }
  });

  it('hides every figure but the count when the total is suppressed', async () => {
    at(`?period=custom&${Q3}`);
    const small = { ...reports.month, groups: [hidden('2026-07', '2026-07')], total: hidden('total', 'Totaal / total') };
    renderAs(manager, <Dashboard />, { 'GET /reports/triple-aim': (_: unknown, url: string) => (url.includes('by=month') ? small : { ...reports.specialty, groups: [], total: small.total }) });
    await screen.findByRole('heading', { name: 'Kerncijfers' });
    expect(tile('consults')).toBe('<10');
    expect(tile('treated')).toBe('–');
    expect(tile('net')).toBe('–');
    expect(screen.getByText('Minder dan 10 patiënten in deze periode: de cijfers worden niet getoond.')).toBeInTheDocument();
    expect(figure('Uitkomst')).toHaveTextContent('Geen afgeronde consulten in deze periode.');
  });

  it('asks for a report per grouping with the period of the filters', async () => {
    const user = userEvent.setup();
    at(`?period=custom&${Q3}&by=specialty`);
    const { calls } = renderAs(manager, <Dashboard />, stub);
    await screen.findByRole('heading', { name: 'Kerncijfers' });
    const reportCalls = () => calls.map((c) => c.path).filter((p) => p.startsWith('/reports/'));
    expect(reportCalls().sort()).toEqual(['hospital', 'month', 'pc4', 'specialty'].map((b) => `/reports/triple-aim?${Q3}&by=${b}`));

    // Another grouping: only that report is fetched.
    await user.selectOptions(screen.getByLabelText('Indelen per'), 'practice');
    await waitFor(() => expect(reportCalls()).toContain(`/reports/triple-aim?${Q3}&by=practice`));
    expect(reportCalls()).toHaveLength(5);
    expect(window.location.search).toBe(`?period=custom&${Q3}&by=practice`);
    expect(await screen.findByRole('heading', { name: 'Per praktijk' })).toBeInTheDocument();

    // A preset period.
    await user.selectOptions(screen.getByLabelText('Periode'), 'this_year');
    const year = new Date().getFullYear();
    await waitFor(() => expect(reportCalls()).toContain(`/reports/triple-aim?from=${year}-01-01&to=${year}-12-31&by=month`));
    expect(window.location.search).toBe('?period=this_year&by=practice');
    expect(screen.queryByLabelText('Van')).toBeNull();

    // A custom period: the report follows once both dates are valid.
    await user.selectOptions(screen.getByLabelText('Periode'), 'custom');
    fireEvent.change(screen.getByLabelText('Van'), { target: { value: '2026-02-01' } });
    fireEvent.change(screen.getByLabelText('Tot en met'), { target: { value: '2026-02-28' } });
    await waitFor(() => expect(reportCalls()).toContain('/reports/triple-aim?from=2026-02-01&to=2026-02-28&by=pc4'));
    expect(window.location.search).toBe('?period=custom&from=2026-02-01&to=2026-02-28&by=practice');

    // The print action carries the period and grouping.
    expect(screen.getByRole('link', { name: 'Kwartaalrapportage afdrukken' })).toHaveAttribute('href', '/dashboard/print?from=2026-02-01&to=2026-02-28&by=practice');
  });

  it('shows the server\'s message when the report is refused', async () => {
    at(`?period=custom&${Q3}`);
    renderAs(manager, <Dashboard />, {
      'GET /reports/triple-aim': () => new Response(JSON.stringify({ title: 'Forbidden', status: 403, detail: 'not for this role' }), { status: 403, headers: { 'Content-Type': 'application/problem+json' } }),
    });
    expect(await screen.findByRole('alert')).toHaveTextContent('not for this role');
  });
});

describe('printable quarterly report', () => {
  it('lays out the quarter with its tables open and prints on request', async () => {
    const user = userEvent.setup();
    const print = vi.fn();
    window.print = print; // happy-dom has none
    at(`?${Q3}&by=specialty`, '/dashboard/print');
    const { calls } = renderAs(manager, <DashboardPrint />, stub);
    expect(await screen.findByRole('heading', { level: 1, name: 'Kwartaalrapportage meekijkconsulten K3 2026' })).toBeInTheDocument();
    await screen.findByRole('heading', { name: 'Kerncijfers' });
    expect(screen.getByText(/IZER · afgeronde consulten van 1 jul 2026 tot en met 30 sep 2026/)).toBeInTheDocument();
    expect(tile('consults')).toBe('123');
    expect(screen.queryByRole('button', { name: /Toon als tabel/ })).toBeNull();
    expect(plain(within(figure('Consulten per maand')).getByRole('row', { name: /aug/ }).textContent)).toBe('aug 2026<10');
    expect(calls.map((c) => c.path)).toContain(`/reports/triple-aim?${Q3}&by=specialty`);
    expect(screen.getByRole('link', { name: 'Terug naar het dashboard' })).toHaveAttribute('href', `/dashboard?period=custom&${Q3}&by=specialty`);
    await user.click(screen.getByRole('button', { name: 'Afdrukken' }));
    expect(print).toHaveBeenCalledOnce();
  });
});
