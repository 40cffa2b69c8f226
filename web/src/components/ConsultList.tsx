// A consult box (GET /consults?box=…): search, status filter, keyset paging, unread markers,
// overdue highlight, and live updates of the rows it shows.
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api, ApiError, query } from '../api/client';
import type { Consult, ConsultListItem, Page, Status } from '../api/types';
import { STATUSES } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { useLive } from '../live';
import { ageInYears, formatBsn, formatDateTime, formatRelative } from '../lib/format';
import { unreadChecker } from '../lib/seen';
import { Link, navigate, useLocation } from '../router';
import { useUser } from '../session';
import { Alert, errorMessage, Loading, StatusBadge, useAnnounce } from './ui';

export type Box = 'practice' | 'service' | 'assigned' | 'follow_up';
export const OPEN_STATUSES = 'submitted,accepted,awaiting_gp';
const PAGE = 50;

// The first page's path for a box: also what main.tsx prefetches for a deep link.
export function listPath(box: Box, status: string, q: string, limit: number, overdue?: boolean, cursor?: string) {
  return '/consults' + query({ box, status, q, limit: Math.min(200, limit), overdue: overdue ? 'true' : undefined, cursor });
}

// A consult as a list row, for patching a row from a live refetch.
export function toListItem(c: Consult): ConsultListItem {
  return {
    id: c.id, reference: c.reference, modality: c.modality, status: c.status, service_id: c.service_id,
    service_name: c.service.name, specialty: c.service.specialty, requester_id: c.requester_id,
    practice_id: c.practice_id, patient: c.patient, question: c.question.length > 240 ? c.question.slice(0, 240) + '…' : c.question,
    urgency: c.urgency, assignee_id: c.assignee_id, created_at: c.created_at, updated_at: c.updated_at,
    submitted_at: c.submitted_at, due_at: c.due_at, closed_at: c.closed_at, overdue: c.overdue, outcome: c.outcome,
    message_count: c.messages.length, attachment_count: c.attachments.length, version: c.version,
  };
}

interface Props {
  box: Box;
  overdue?: boolean;
  defaultStatus?: string; // '' = all
  filters?: boolean;
  extra?: (item: ConsultListItem, replace: (next: ConsultListItem | null) => void) => ReactNode;
  showPractice?: boolean;
}

export function ConsultList({ box, overdue, defaultStatus = '', filters = true, extra }: Props) {
  const { t, lang } = useI18n();
  const user = useUser();
  const announce = useAnnounce();
  const loc = useLocation();
  const q = loc.search.get('q') ?? '';
  // No parameter: the box's default; "all": every status.
  const statusParam = loc.search.get('status');
  const status = statusParam === null ? defaultStatus : statusParam === 'all' ? '' : statusParam;
  const [input, setInput] = useState(q);
  const [items, setItems] = useState<ConsultListItem[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [, setTick] = useState(0);
  const request = useRef(0);
  const itemsRef = useRef(items);
  itemsRef.current = items;

  const load = useCallback(
    async (limit = PAGE) => {
      const mine = ++request.current;
      setError(null);
      try {
        const page = await api.get<Page<ConsultListItem>>(listPath(box, status, q, limit, overdue));
        if (mine !== request.current) return;
        setItems(page.items);
        setNext(page.next_cursor);
      } catch (e) {
        if (mine === request.current) setError(errorMessage(e, t));
      } finally {
        if (mine === request.current) setLoading(false);
      }
    },
    [box, status, q, overdue, t],
  );

  useEffect(() => {
    setLoading(true);
    void load();
  }, [load]);

  // The search box updates the URL (and so the list) after a pause in typing.
  useEffect(() => {
    if (input === q) return;
    const id = window.setTimeout(() => setParam('q', input), 300);
    return () => window.clearTimeout(id);
  }, [input]);

  function setParam(name: string, value: string) {
    const params = new URLSearchParams(loc.search);
    if (value) params.set(name, value);
    else params.delete(name);
    const s = params.toString();
    navigate(loc.path + (s ? '?' + s : ''), { replace: true });
  }

  async function loadMore() {
    if (!next) return;
    setLoadingMore(true);
    try {
      const page = await api.get<Page<ConsultListItem>>(listPath(box, status, q, PAGE, overdue, next));
      setItems((prev) => [...prev, ...page.items.filter((i) => !prev.some((p) => p.id === i.id))]);
      setNext(page.next_cursor);
    } catch (e) {
      setError(errorMessage(e, t));
    } finally {
      setLoadingMore(false);
    }
  }

  // Live: refetch a row we show; reload the list for a consult we don't show yet.
  const reloadSoon = useRef<number | undefined>(undefined);
  useLive((e) => {
    const scheduleReload = () => {
      window.clearTimeout(reloadSoon.current);
      reloadSoon.current = window.setTimeout(() => void load(Math.max(PAGE, itemsRef.current.length)), 250);
    };
    if (e.type === 'reload') return scheduleReload();
    const shown = itemsRef.current.find((i) => i.id === e.data.consult_id);
    if (!shown) {
      scheduleReload();
      announce(t('list.updated', { reference: e.data.reference }));
      return;
    }
    api
      .get<Consult>('/consults/' + encodeURIComponent(e.data.consult_id))
      .then((c) => {
        const fits = !status || status.split(',').includes(c.status);
        setItems((prev) => (fits ? prev.map((i) => (i.id === c.id ? toListItem(c) : i)) : prev.filter((i) => i.id !== c.id)));
        announce(t('list.updated', { reference: c.reference }));
      })
      .catch((err) => {
        if (err instanceof ApiError && err.status === 404) setItems((prev) => prev.filter((i) => i.id !== e.data.consult_id));
      });
  });

  // Re-render every minute so "over 2 uur" and overdue stay true.
  useEffect(() => {
    const id = window.setInterval(() => setTick((n) => n + 1), 60_000);
    return () => window.clearInterval(id);
  }, []);

  // Read the markers afresh whenever the rows change (a thread opened in between marks one seen).
  const isUnread = useMemo(() => unreadChecker(user.id), [user.id, items]);
  const statusOptions: { value: string; label: string }[] = [
    { value: '', label: t('list.allStatuses') },
    { value: OPEN_STATUSES, label: t('list.open') },
    ...STATUSES.filter((s) => box === 'practice' || s !== 'draft').map((s: Status) => ({ value: s, label: t(`status.${s}`) })),
  ];

  const replaceItem = (id: string) => (next: ConsultListItem | null) =>
    setItems((prev) => (next ? prev.map((i) => (i.id === id ? next : i)) : prev.filter((i) => i.id !== id)));

  return (
    <section aria-labelledby="list-heading" className="consult-list">
      {filters && (
        <form className="filters" role="search" onSubmit={(e) => { e.preventDefault(); setParam('q', input); }}>
          <div className="field">
            <label htmlFor="list-q">{t('list.search')}</label>
            <input id="list-q" type="search" value={input} placeholder={t('list.searchHint')} autoComplete="off"
              onChange={(e) => setInput(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="list-status">{t('list.status')}</label>
            <select id="list-status" value={status} onChange={(e) => setParam('status', e.target.value || (defaultStatus ? 'all' : ''))}>
              {statusOptions.map((o) => (
                <option key={o.value} value={o.value}>{o.label}</option>
              ))}
            </select>
          </div>
        </form>
      )}
      <h2 id="list-heading" className="sr-only">{t('list.count', { count: items.length })}</h2>
      {error && <Alert>{t('app.error', { message: error })} <button type="button" className="link" onClick={() => void load()}>{t('app.retry')}</button></Alert>}
      {loading ? (
        <Loading />
      ) : items.length === 0 && !error ? (
        <p className="empty">{t('list.empty')}</p>
      ) : (
        <ul className="rows" data-testid="consult-rows">
          {items.map((item) => (
            <Row key={item.id} item={item} unread={isUnread(item)} box={box} lang={lang} extra={extra?.(item, replaceItem(item.id))} />
          ))}
        </ul>
      )}
      {next && !loading && (
        <div className="more">
          <button type="button" className="btn" onClick={() => void loadMore()} disabled={loadingMore}>
            {loadingMore ? t('app.loading') : t('list.loadMore')}
          </button>
        </div>
      )}
    </section>
  );
}

function Row({ item, unread, box, lang, extra }: { item: ConsultListItem; unread: boolean; box: Box; lang: 'nl' | 'en'; extra?: ReactNode }) {
  const { t } = useI18n();
  const p = item.patient;
  const age = ageInYears(p.birth_date);
  const open = ['submitted', 'accepted', 'awaiting_gp'].includes(item.status);
  const classes = ['row', unread ? 'unread' : '', item.overdue ? 'overdue' : '', item.urgency === 'soon' ? 'urgent' : ''].join(' ');
  return (
    <li className={classes} data-consult-id={item.id} data-reference={item.reference}>
      <Link to={'/consults/' + item.id} className="row-link">
        <span className="row-main">
          <span className="row-title">
            {unread && <span className="dot" aria-hidden="true" />}
            <span className="patient-name">{p.name || formatBsn(p.bsn)}</span>
            {age !== null && <span className="muted"> · {t('list.age', { age })}</span>}
            {unread && <span className="sr-only">, {t('list.unreadSr')}</span>}
          </span>
          <span className="row-question">{item.question}</span>
          <span className="row-meta">
            <span className="ref">{item.reference}</span>
            <span>{item.service_name}</span>
            {item.attachment_count > 0 && <span>{t('list.attachments', { count: item.attachment_count })}</span>}
            {box !== 'practice' && p.bsn && <span>BSN {formatBsn(p.bsn)}</span>}
          </span>
        </span>
        <span className="row-side">
          <span className="badges">
            {unread && <span className="badge badge-new">{t('list.unread')}</span>}
            {item.urgency === 'soon' && <span className="badge badge-urgent">{t('urgency.soon')}</span>}
            <StatusBadge status={item.status} />
          </span>
          {open && item.due_at && (
            <span className={item.overdue ? 'due due-over' : 'due'} title={formatDateTime(item.due_at, lang)}>
              {item.overdue
                ? t('list.overdueSince', { when: formatRelative(item.due_at, lang) })
                : t('list.due', { when: formatRelative(item.due_at, lang) })}
            </span>
          )}
          {item.status === 'closed' && item.closed_at && <span className="due">{t('list.closedOn', { when: formatDateTime(item.closed_at, lang) })}</span>}
        </span>
      </Link>
      {extra && <div className="row-extra">{extra}</div>}
    </li>
  );
}
