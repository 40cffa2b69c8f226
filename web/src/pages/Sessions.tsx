// On-site sessions (meekijkspreekuur): the calendar of the sessions the caller may see
// (/spreekuren), planning one (coordinators, consultants), and a session (/spreekuren/{id}) with
// its slots — GPs book a patient into a free slot (each booking is an on-site consult); the
// coordinator or consultant moves or cancels it.
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, newIdempotencyKey, query } from '../api/client';
import type { Consult, OnsiteSession, Organization, Service, Sex, IntendedReferral } from '../api/types';
import { Alert, ErrorSummary, Field, Flash, Loading, PageHeading, StatusBadge, errorMessage, setFlash } from '../components/ui';
import { useI18n, type T } from '../i18n/i18n';
import { formatDate } from '../lib/format';
import { Link, navigate, usePageTitle } from '../router';
import { useSession } from '../session';

interface Page<I> { items: I[] }

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

// The calendar's weeks: sessions grouped by date, in order.
export function byDate(sessions: OnsiteSession[]): [string, OnsiteSession[]][] {
  const out = new Map<string, OnsiteSession[]>();
  for (const s of sessions) out.set(s.date, [...(out.get(s.date) ?? []), s]);
  return [...out.entries()].sort(([a], [b]) => a.localeCompare(b));
}

function When({ s }: { s: OnsiteSession }) {
  const { t, lang } = useI18n();
  return <>{t('sessions.when', { date: formatDate(s.date, lang), start: s.start, end: s.end })}</>;
}

export default function SessionCalendar() {
  const { t, lang } = useI18n();
  const { user } = useSession();
  const [items, setItems] = useState<OnsiteSession[] | null>(null);
  const [error, setError] = useState('');
  const [planning, setPlanning] = useState(false);
  usePageTitle(t('sessions.title'));
  const load = () => {
    const now = Date.now();
    const from = isoDay(new Date(now - 30 * 86400000)), to = isoDay(new Date(now + 120 * 86400000));
    api.get<Page<OnsiteSession>>('/sessions' + query({ from, to })).then((p) => setItems(p.items), (e) => setError(errorMessage(e, t)));
  };
  useEffect(load, [t]);
  const canPlan = user?.role === 'coordinator' || user?.role === 'consultant';
  return (
    <>
      <PageHeading>{t('sessions.title')}</PageHeading>
      <p className="intro">{t('sessions.intro')}</p>
      <Flash />
      {canPlan && !planning && <p><button type="button" className="btn" onClick={() => setPlanning(true)}>{t('sessions.new')}</button></p>}
      {canPlan && planning && <PlanSession onDone={() => { setPlanning(false); load(); }} />}
      {error && <Alert>{t('app.error', { message: error })}</Alert>}
      {!items && !error && <Loading />}
      {items && items.length === 0 && <p className="muted">{t('sessions.none')}</p>}
      {items && byDate(items).map(([date, day]) => (
        <section key={date} className="card" aria-labelledby={'d-' + date}>
          <h2 id={'d-' + date}>{formatDate(date, lang)}</h2>
          <ul className="plain" data-testid="session-list">
            {day.map((s) => (
              <li key={s.id} data-session-id={s.id}>
                <Link to={'/spreekuren/' + encodeURIComponent(s.id)}><strong>{s.start}–{s.end} · {s.service_name}</strong></Link>
                <div className="muted small">
                  {s.location_name} · {s.consultant_name} · {s.status === 'cancelled' ? t('sessions.cancelled') : t('sessions.slotsFree', { free: s.free, slots: s.slots })}
                </div>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}

function PlanSession({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const { user } = useSession();
  const [services, setServices] = useState<Service[]>([]);
  const [orgs, setOrgs] = useState<Organization[]>([]);
  const [form, setForm] = useState({ service_id: '', consultant_id: '', location_id: '', date: '', start: '09:00', end: '12:00', slots: '6' });
  const [openTo, setOpenTo] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState('');
  useEffect(() => {
    api.get<Page<Service>>('/services').then((p) => setServices(p.items.filter((s) => s.modalities.includes('on_site') &&
      (user?.role === 'consultant' ? user.services.includes(s.id) : s.organization_id === user?.organization_id))), (e) => setError(errorMessage(e, t)));
    api.get<Page<Organization>>('/organizations').then((p) => setOrgs(p.items), (e) => setError(errorMessage(e, t)));
  }, [t, user]);
  const service = services.find((s) => s.id === form.service_id);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    const body = { ...form, slots: Number(form.slots), open_to: openTo, consultant_id: form.consultant_id || undefined };
    api.post<OnsiteSession>('/sessions', body).then(() => { setFlash(t('sessions.created')); onDone(); }, (err) => {
      if (err instanceof ApiError && err.errors.length) setErrors(err.fieldErrors());
      else setError(errorMessage(err, t));
    });
  };
  const labels: Record<string, string> = {
    service_id: t('sessions.service'), consultant_id: t('sessions.consultant'), location_id: t('sessions.where'), date: t('sessions.date'),
    start: t('sessions.start'), end: t('sessions.end'), slots: t('sessions.slots'), open_to: t('sessions.openTo'),
  };
  return (
    <form className="card" onSubmit={submit} aria-label={t('sessions.plan')} noValidate>
      <h2>{t('sessions.plan')}</h2>
      <ErrorSummary errors={errors} labels={labels} title={t('app.error', { message: '' })} />
      {error && <Alert>{error}</Alert>}
      <Field id="f-service_id" label={labels.service_id} error={errors.service_id} required>
        {(a) => <select {...a} value={form.service_id} onChange={set('service_id')}><option value="" />{services.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}</select>}
      </Field>
      {user?.role === 'coordinator' && (
        <Field id="f-consultant_id" label={labels.consultant_id} error={errors.consultant_id} required>
          {(a) => <select {...a} value={form.consultant_id} onChange={set('consultant_id')}><option value="" />{(service?.consultants ?? []).map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}</select>}
        </Field>
      )}
      <Field id="f-location_id" label={labels.location_id} error={errors.location_id} required>
        {(a) => <select {...a} value={form.location_id} onChange={set('location_id')}><option value="" />{orgs.filter((o) => o.type === 'gp_practice' || o.type === 'health_centre').map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}</select>}
      </Field>
      <Field id="f-date" label={labels.date} error={errors.date} required>{(a) => <input {...a} type="date" value={form.date} onChange={set('date')} />}</Field>
      <Field id="f-start" label={labels.start} error={errors.start} required>{(a) => <input {...a} type="time" value={form.start} onChange={set('start')} />}</Field>
      <Field id="f-end" label={labels.end} error={errors.end} required>{(a) => <input {...a} type="time" value={form.end} onChange={set('end')} />}</Field>
      <Field id="f-slots" label={labels.slots} error={errors.slots} required>{(a) => <input {...a} type="number" min={1} max={60} value={form.slots} onChange={set('slots')} />}</Field>
      <Field id="f-open_to" label={labels.open_to} hint={t('sessions.openToHint')} error={errors.open_to} required>
        {(a) => (
          <select {...a} multiple value={openTo} onChange={(e) => setOpenTo(Array.from(e.target.selectedOptions, (o) => o.value))}>
            {orgs.filter((o) => o.type === 'gp_practice' || o.type === 'care_group').map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
          </select>
        )}
      </Field>
      <button type="submit" className="btn btn-primary">{t('sessions.plan')}</button>{' '}
      <button type="button" className="btn btn-quiet" onClick={onDone}>{t('services.cancel')}</button>
    </form>
  );
}

export function SessionView({ id }: { id: string }) {
  const { t } = useI18n();
  const [s, setS] = useState<OnsiteSession | null>(null);
  const [state, setState] = useState<'loading' | 'ok' | 'notfound' | 'error'>('loading');
  const [error, setError] = useState('');
  usePageTitle(s ? s.service_name : t('sessions.title'));
  const load = () => api.get<OnsiteSession>('/sessions/' + encodeURIComponent(id)).then(
    (x) => { setS(x); setState('ok'); },
    (e) => { if (e instanceof ApiError && e.status === 404) setState('notfound'); else { setError(errorMessage(e, t)); setState('error'); } },
  );
  useEffect(() => { void load(); }, [id, t]);
  const back = <p><Link to="/spreekuren">{t('sessions.back')}</Link></p>;
  if (state === 'loading') return <Loading />;
  if (state === 'notfound') return <>{back}<PageHeading>{t('sessions.notFound')}</PageHeading></>;
  if (state === 'error' || !s) return <>{back}<Alert>{t('app.error', { message: error })}</Alert></>;
  return (
    <article data-testid="session">
      {back}
      <PageHeading>{s.service_name} · <When s={s} /></PageHeading>
      <Flash />
      <p className="muted">
        {t('sessions.where')}: {s.location_name} · {t('sessions.consultant')}: {s.consultant_name} ·{' '}
        {s.status === 'cancelled' ? t('sessions.cancelled') : t('sessions.slotsFree', { free: s.free, slots: s.slots })}
      </p>
      <section className="card" aria-labelledby="slots-h">
        <h2 id="slots-h">{t('sessions.slots')}</h2>
        <ol className="plain slots" data-testid="slots">
          {(s.slot_list ?? []).map((x) => (
            <li key={x.slot}>
              {t('sessions.slot', { n: x.slot })}:{' '}
              {!x.booked && <span className="muted">{t('sessions.free')}</span>}
              {x.booked && !x.consult_id && <span>{t('sessions.taken')}</span>}
              {x.consult_id && <><Link to={'/consults/' + encodeURIComponent(x.consult_id)}>{x.reference}</Link> {x.patient_name} {x.status && <StatusBadge status={x.status} />}</>}
            </li>
          ))}
        </ol>
      </section>
      {s.can_book && <BookPatient s={s} />}
      {s.can_manage && s.status === 'planned' && <ManageSession s={s} onChanged={() => void load()} />}
    </article>
  );
}

function BookPatient({ s }: { s: OnsiteSession }) {
  const { t } = useI18n();
  const [f, setF] = useState({ slot: '', bsn: '', name: '', birth_date: '', sex: 'unknown' as Sex, postcode: '', question: '', intended_referral: '' as IntendedReferral | '', patient_informed: false });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState('');
  const [key] = useState(newIdempotencyKey);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const free = (s.slot_list ?? []).filter((x) => !x.booked).map((x) => x.slot);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    const body = {
      slot: f.slot ? Number(f.slot) : undefined, question: f.question, intended_referral: f.intended_referral || undefined,
      patient_informed: f.patient_informed, urgency: 'routine',
      patient: { bsn: f.bsn, name: f.name, birth_date: f.birth_date || undefined, sex: f.sex, postcode: f.postcode },
    };
    api.post<Consult>('/sessions/' + encodeURIComponent(s.id) + '/bookings', body, { idempotencyKey: key }).then(
      (c) => { setFlash(t('sessions.booked')); navigate('/consults/' + encodeURIComponent(c.id)); },
      (err) => { if (err instanceof ApiError && err.errors.length) setErrors(err.fieldErrors()); else setError(errorMessage(err, t)); },
    );
  };
  const labels = bookingLabels(t);
  return (
    <form className="card" onSubmit={submit} aria-label={t('sessions.book')} noValidate>
      <h2>{t('sessions.book')}</h2>
      <ErrorSummary errors={errors} labels={labels} title={t('app.error', { message: '' })} />
      {error && <Alert>{error}</Alert>}
      <Field id="f-slot" label={labels.slot} error={errors.slot}>
        {(a) => <select {...a} value={f.slot} onChange={set('slot')}><option value="">{t('sessions.firstFree')}</option>{free.map((n) => <option key={n} value={n}>{t('sessions.slot', { n })}</option>)}</select>}
      </Field>
      <Field id="f-patient-bsn" label={labels['patient.bsn']} error={errors['patient.bsn']} required>{(a) => <input {...a} value={f.bsn} onChange={set('bsn')} inputMode="numeric" />}</Field>
      <Field id="f-patient-name" label={labels['patient.name']} error={errors['patient.name']} required>{(a) => <input {...a} value={f.name} onChange={set('name')} />}</Field>
      <Field id="f-patient-birth_date" label={labels['patient.birth_date']} error={errors['patient.birth_date']} required>{(a) => <input {...a} type="date" value={f.birth_date} onChange={set('birth_date')} />}</Field>
      <Field id="f-patient-postcode" label={labels['patient.postcode']} error={errors['patient.postcode']} required>{(a) => <input {...a} value={f.postcode} onChange={set('postcode')} />}</Field>
      <Field id="f-question" label={labels.question} error={errors.question} required>{(a) => <textarea {...a} rows={3} value={f.question} onChange={set('question')} />}</Field>
      <Field id="f-intended_referral" label={labels.intended_referral} error={errors.intended_referral} required>
        {(a) => (
          <select {...a} value={f.intended_referral} onChange={set('intended_referral')}>
            <option value="" />
            {(['yes', 'no', 'unsure'] as const).map((v) => <option key={v} value={v}>{t(`referral.${v}`)}</option>)}
          </select>
        )}
      </Field>
      <div className={`field ${errors.patient_informed ? 'field-error' : ''}`}>
        {errors.patient_informed && <p className="error-text">{errors.patient_informed}</p>}
        <label><input id="f-patient_informed" type="checkbox" checked={f.patient_informed} onChange={(e) => setF({ ...f, patient_informed: e.target.checked })} /> {labels.patient_informed}</label>
      </div>
      <button type="submit" className="btn btn-primary">{t('sessions.book')}</button>
    </form>
  );
}

function bookingLabels(t: T): Record<string, string> {
  return {
    slot: t('sessions.bookSlot'), 'patient.bsn': t('wizard.bsn'), 'patient.name': t('wizard.name'), 'patient.birth_date': t('wizard.birthDate'),
    'patient.postcode': t('wizard.postcode'), question: t('wizard.question'), intended_referral: t('wizard.intendedReferral'),
    patient_informed: t('wizard.patientInformed'),
  };
}

function ManageSession({ s, onChanged }: { s: OnsiteSession; onChanged: () => void }) {
  const { t } = useI18n();
  const [move, setMove] = useState({ date: s.date, start: s.start, end: s.end });
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const done = (msg: string) => () => { setFlash(msg); onChanged(); };
  const fail = (e: unknown) => setError(errorMessage(e, t));
  return (
    <section className="card" aria-labelledby="manage-h">
      <h2 id="manage-h">{t('sessions.move')}</h2>
      {error && <Alert>{error}</Alert>}
      <form onSubmit={(e) => { e.preventDefault(); api.patch('/sessions/' + encodeURIComponent(s.id), move).then(done(t('sessions.moveDone')), fail); }}>
        <Field id="m-date" label={t('sessions.date')}>{(a) => <input {...a} type="date" value={move.date} onChange={(e) => setMove({ ...move, date: e.target.value })} />}</Field>
        <Field id="m-start" label={t('sessions.start')}>{(a) => <input {...a} type="time" value={move.start} onChange={(e) => setMove({ ...move, start: e.target.value })} />}</Field>
        <Field id="m-end" label={t('sessions.end')}>{(a) => <input {...a} type="time" value={move.end} onChange={(e) => setMove({ ...move, end: e.target.value })} />}</Field>
        <button type="submit" className="btn">{t('sessions.move')}</button>
      </form>
      <h2>{t('sessions.cancel')}</h2>
      <p className="hint">{t('sessions.cancelHint')}</p>
      <form onSubmit={(e) => { e.preventDefault(); api.post('/sessions/' + encodeURIComponent(s.id) + '/cancel', { reason }).then(done(t('sessions.cancelDone')), fail); }}>
        <Field id="c-reason" label={t('sessions.cancelReason')}>{(a) => <input {...a} value={reason} onChange={(e) => setReason(e.target.value)} />}</Field>
        <button type="submit" className="btn btn-danger">{t('sessions.cancel')}</button>
      </form>
    </section>
  );
}

// An on-site draft that a cancelled session returned to the GP: book it into another session of
// its service (or cancel it with the consult's own actions).
export function RebookDraft({ consult, onBooked }: { consult: Consult; onBooked: (c: Consult) => void }) {
  const { t, lang } = useI18n();
  const [options, setOptions] = useState<OnsiteSession[]>([]);
  const [chosen, setChosen] = useState('');
  const [error, setError] = useState('');
  useEffect(() => {
    api.get<Page<OnsiteSession>>('/sessions' + query({ from: isoDay(new Date()) })).then(
      (p) => setOptions(p.items.filter((s) => s.can_book && s.free > 0 && s.service_id === consult.service_id)),
      (e) => setError(errorMessage(e, t)));
  }, [consult.service_id, t]);
  const book = (e: FormEvent) => {
    e.preventDefault();
    api.post<Consult>('/sessions/' + encodeURIComponent(chosen) + '/bookings', { consult_id: consult.id }).then(onBooked, (err) => setError(errorMessage(err, t)));
  };
  return (
    <form className="card" onSubmit={book} aria-label={t('sessions.book')}>
      {error && <Alert>{error}</Alert>}
      <Field id="rebook-session" label={t('nav.sessions')}>
        {(a) => (
          <select {...a} value={chosen} onChange={(e) => setChosen(e.target.value)}>
            <option value="" />
            {options.map((s) => <option key={s.id} value={s.id}>{formatDate(s.date, lang)} {s.start}–{s.end} · {s.location_name}</option>)}
          </select>
        )}
      </Field>
      <button type="submit" className="btn btn-primary" disabled={!chosen}>{t('sessions.book')}</button>
    </form>
  );
}
