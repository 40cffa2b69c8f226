// The triple-aim dashboard (DESIGN §7, issue 6): the report of GET /reports/triple-aim for a
// period, as headline tiles and small SVG charts, one request per grouping (month for the
// trends, the chosen grouping, hospital for answers on time, pc4 for the neighbourhoods). The
// server decides each role's part and suppresses groups under 10 patients; those show as "<10"
// and are never drawn. /dashboard/print is the same figures laid out for paper (window.print()).
// Aggregates only: the report holds no patient data.
import { useEffect, useRef, useState } from 'react';
import { api, query } from '../api/client';
import type { Indicators, ReportBy, ReportGroup, TripleAimReport } from '../api/types';
import { Chart, DataTable, SUPPRESSED, Tile, type ChartRow } from '../components/charts';
import { Alert, Field, Loading, PageHeading, errorMessage } from '../components/ui';
import { useI18n, type Lang, type MessageKey, type T } from '../i18n/i18n';
import { formatDate, formatNumber } from '../lib/format';
import { formatCents, formatEuros } from '../lib/money';
import { DATE, monthsOf, presetPeriod, quarter, quarterOf, type Period, type PeriodKind } from '../lib/period';
import { specialtyName } from '../lib/specialty';
import { Link, navigate, useLocation, usePageTitle } from '../router';
import { useUser } from '../session';

export const GROUPINGS: ReportBy[] = ['specialty', 'service', 'hospital', 'care_group', 'practice', 'modality'];
const PERIODS: PeriodKind[] = ['this_quarter', 'last_quarter', 'this_year', 'custom'];
// The reference line on the answer-time chart: two working days, the region's usual e-consult
// norm. Each consult's own target (its service's response time) is what within_target_pct counts.
export const TARGET_HOURS = 48;

export interface Filters { kind: PeriodKind; period: Period; by: ReportBy }

// The filters from the address: ?period=…&by=… (and from/to for a custom period).
export function readFilters(search: URLSearchParams, now: Date = new Date()): Filters {
  const kind = (PERIODS as string[]).includes(search.get('period') ?? '') ? (search.get('period') as PeriodKind) : 'this_quarter';
  const by = (GROUPINGS as string[]).includes(search.get('by') ?? '') ? (search.get('by') as ReportBy) : 'specialty';
  const from = search.get('from') ?? '', to = search.get('to') ?? '';
  const period = presetPeriod(kind, now) ?? (DATE.test(from) && DATE.test(to) ? { from, to } : quarter(now));
  return { kind, period, by };
}

export function reportPath(p: Period, by: ReportBy): string {
  return '/reports/triple-aim' + query({ from: p.from, to: p.to, by });
}

export function printPath(p: Period, by: ReportBy): string {
  return '/dashboard/print' + query({ from: p.from, to: p.to, by });
}

// The reports for a period, one per grouping; answers are kept per request, so changing the
// grouping only fetches that one.
function useReports(period: Period, bys: ReportBy[]) {
  const { t } = useI18n();
  const cache = useRef(new Map<string, TripleAimReport>());
  const paths = [...new Set(bys)].map((by) => reportPath(period, by));
  const key = paths.join(' ');
  const [state, setState] = useState<{ key: string; error?: string } | null>(null);
  useEffect(() => {
    let live = true;
    Promise.all(paths.filter((p) => !cache.current.has(p)).map((p) => api.get<TripleAimReport>(p).then((r) => cache.current.set(p, r)))).then(
      () => live && setState({ key }),
      (e) => live && setState({ key, error: errorMessage(e, t) }),
    );
    return () => {
      live = false;
    };
  }, [key, t]);
  if (state?.key !== key) return { loading: true };
  if (state.error) return { error: state.error };
  const reports = Object.fromEntries(bys.map((by) => [by, cache.current.get(reportPath(period, by))!])) as Record<ReportBy, TripleAimReport>;
  return { reports };
}

export default function Dashboard() {
  const { t } = useI18n();
  const { search } = useLocation();
  const f = readFilters(search);
  const result = useReports(f.period, ['month', f.by, 'hospital', 'pc4']);
  usePageTitle(t('dashboard.title'));
  return (
    <>
      <div className="page-head">
        <PageHeading>{t('dashboard.title')}</PageHeading>
        <Link to={printPath(f.period, f.by)} className="btn no-print">{t('dashboard.print')}</Link>
      </div>
      <p className="intro">{t('dashboard.intro')}</p>
      <FilterForm filters={f} />
      {result.error && <Alert>{t('app.error', { message: result.error })}</Alert>}
      {result.loading && <Loading />}
      {result.reports && <Report reports={result.reports} filters={f} />}
    </>
  );
}

function FilterForm({ filters: f }: { filters: Filters }) {
  const { t } = useI18n();
  // Typed dates are kept until both are valid; only then does the address (and the report) change.
  const [from, setFrom] = useState(f.period.from);
  const [to, setTo] = useState(f.period.to);
  useEffect(() => {
    setFrom(f.period.from);
    setTo(f.period.to);
  }, [f.period.from, f.period.to]);
  const go = (kind: PeriodKind, by: ReportBy, p: Period) =>
    navigate('/dashboard' + query({ period: kind, ...(kind === 'custom' && p), by }), { replace: true });
  const setDate = (which: 'from' | 'to', v: string) => {
    const p = { from, to, [which]: v };
    (which === 'from' ? setFrom : setTo)(v);
    if (DATE.test(p.from) && DATE.test(p.to)) go('custom', f.by, p);
  };
  return (
    <form className="filters no-print" onSubmit={(e) => e.preventDefault()}>
      <Field id="dash-period" label={t('dashboard.period')}>
        {(a) => (
          <select {...a} value={f.kind} onChange={(e) => go(e.target.value as PeriodKind, f.by, f.period)}>
            {PERIODS.map((k) => <option key={k} value={k}>{t(`dashboard.period.${k}`)}</option>)}
          </select>
        )}
      </Field>
      {f.kind === 'custom' && (
        <>
          <Field id="dash-from" label={t('dashboard.from')}>
            {(a) => <input {...a} type="date" value={from} onChange={(e) => setDate('from', e.target.value)} />}
          </Field>
          <Field id="dash-to" label={t('dashboard.to')}>
            {(a) => <input {...a} type="date" value={to} onChange={(e) => setDate('to', e.target.value)} />}
          </Field>
        </>
      )}
      <Field id="dash-by" label={t('dashboard.groupBy')} hint={t('dashboard.groupByHint')}>
        {(a) => (
          <select {...a} value={f.by} onChange={(e) => go(f.kind, e.target.value as ReportBy, f.period)}>
            {GROUPINGS.map((b) => <option key={b} value={b}>{t(`dashboard.by.${b}`)}</option>)}
          </select>
        )}
      </Field>
    </form>
  );
}

// The printable report: the same figures, tables open, no navigation or filters on paper.
export function DashboardPrint() {
  const { t, lang } = useI18n();
  const user = useUser();
  const { search } = useLocation();
  const from = search.get('from') ?? '', to = search.get('to') ?? '';
  const period = DATE.test(from) && DATE.test(to) ? { from, to } : quarter(new Date(), -1);
  const by = (GROUPINGS as string[]).includes(search.get('by') ?? '') ? (search.get('by') as ReportBy) : 'specialty';
  const result = useReports(period, ['month', by, 'hospital', 'pc4']);
  const q = quarterOf(period);
  const title = q ? t('dashboard.printTitleQuarter', { q: q.q, year: q.year }) : t('dashboard.printTitle');
  usePageTitle(title);
  return (
    <div className="print-report">
      <div className="print-actions no-print">
        <button type="button" className="btn btn-primary" disabled={!result.reports} onClick={() => window.print()}>{t('dashboard.printNow')}</button>
        <Link to={'/dashboard' + query({ period: 'custom', from: period.from, to: period.to, by })} className="btn">{t('dashboard.back')}</Link>
      </div>
      <PageHeading>{title}</PageHeading>
      <p className="print-meta">
        {t('dashboard.printMeta', { from: formatDate(period.from, lang), to: formatDate(period.to, lang), org: user.organization?.name ?? t(`role.${user.role}` as MessageKey), date: formatDate(new Date().toISOString(), lang) })}
      </p>
      {result.error && <Alert>{t('app.error', { message: result.error })}</Alert>}
      {result.loading && <Loading />}
      {result.reports && <Report reports={result.reports} filters={{ kind: 'custom', period, by }} print />}
    </div>
  );
}

// --- the report itself -----------------------------------------------------------------------

const shown = (g: ReportGroup): g is Indicators => !g.suppressed;

// Chart rows from report groups: a suppressed group has no values.
function rowsOf(groups: ReportGroup[], label: (g: ReportGroup) => string, pick: (i: Indicators) => (number | null)[]): ChartRow[] {
  return groups.map((g) => ({ key: g.key, label: label(g), values: shown(g) ? pick(g) : null }));
}

const monthNames = new Map<Lang, Intl.DateTimeFormat>();
function monthLabel(key: string, lang: Lang): string {
  let f = monthNames.get(lang);
  if (!f) monthNames.set(lang, (f = new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' })));
  return /^\d{4}-\d{2}$/.test(key) ? f.format(new Date(key + '-15T12:00:00Z')) : key;
}

// "2026-03" → "mrt" on a time axis; January with its year ("jan 2026"), so a year change shows.
const monthAxisNames = new Map<Lang, Intl.DateTimeFormat>();
function monthAxis(key: string, lang: Lang): string {
  if (key.endsWith('-01')) return monthLabel(key, lang);
  let f = monthAxisNames.get(lang);
  if (!f) monthAxisNames.set(lang, (f = new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', { month: 'short', timeZone: 'UTC' })));
  return f.format(new Date(key + '-15T12:00:00Z'));
}

function groupLabel(by: ReportBy, g: ReportGroup, t: T, lang: Lang): string {
  if (by === 'month') return monthLabel(g.key, lang);
  if (by === 'specialty') return specialtyName(g.key, lang);
  if (by === 'modality' && (g.key === 'e_consult' || g.key === 'on_site')) return t(`services.modality.${g.key}`);
  return g.label || g.key;
}

function useFormats() {
  const { t, lang } = useI18n();
  return {
    pct: (v: number) => formatNumber(v, lang) + '%',
    hours: (v: number) => t('dashboard.hoursValue', { n: formatNumber(v, lang) }),
    count: (v: number) => formatNumber(v, lang, 0),
    money: (v: number) => formatCents(v, lang),
    euros: (v: number) => formatEuros(v, lang),
  };
}

function Report({ reports, filters: { period, by }, print }: { reports: Record<ReportBy, TripleAimReport>; filters: Filters; print?: boolean }) {
  const { t, lang } = useI18n();
  const fmt = useFormats();
  const month = reports.month, grouped = reports[by], hospitals = reports.hospital, pc4 = reports.pc4;
  const total = month.total;
  // A total figure for a summary: "<10" when the total is suppressed, "–" when there is none.
  const fig = (pick: (i: Indicators) => number | null, format: (v: number) => string) => {
    if (!shown(total)) return SUPPRESSED;
    const v = pick(total);
    return v === null ? t('dashboard.none') : format(v);
  };
  const note = (rows: ChartRow[]) => (rows.some((r) => !r.values) ? ' ' + t('dashboard.suppressedNote') : '');
  const label = (b: ReportBy) => (g: ReportGroup) => groupLabel(b, g, t, lang);
  const groupName = t(`dashboard.by.${by}`);
  const groupLower = groupName.toLowerCase();

  // Every month of the period: a month without closed consults has 0, not a gap.
  const byMonth = new Map(month.groups.map((g) => [g.key, g]));
  const months = monthsOf(period).map((m) => byMonth.get(m) ?? ({ ...emptyMonth, key: m, label: m } as ReportGroup));
  const monthRows = (pick: (i: Indicators) => (number | null)[]) =>
    rowsOf(months, label('month'), pick).map((r) => ({ ...r, short: monthAxis(r.key, lang) }));
  const consultRows = monthRows((i) => [i.consults]);
  const avoidedRows = monthRows((i) => [i.consults ? i.avoided_referral_pct : null]);
  const outcomeRows = rowsOf(grouped.groups, label(by), (i) => (i.treated_by_gp_pct === null ? [null, null] : [i.treated_by_gp_pct, 100 - i.treated_by_gp_pct]));
  const responseRows = rowsOf(grouped.groups, label(by), (i) => [i.median_response_hours, i.p90_response_hours]);
  const targetRows = rowsOf(hospitals.groups, label('hospital'), (i) => [i.within_target_pct]);
  const costRows = rowsOf(grouped.groups, label(by), (i) => [i.fees_cents, i.avoided_cost_cents, i.net_cents]);
  const participationRows = rowsOf(grouped.groups, label(by), (i) => [i.participation_pct]);
  const pc4Rows = rowsOf(pc4.groups, label('pc4'), (i) => [i.consults, i.patients, i.treated_by_gp_pct, i.avoided_referral_pct]);
  const pcts = (v: number) => fmt.pct(v);
  // Answered on time per hospital: with the other charts when those are per hospital too.
  const onTime = (
    <Chart kind="bars" print={print} title={t('dashboard.withinTarget')} groupLabel={t('dashboard.by.hospital')} max={100}
      summary={t('dashboard.withinTargetSummary', { value: fig((i) => i.within_target_pct, fmt.pct) }) + note(targetRows)}
      series={[t('dashboard.withinTargetPct')]} rows={targetRows} format={pcts} />
  );

  return (
    <div className="dashboard">
      <section aria-labelledby="dash-total">
        <h2 id="dash-total">{t('dashboard.total')}</h2>
        <Tiles total={total} />
        {!shown(total) && <p className="muted">{t('dashboard.totalSuppressed', { n: month.small_cell })}</p>}
      </section>

      <section aria-labelledby="dash-time">
        <h2 id="dash-time">{t('dashboard.overTime')}</h2>
        <div className="chart-grid">
          <Chart kind="columns" print={print} title={t('dashboard.consultsPerMonth')} groupLabel={t('dashboard.by.month')}
            summary={t('dashboard.consultsPerMonthSummary', { total: shown(total) ? fmt.count(total.consults) : SUPPRESSED }) + note(consultRows)}
            series={[t('dashboard.consults')]} rows={consultRows} format={fmt.count} />
          <Chart kind="line" print={print} title={t('dashboard.avoidedOverTime')} groupLabel={t('dashboard.by.month')} max={100}
            summary={t('dashboard.avoidedOverTimeSummary', { value: fig((i) => i.avoided_referral_pct, fmt.pct) }) + note(avoidedRows)}
            series={[t('dashboard.avoidedPct')]} rows={avoidedRows} format={pcts} />
        </div>
      </section>

      <section aria-labelledby="dash-group">
        <h2 id="dash-group">{t('dashboard.perGroup', { group: groupLower })}</h2>
        <div className="chart-grid">
          <Chart kind="stacked" print={print} title={t('dashboard.outcome')} groupLabel={groupName} max={100}
            summary={t('dashboard.outcomeSummary', { group: groupLower, value: fig((i) => i.treated_by_gp_pct, fmt.pct) }) + note(outcomeRows)}
            series={[t('dashboard.treatedByGp'), t('dashboard.referredOrOther')]} rows={outcomeRows} format={pcts} />
          <Chart kind="bars" print={print} title={t('dashboard.response')} groupLabel={groupName}
            target={{ value: TARGET_HOURS, label: t('dashboard.target', { n: TARGET_HOURS }) }}
            summary={t('dashboard.responseSummary', { group: groupLower, target: TARGET_HOURS, median: fig((i) => i.median_response_hours, fmt.hours), p90: fig((i) => i.p90_response_hours, fmt.hours) }) + note(responseRows)}
            series={[t('dashboard.median'), t('dashboard.p90')]} rows={responseRows} format={fmt.hours} />
          <Chart kind="bars" print={print} title={t('dashboard.costs')} groupLabel={groupName}
            summary={t('dashboard.costsSummary', { group: groupLower, fees: fig((i) => i.fees_cents, fmt.money), avoided: fig((i) => i.avoided_cost_cents, fmt.money), net: fig((i) => i.net_cents, fmt.money) })
              + (grouped.referral_costs_configured ? '' : ' ' + t('dashboard.noReferralCosts')) + note(costRows)}
            series={[t('dashboard.fees'), t('dashboard.avoidedCost'), t('dashboard.net')]} rows={costRows} format={fmt.money} compact={fmt.euros} />
          <Chart kind="bars" print={print} title={t('dashboard.participation')} groupLabel={groupName} max={100}
            summary={t('dashboard.participationSummary', { group: groupLower, practices: shown(total) ? total.practices : SUPPRESSED, scope: month.practices_in_scope, value: fig((i) => i.participation_pct, fmt.pct) }) + note(participationRows)}
            series={[t('dashboard.participationPct')]} rows={participationRows} format={pcts} />
          {by === 'hospital' && onTime}
        </div>
      </section>

      {by !== 'hospital' && (
        <section aria-labelledby="dash-hospital">
          <h2 id="dash-hospital">{t('dashboard.perHospital')}</h2>
          {onTime}
        </section>
      )}

      <section aria-labelledby="dash-pc4">
        <h2 id="dash-pc4">{t('dashboard.neighbourhoods')}</h2>
        <p className="intro">{t('dashboard.neighbourhoodsIntro')}{note(pc4Rows)}</p>
        {pc4Rows.length === 0 ? <p className="muted">{t('dashboard.noData')}</p> : (
          <DataTable title={t('dashboard.neighbourhoods')} groupLabel={t('dashboard.by.pc4')} rows={pc4Rows}
            series={[t('dashboard.consults'), t('dashboard.patients'), t('dashboard.treatedByGp'), t('dashboard.avoidedPct')]}
            format={(v, i) => (i < 2 ? fmt.count(v) : fmt.pct(v))} />
        )}
      </section>
    </div>
  );
}

// A month without closed consults: zero, nothing to divide.
const emptyMonth: Omit<Indicators, 'key' | 'label'> = {
  suppressed: false, consults: 0, patients: 0, treated_by_gp_pct: null, intended_referrals: 0, avoided_referrals: 0,
  avoided_referral_pct: null, prompted_referral_pct: null, confirmed_avoided_pct: null, answered: 0,
  median_response_hours: null, p90_response_hours: null, within_target_pct: null, gp_fees_cents: 0,
  consultant_fees_cents: 0, fees_cents: 0, avoided_cost_cents: 0, net_cents: 0, mean_usefulness: null,
  learned_pct: null, practices: 0, participation_pct: null,
};

function Tiles({ total }: { total: ReportGroup }) {
  const { t } = useI18n();
  const fmt = useFormats();
  const tiles: [string, MessageKey, (i: Indicators) => number | null, (v: number) => string][] = [
    ['consults', 'dashboard.consults', (i) => i.consults, fmt.count],
    ['treated', 'dashboard.treatedByGp', (i) => i.treated_by_gp_pct, fmt.pct],
    ['avoided', 'dashboard.avoidedPct', (i) => i.avoided_referral_pct, fmt.pct],
    ['median', 'dashboard.medianAnswer', (i) => i.median_response_hours, fmt.hours],
    ['within', 'dashboard.withinTargetPct', (i) => i.within_target_pct, fmt.pct],
    ['fees', 'dashboard.fees', (i) => i.fees_cents, fmt.euros],
    ['net', 'dashboard.net', (i) => i.net_cents, fmt.euros],
  ];
  return (
    <dl className="tiles">
      {tiles.map(([name, label, pick, format]) => {
        const v = shown(total) ? pick(total) : null;
        return (
          <Tile key={name} name={name} label={t(label)}>
            {!shown(total) ? (name === 'consults' ? SUPPRESSED : t('dashboard.none')) : v === null ? t('dashboard.none') : format(v)}
          </Tile>
        );
      })}
    </dl>
  );
}
