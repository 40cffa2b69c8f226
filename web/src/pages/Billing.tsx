// Billing (DESIGN §6) for a month: the statement per organisation × party × payer × code, the
// declaration lines, and the closed consults no contract covers (never silently dropped; the
// regional admin reprocesses them after adding the contract). CSV downloads come straight from
// the API (format=csv). Each role sees only its lines; the server decides which.
import { useEffect, useState, type ReactNode } from 'react';
import { api, query } from '../api/client';
import type { Declarations, Organization, Page, Party as PartyKind, Statement, Unbilled } from '../api/types';
import { Alert, Field, Loading, PageHeading, errorMessage, useAnnounce } from '../components/ui';
import { useI18n, type MessageKey } from '../i18n/i18n';
import { formatDate } from '../lib/format';
import { formatCents } from '../lib/money';
import { navigate, useLocation, usePageTitle } from '../router';
import { useUser } from '../session';

// The month before `now` as "YYYY-MM": billing is done for the month just closed.
export function previousMonth(now: Date = new Date()): string {
  const d = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
// Organisations that can have declaration lines: practices and providers, not payers or offices.
const NOT_BILLED = new Set(['insurer', 'municipality', 'social_domain', 'region_office']);

export function csvUrl(kind: 'declarations' | 'statements', month: string, organizationId?: string): string {
  return `/api/v1/billing/${kind}` + query({ month, organization_id: organizationId, format: 'csv' });
}

export default function Billing() {
  const { t } = useI18n();
  const user = useUser();
  const admin = user.role === 'regional_admin';
  const { search } = useLocation();
  const month = MONTH.test(search.get('month') ?? '') ? search.get('month')! : previousMonth();
  const org = (admin && search.get('organization_id')) || '';
  const [orgs, setOrgs] = useState<Organization[]>([]);
  const [data, setData] = useState<{ key: string; declarations: Declarations; statement: Statement } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  // As typed: browsers without a month picker show a text field, where "2026-1" is on its way.
  const [monthText, setMonthText] = useState(month);
  useEffect(() => setMonthText(month), [month]);
  const key = `${month}|${org}|${reload}`;
  usePageTitle(t('billing.title'));

  useEffect(() => {
    if (!admin) return;
    api.get<Page<Organization>>('/organizations').then((o) => setOrgs(o.items.filter((x) => !NOT_BILLED.has(x.type))), () => {});
  }, [admin]);

  useEffect(() => {
    let live = true;
    setError(null);
    Promise.all([
      api.get<Declarations>('/billing/declarations' + query({ month, organization_id: org })),
      api.get<Statement>('/billing/statements' + query({ month, organization_id: org })),
    ]).then(
      ([declarations, statement]) => live && setData({ key, declarations, statement }),
      (e) => live && setError(errorMessage(e, t)),
    );
    return () => {
      live = false;
    };
  }, [key, month, org, t]);

  const go = (m: string, o: string) => {
    setNotice(null);
    navigate('/billing' + query({ month: m, organization_id: o }), { replace: true });
  };
  return (
    <>
      <PageHeading>{t('billing.title')}</PageHeading>
      <p className="intro">{t('billing.intro')}</p>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <Field id="bill-month" label={t('billing.month')} hint={t('billing.monthHint')}>
          {(a) => <input {...a} type="month" className="input-mid" value={monthText} placeholder="2026-10"
            onChange={(e) => { setMonthText(e.target.value); if (MONTH.test(e.target.value)) go(e.target.value, org); }} />}
        </Field>
        {admin && (
          <Field id="bill-org" label={t('billing.organization')} hint={t('billing.organizationHint')}>
            {(a) => (
              <select {...a} value={org} onChange={(e) => go(month, e.target.value)}>
                <option value="">{t('billing.allOrganizations')}</option>
                {orgs.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
              </select>
            )}
          </Field>
        )}
      </form>
      {error && <Alert>{t('app.error', { message: error })}</Alert>}
      {notice && <Alert kind="success">{notice}</Alert>}
      {!error && (!data || data.key !== key) && <Loading />}
      {!error && data && data.key === key && (
        <>
          <StatementSection statement={data.statement} organizationId={org} />
          <LinesSection declarations={data.declarations} organizationId={org} />
          <NoContractSection month={month} items={data.declarations.no_contract} admin={admin} onReprocessed={(text) => { setNotice(text); setReload((n) => n + 1); }} />
        </>
      )}
    </>
  );
}

// A section of the page: its heading, the CSV download, and its table (or the empty text).
function Section({ id, title, csv, empty, children }: { id: string; title: string; csv?: string; empty?: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <section>
      <div className="page-head">
        <h2 id={id}>{title}</h2>
        {csv && <a className="btn btn-small" href={csv} download>{t('billing.csv')}<span className="sr-only"> ({title})</span></a>}
      </div>
      {empty ? <p className="empty">{empty}</p> : children}
    </section>
  );
}

// A scrollable table named by its section's heading; the last column is the amount when there is a total.
function Table({ labelledBy, columns, total, children }: { labelledBy: string; columns: (MessageKey | [MessageKey, 'num'])[]; total?: number; children: ReactNode }) {
  const { t, lang } = useI18n();
  return (
    <div className="table-wrap" role="region" aria-labelledby={labelledBy} tabIndex={0}>
      <table className="table">
        <thead>
          <tr>
            {columns.map((c) => (typeof c === 'string' ? <th key={c} scope="col">{t(c)}</th> : <th key={c[0]} scope="col" className="num">{t(c[0])}</th>))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
        {total !== undefined && (
          <tfoot>
            <tr>
              <th scope="row" colSpan={columns.length - 1}>{t('billing.total')}</th>
              <td className="num nowrap" data-testid="total"><strong>{formatCents(total, lang)}</strong></td>
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}

function Party({ party }: { party: PartyKind }) {
  const { t } = useI18n();
  return <td>{t(`billing.party.${party}`)}</td>;
}

// A name with its AGB code under it.
function WithAgb({ name, agb }: { name: string; agb: string }) {
  const { t } = useI18n();
  return <td>{name}<div className="muted small">{t('billing.agb', { agb })}</div></td>;
}

function StatementSection({ statement: s, organizationId }: { statement: Statement; organizationId: string }) {
  const { t, lang } = useI18n();
  return (
    <Section id="bill-statement" title={t('billing.statement')} csv={s.items.length ? csvUrl('statements', s.month, organizationId) : undefined} empty={s.items.length ? undefined : t('billing.noLines')}>
      <Table labelledBy="bill-statement" total={s.total_cents}
        columns={['billing.organization', 'billing.party', 'billing.payer', 'billing.code', ['billing.lines', 'num'], ['billing.amount', 'num']]}>
        {s.items.map((r) => (
          <tr key={`${r.organization_id}|${r.party}|${r.payer_id}|${r.code}`}>
            <WithAgb name={r.organization_name} agb={r.organization_agb} />
            <Party party={r.party} /><td>{r.payer_name}</td><td>{r.code}</td>
            <td className="num">{r.lines}</td><td className="num nowrap">{formatCents(r.amount_cents, lang)}</td>
          </tr>
        ))}
      </Table>
    </Section>
  );
}

function LinesSection({ declarations: d, organizationId }: { declarations: Declarations; organizationId: string }) {
  const { t, lang } = useI18n();
  return (
    <Section id="bill-lines" title={t('billing.declarations')} csv={d.items.length ? csvUrl('declarations', d.month, organizationId) : undefined} empty={d.items.length ? undefined : t('billing.noLines')}>
      <Table labelledBy="bill-lines" total={d.total_cents}
        columns={['billing.date', 'billing.reference', 'billing.party', 'billing.organization', 'billing.practitioner', 'billing.payer',
          'billing.code', 'billing.modality', ['billing.minutes', 'num'], ['billing.amount', 'num']]}>
        {d.items.map((l) => (
          <tr key={`${l.consult_id}|${l.party}`}>
            <td className="nowrap">{formatDate(l.date, lang)}</td>
            <td className="ref nowrap">{l.reference}</td>
            <Party party={l.party} />
            <WithAgb name={l.organization_name} agb={l.organization_agb} />
            <WithAgb name={l.practitioner_name} agb={l.practitioner_agb} />
            <td>{l.payer_name}</td><td>{l.code}</td><td>{t(`services.modality.${l.modality}`)}</td>
            <td className="num">{l.minutes_spent ?? ''}</td><td className="num nowrap">{formatCents(l.amount_cents, lang)}</td>
          </tr>
        ))}
      </Table>
    </Section>
  );
}

function NoContractSection({ month, items, admin, onReprocessed }: { month: string; items: Unbilled[]; admin: boolean; onReprocessed: (text: string) => void }) {
  const { t, lang } = useI18n();
  const announce = useAnnounce();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  // The known reasons in words; a new one from a newer server as it comes.
  const reasonText = (r: string) => (r === 'no_contract' || r === 'no_care_group' ? t(`billing.reason.${r}`) : r);

  async function reprocess() {
    setBusy(true);
    setFailure(null);
    try {
      const r = await api.post<{ billed: number; still_no_contract: number }>('/billing/reprocess', { month });
      const text = t('billing.reprocessed', { billed: r.billed, still: r.still_no_contract });
      announce(text);
      onReprocessed(text);
    } catch (e) {
      setFailure(errorMessage(e, t));
      setBusy(false);
    }
  }

  return (
    <Section id="bill-nocontract" title={t('billing.noContract')}>
      {failure && <Alert>{t('billing.reprocessFailed', { message: failure })}</Alert>}
      {items.length === 0 ? <p className="muted">{t('billing.noContractNone')}</p> : (
        <>
          <p className="intro">{t(admin ? 'billing.noContractIntroAdmin' : 'billing.noContractIntro')}</p>
          <Table labelledBy="bill-nocontract"
            columns={['billing.date', 'billing.reference', 'billing.practice', 'billing.provider', 'billing.modality', 'billing.reason']}>
            {items.map((u) => (
              <tr key={u.consult_id}>
                <td className="nowrap">{formatDate(u.date, lang)}</td><td className="ref nowrap">{u.reference}</td>
                <td>{u.practice_name}</td><td>{u.provider_organization_name}</td>
                <td>{t(`services.modality.${u.modality}`)}</td><td>{reasonText(u.reason)}</td>
              </tr>
            ))}
          </Table>
          {admin && (
            <div className="form-actions">
              <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void reprocess()}>{t('billing.reprocess')}</button>
            </div>
          )}
        </>
      )}
    </Section>
  );
}
