// The privacy officer's NEN 7513 access log (GET /audit) with filters and paging, and the
// "who looked at this patient" report built from the same log.
import { useState, type FormEvent } from 'react';
import { api, query } from '../api/client';
import type { AuditEntry, Page } from '../api/types';
import { Alert, Field, Loading, PageHeading, errorMessage } from '../components/ui';
import { useI18n, type MessageKey } from '../i18n/i18n';
import { formatBsn, formatDateTime } from '../lib/format';
import { checkBsn, normaliseBsn } from '../lib/validate';
import { Link, usePageTitle } from '../router';

interface Filters { patient_bsn: string; consult_id: string; user_id: string; from: string; to: string }
const noFilters: Filters = { patient_bsn: '', consult_id: '', user_id: '', from: '', to: '' };

// Dates from the form as the API's instants: from = start of the day, to = end of the day (UTC).
function params(f: Filters) {
  return {
    patient_bsn: f.patient_bsn ? normaliseBsn(f.patient_bsn) : undefined,
    consult_id: f.consult_id.trim() || undefined,
    user_id: f.user_id.trim() || undefined,
    from: f.from ? f.from + 'T00:00:00.000Z' : undefined,
    to: f.to ? f.to + 'T23:59:59.999Z' : undefined,
  };
}

export function AuditLog() {
  const { t, lang } = useI18n();
  const roleName = (r: string) => (r ? t(`role.${r}` as MessageKey) : '');
  const [form, setForm] = useState<Filters>(noFilters);
  const [items, setItems] = useState<AuditEntry[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  usePageTitle(t('audit.title'));

  async function search(cursor?: string) {
    setBusy(true);
    setError(null);
    try {
      const page = await api.get<Page<AuditEntry>>('/audit' + query({ ...params(form), limit: 100, cursor }));
      setItems((prev) => (cursor && prev ? [...prev, ...page.items] : page.items));
      setNext(page.next_cursor);
    } catch (e) {
      setError(errorMessage(e, t));
    } finally {
      setBusy(false);
    }
  }
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));

  return (
    <>
      <PageHeading>{t('audit.title')}</PageHeading>
      <p className="intro">{t('audit.intro')}</p>
      <form className="filters filters-wide" onSubmit={(e: FormEvent) => { e.preventDefault(); void search(); }}>
        <Field id="au-bsn" label={t('audit.bsn')}>{(a) => <input {...a} inputMode="numeric" value={form.patient_bsn} onChange={set('patient_bsn')} />}</Field>
        <Field id="au-consult" label={t('audit.consult')}>{(a) => <input {...a} value={form.consult_id} onChange={set('consult_id')} />}</Field>
        <Field id="au-user" label={t('audit.user')}>{(a) => <input {...a} value={form.user_id} onChange={set('user_id')} />}</Field>
        <Field id="au-from" label={t('audit.from')}>{(a) => <input {...a} type="date" value={form.from} onChange={set('from')} />}</Field>
        <Field id="au-to" label={t('audit.to')}>{(a) => <input {...a} type="date" value={form.to} onChange={set('to')} />}</Field>
        <div className="filters-submit"><button type="submit" className="btn btn-primary" disabled={busy}>{t('audit.search')}</button></div>
      </form>
      {error && <Alert>{t('app.error', { message: error })}</Alert>}
      {busy && !items && <Loading />}
      {items && items.length === 0 && <p className="empty">{t('audit.empty')}</p>}
      {items && items.length > 0 && (
        <div className="table-wrap" role="region" aria-label={t('audit.title')} tabIndex={0}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('audit.at')}</th><th scope="col">{t('audit.who')}</th><th scope="col">{t('audit.event')}</th>
                <th scope="col">{t('audit.outcome')}</th><th scope="col">{t('audit.patient')}</th><th scope="col">{t('audit.object')}</th><th scope="col">{t('audit.from_ip')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.seq} className={e.outcome !== 'success' ? 'row-denied' : ''}>
                  <td className="nowrap">{formatDateTime(e.at, lang)}</td>
                  <td>{e.user_name || e.user_email || e.user_id}<div className="muted small">{roleName(e.role)}{e.on_behalf_of ? ' · ' + t('audit.onBehalfOf', { who: e.on_behalf_of }) : ''}</div></td>
                  <td>{e.event}<div className="muted small">{t(`audit.action.${e.action}` as MessageKey) || e.action}</div></td>
                  <td>{t(`audit.outcome.${e.outcome}` as MessageKey)}</td>
                  <td className="nowrap">{e.patient_bsn ? formatBsn(e.patient_bsn) : ''}</td>
                  <td>{e.consult_id ? <Link to={`/consults/${e.consult_id}`}>{e.object_type}</Link> : e.object_type}</td>
                  <td className="nowrap small">{e.ip}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next && (
        <div className="more"><button type="button" className="btn" disabled={busy} onClick={() => void search(next)}>{t('list.loadMore')}</button></div>
      )}
    </>
  );
}

interface Group { key: string; name: string; email: string; role: string; organization: string; first: string; last: string; count: number; denied: number }

// Groups log entries by person (and organisation): first and last access and counts.
export function groupAccess(entries: AuditEntry[]): Group[] {
  const groups = new Map<string, Group>();
  for (const e of entries) {
    if (e.event.startsWith('audit.')) continue; // the officer's own reading of the log
    const key = `${e.user_id}|${e.organization_id}`;
    const g = groups.get(key) ?? { key, name: e.user_name || e.user_email || e.user_id, email: e.user_email, role: e.role, organization: e.organization_id, first: e.at, last: e.at, count: 0, denied: 0 };
    g.count++;
    if (e.outcome !== 'success') g.denied++;
    if (e.at < g.first) g.first = e.at;
    if (e.at > g.last) g.last = e.at;
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => b.last.localeCompare(a.last));
}

const MAX_PAGES = 20;

export function PatientAccess() {
  const { t, lang } = useI18n();
  const roleName = (r: string) => (r ? t(`role.${r}` as MessageKey) : '');
  const [bsn, setBsn] = useState('');
  const [groups, setGroups] = useState<Group[] | null>(null);
  const [total, setTotal] = useState(0);
  const [truncated, setTruncated] = useState(false);
  const [orgNames, setOrgNames] = useState<Map<string, string>>(new Map());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  usePageTitle(t('access.title'));

  async function lookup(e: FormEvent) {
    e.preventDefault();
    if (checkBsn(bsn) !== 'ok') {
      setError(t('wizard.bsnInvalid'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const all: AuditEntry[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page: Page<AuditEntry> = await api.get('/audit' + query({ patient_bsn: normaliseBsn(bsn), limit: 200, cursor }));
        all.push(...page.items);
        cursor = page.next_cursor ?? undefined;
      } while (cursor && ++pages < MAX_PAGES);
      if (orgNames.size === 0) {
        const orgs = await api.get<Page<{ id: string; name: string }>>('/organizations');
        setOrgNames(new Map(orgs.items.map((o) => [o.id, o.name])));
      }
      const g = groupAccess(all);
      setGroups(g);
      setTotal(g.reduce((s, x) => s + x.count, 0));
      setTruncated(Boolean(cursor));
    } catch (err) {
      setError(errorMessage(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PageHeading>{t('access.title')}</PageHeading>
      <p className="intro">{t('access.intro')}</p>
      <form className="filters filters-inline" onSubmit={lookup}>
        <Field id="pa-bsn" label={t('audit.bsn')}>{(a) => <input {...a} inputMode="numeric" className="input-mid" value={bsn} onChange={(e) => setBsn(e.target.value)} />}</Field>
        <div className="filters-submit"><button type="submit" className="btn btn-primary" disabled={busy}>{t('access.lookup')}</button></div>
      </form>
      {error && <Alert>{error}</Alert>}
      {busy && <Loading />}
      {groups && !busy && (
        <div aria-live="polite">
          {groups.length === 0 ? (
            <p className="empty">{t('access.none')}</p>
          ) : (
            <>
              <p>{t('access.summary', { people: groups.length, entries: total })}</p>
              {truncated && <Alert kind="info">{t('access.truncated', { n: MAX_PAGES * 200 })}</Alert>}
              <div className="table-wrap" role="region" aria-label={t('access.title')} tabIndex={0}>
                <table className="table">
                  <thead>
                    <tr><th scope="col">{t('access.person')}</th><th scope="col">{t('access.organization')}</th><th scope="col">{t('access.first')}</th><th scope="col">{t('access.last')}</th><th scope="col" className="num">{t('access.count')}</th></tr>
                  </thead>
                  <tbody>
                    {groups.map((g) => (
                      <tr key={g.key}>
                        <td>{g.name}<div className="muted small">{roleName(g.role)}{g.email ? ' · ' + g.email : ''}</div></td>
                        <td>{orgNames.get(g.organization) ?? g.organization}</td>
                        <td className="nowrap">{formatDateTime(g.first, lang)}</td>
                        <td className="nowrap">{formatDateTime(g.last, lang)}</td>
                        <td className="num">{g.count}{g.denied ? <span className="muted small"> ({g.denied} {t('audit.outcome.denied')})</span> : null}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </div>
      )}
    </>
  );
}
