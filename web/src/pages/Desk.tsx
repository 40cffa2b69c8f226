// Één loket (/loket): the desk questions the caller may see, with the status board for the desk
// officer; a new question (/loket/nieuw, GPs and third parties — text with a BSN-like number is
// refused with a clear message); a question (/loket/{id}) with "me too" for GPs and, for the
// desk officer, status changes, answers and merging duplicates.
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, query } from '../api/client';
import { DESK_STATUSES, DESK_TOPICS, type DeskBoard, type DeskQuestion, type DeskStatus, type Organization } from '../api/types';
import { Alert, ErrorSummary, Field, Flash, Loading, PageHeading, errorMessage, setFlash } from '../components/ui';
import { useI18n, type MessageKey, type T } from '../i18n/i18n';
import { formatDate } from '../lib/format';
import { Link, navigate, useLocation, usePageTitle } from '../router';
import { useSession } from '../session';

const statusKey = (s: DeskStatus) => `desk.status.${s}` as MessageKey;
const topicKey = (s: string) => `desk.topic.${s}` as MessageKey;

// The server's field errors, with the BSN refusal in the user's language.
export function deskErrors(e: ApiError, t: T): Record<string, string> {
  const out = e.fieldErrors();
  for (const k of Object.keys(out)) if (/BSN/.test(out[k])) out[k] = t('desk.noPatientData');
  return out;
}

// "3083, 3084" → ["3083", "3084"]; empty: the whole region.
export function parseArea(text: string): string[] | 'region' {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  return parts.length ? parts : 'region';
}

export default function DeskList() {
  const { t, lang } = useI18n();
  const { user } = useSession();
  const { search } = useLocation();
  const status = search.get('status') ?? '';
  const [items, setItems] = useState<DeskQuestion[] | null>(null);
  const [board, setBoard] = useState<DeskBoard | null>(null);
  const [error, setError] = useState('');
  usePageTitle(t('desk.title'));
  useEffect(() => {
    api.get<{ items: DeskQuestion[] }>('/desk/questions' + query({ status })).then((p) => setItems(p.items), (e) => setError(errorMessage(e, t)));
    if (user?.role === 'desk_officer') api.get<DeskBoard>('/desk/board').then(setBoard, (e) => setError(errorMessage(e, t)));
  }, [status, t, user]);
  const canAsk = user?.role === 'gp' || user?.role === 'third_party';
  return (
    <>
      <PageHeading>{t('desk.title')}</PageHeading>
      <p className="intro">{t('desk.intro')}</p>
      <Flash />
      {canAsk && <p><Link to="/loket/nieuw" className="btn">{t('desk.new')}</Link></p>}
      {board && (
        <section className="card" aria-labelledby="board-h" data-testid="desk-board">
          <h2 id="board-h">{t('desk.board')}</h2>
          <ul className="plain">
            {DESK_STATUSES.map((s) => (
              <li key={s}>{t(statusKey(s))}: {Object.values(board.counts[s] ?? {}).reduce((a, b) => a + b, 0)}</li>
            ))}
          </ul>
          {board.most_shared.length > 0 && <h3>{t('desk.mostShared')}</h3>}
          <ol>{board.most_shared.map((q) => <li key={q.id}><Link to={'/loket/' + q.id}>{q.title}</Link> ({q.supporters})</li>)}</ol>
        </section>
      )}
      <form className="filters" aria-label={t('desk.status')}>
        <Field id="desk-status" label={t('desk.status')}>
          {(a) => (
            <select {...a} value={status} onChange={(e) => navigate('/loket' + query({ status: e.target.value }), { replace: true })}>
              <option value="">{t('desk.allStatuses')}</option>
              {DESK_STATUSES.map((s) => <option key={s} value={s}>{t(statusKey(s))}</option>)}
            </select>
          )}
        </Field>
      </form>
      {error && <Alert>{t('app.error', { message: error })}</Alert>}
      {!items && !error && <Loading />}
      {items && items.length === 0 && <p className="muted">{t('desk.none')}</p>}
      {items && items.length > 0 && (
        <ul className="plain" data-testid="desk-list">
          {items.map((q) => (
            <li key={q.id} data-question-id={q.id}>
              <Link to={'/loket/' + encodeURIComponent(q.id)}><strong>{q.title}</strong></Link>
              <div className="muted small">
                {q.reference} · {t(q.direction === 'inward' ? 'desk.inward' : 'desk.outward')} · {t(topicKey(q.topic))} ·{' '}
                <span data-testid="desk-status">{t(statusKey(q.status))}</span> · {formatDate(q.updated_at, lang)}
                {q.direction === 'outward' && <> · {t('desk.supporters', { n: q.supporters })}</>}
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function NewDeskQuestion() {
  const { t } = useI18n();
  const [f, setF] = useState({ title: '', text: '', topic: '', area: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState('');
  usePageTitle(t('desk.new'));
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setError('');
    api.post<DeskQuestion>('/desk/questions', { title: f.title, text: f.text, topic: f.topic || undefined, area: parseArea(f.area) }).then(
      (q) => { setFlash(t('desk.asked')); navigate('/loket/' + encodeURIComponent(q.id)); },
      (err) => { if (err instanceof ApiError && err.errors.length) setErrors(deskErrors(err, t)); else setError(errorMessage(err, t)); },
    );
  };
  const labels = { title: t('desk.questionTitle'), text: t('desk.text'), topic: t('desk.topic'), area: t('desk.area') };
  return (
    <>
      <p><Link to="/loket">{t('desk.back')}</Link></p>
      <PageHeading>{t('desk.new')}</PageHeading>
      <p className="intro">{t('desk.intro')}</p>
      <form onSubmit={submit} noValidate aria-label={t('desk.new')}>
        <ErrorSummary errors={errors} labels={labels} title={t('app.error', { message: '' })} />
        {error && <Alert>{error}</Alert>}
        <Field id="f-title" label={labels.title} error={errors.title} required>{(a) => <input {...a} value={f.title} onChange={set('title')} />}</Field>
        <Field id="f-text" label={labels.text} error={errors.text} required>{(a) => <textarea {...a} rows={5} value={f.text} onChange={set('text')} />}</Field>
        <Field id="f-topic" label={labels.topic} error={errors.topic} required>
          {(a) => <select {...a} value={f.topic} onChange={set('topic')}><option value="" />{DESK_TOPICS.map((x) => <option key={x} value={x}>{t(topicKey(x))}</option>)}</select>}
        </Field>
        <Field id="f-area" label={labels.area} hint={t('desk.areaHint')} error={errors.area}>{(a) => <input {...a} value={f.area} onChange={set('area')} />}</Field>
        <button type="submit" className="btn btn-primary">{t('desk.ask')}</button>
      </form>
    </>
  );
}

export function DeskQuestionView({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const { user } = useSession();
  const [q, setQ] = useState<DeskQuestion | null>(null);
  const [state, setState] = useState<'loading' | 'ok' | 'notfound' | 'error'>('loading');
  const [error, setError] = useState('');
  usePageTitle(q ? q.title : t('desk.title'));
  useEffect(() => {
    api.get<DeskQuestion>('/desk/questions/' + encodeURIComponent(id)).then((x) => { setQ(x); setState('ok'); }, (e) => {
      if (e instanceof ApiError && e.status === 404) setState('notfound');
      else { setError(errorMessage(e, t)); setState('error'); }
    });
  }, [id, t]);
  const back = <p><Link to="/loket">{t('desk.back')}</Link></p>;
  if (state === 'loading') return <Loading />;
  if (state === 'notfound') return <>{back}<PageHeading>{t('desk.notFound')}</PageHeading></>;
  if (state === 'error' || !q) return <>{back}<Alert>{t('app.error', { message: error })}</Alert></>;
  const open = q.status !== 'closed' && !q.merged_into;
  const support = () => api.post<DeskQuestion>('/desk/questions/' + encodeURIComponent(q.id) + '/support').then(setQ, (e) => setError(errorMessage(e, t)));
  return (
    <article data-testid="desk-question">
      {back}
      <PageHeading>{q.title}</PageHeading>
      <Flash />
      {error && <Alert>{error}</Alert>}
      <p className="muted">
        {q.reference} · {t('desk.from')}: {q.from_organization_name} · {t(topicKey(q.topic))} ·{' '}
        {q.area === 'region' ? t('desk.region') : q.area.join(', ')} · {formatDate(q.created_at, lang)}
      </p>
      <p>{t('desk.status')}: <strong data-testid="desk-status">{t(statusKey(q.status))}</strong>{q.routed_to_name && <> · {t('desk.routedTo')}: {q.routed_to_name}</>}</p>
      {q.merged_into && <Alert kind="info"><Link to={'/loket/' + q.merged_into}>{t('desk.merged')}</Link></Alert>}
      <section className="card"><h2>{t('desk.text')}</h2><p className="prose">{q.text}</p></section>
      {q.answer && <section className="card answer"><h2>{t('desk.answer')}</h2><p className="prose" data-testid="desk-answer">{q.answer}</p></section>}
      {q.public_answer && <section className="card answer"><h2>{t('desk.publicAnswer')}</h2><p className="prose" data-testid="desk-public-answer">{q.public_answer}</p></section>}
      {q.direction === 'outward' && <p>{t('desk.supporters', { n: q.supporters })}</p>}
      {user?.role === 'gp' && q.direction === 'outward' && open && (
        q.supported_by_my_practice ? <p className="muted">{t('desk.supported')}</p>
          : <p><button type="button" className="btn" onClick={() => void support()}>{t('desk.support')}</button></p>
      )}
      {user?.role === 'desk_officer' && <DeskActions q={q} onChange={setQ} />}
    </article>
  );
}

function DeskActions({ q, onChange }: { q: DeskQuestion; onChange: (q: DeskQuestion) => void }) {
  const { t } = useI18n();
  const [orgs, setOrgs] = useState<Organization[]>([]);
  const [others, setOthers] = useState<DeskQuestion[]>([]);
  const [f, setF] = useState({ status: q.status as string, routed_to: q.routed_to ?? '', answer: q.answer, public_answer: q.public_answer });
  const [into, setInto] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState('');
  useEffect(() => {
    api.get<{ items: Organization[] }>('/organizations').then((p) => setOrgs(p.items), () => {});
    api.get<{ items: DeskQuestion[] }>('/desk/questions').then((p) => setOthers(p.items.filter((x) => x.id !== q.id && x.status !== 'closed')), () => {});
  }, [q.id]);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const fail = (err: unknown) => {
    if (err instanceof ApiError && err.errors.length) setErrors(deskErrors(err, t));
    else setError(errorMessage(err, t));
  };
  const save = (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setError('');
    const body: Record<string, unknown> = { version: q.version, answer: f.answer, public_answer: f.public_answer };
    if (f.status !== q.status) body.status = f.status;
    if (f.routed_to && f.routed_to !== q.routed_to) body.routed_to = f.routed_to;
    api.post<DeskQuestion>('/desk/questions/' + encodeURIComponent(q.id) + '/status', body).then((x) => { setFlash(t('desk.changed')); onChange(x); }, fail);
  };
  const merge = (e: FormEvent) => {
    e.preventDefault();
    api.post<DeskQuestion>('/desk/questions/' + encodeURIComponent(q.id) + '/merge', { into }).then((x) => navigate('/loket/' + encodeURIComponent(x.id)), fail);
  };
  const labels = { status: t('desk.status'), routed_to: t('desk.routedTo'), answer: t('desk.answer'), public_answer: t('desk.publicAnswer') };
  return (
    <section className="card" aria-labelledby="desk-actions-h">
      <h2 id="desk-actions-h">{t('desk.change')}</h2>
      <ErrorSummary errors={errors} labels={labels} title={t('app.error', { message: '' })} />
      {error && <Alert>{error}</Alert>}
      <form onSubmit={save}>
        <Field id="f-status" label={labels.status} error={errors.status}>
          {(a) => <select {...a} value={f.status} onChange={set('status')}>{DESK_STATUSES.map((s) => <option key={s} value={s}>{t(statusKey(s))}</option>)}</select>}
        </Field>
        <Field id="f-routed_to" label={labels.routed_to} error={errors.routed_to}>
          {(a) => <select {...a} value={f.routed_to} onChange={set('routed_to')}><option value="" />{orgs.filter((o) => o.type === 'care_group' || o.type === 'gp_practice' || o.type === 'region_office').map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}</select>}
        </Field>
        <Field id="f-answer" label={labels.answer} error={errors.answer}>{(a) => <textarea {...a} rows={3} value={f.answer} onChange={set('answer')} />}</Field>
        <Field id="f-public_answer" label={labels.public_answer} error={errors.public_answer}>{(a) => <textarea {...a} rows={3} value={f.public_answer} onChange={set('public_answer')} />}</Field>
        <button type="submit" className="btn btn-primary">{t('desk.change')}</button>
      </form>
      {others.length > 0 && q.status !== 'closed' && (
        <form onSubmit={merge}>
          <Field id="f-into" label={t('desk.merge')}>
            {(a) => <select {...a} value={into} onChange={(e) => setInto(e.target.value)}><option value="" />{others.map((o) => <option key={o.id} value={o.id}>{o.reference} · {o.title}</option>)}</select>}
          </Field>
          <button type="submit" className="btn" disabled={!into}>{t('desk.mergeButton')}</button>
        </form>
      )}
    </section>
  );
}
