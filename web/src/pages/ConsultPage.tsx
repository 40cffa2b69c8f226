// One consult: header, the question, attachments, the timeline of messages and events, and
// the actions the caller may take in this status. Refetched live when it changes elsewhere.
import { useCallback, useEffect, useState, type ReactElement } from 'react';
import { api, ApiError } from '../api/client';
import type { Consult, IntakeForm, Page, Service } from '../api/types';
import { AttachmentLinks, FileList, FilePicker, useUploads } from '../components/Files';
import { Alert, Flash, Loading, PageHeading, StatusBadge, errorMessage, useAnnounce } from '../components/ui';
import { useI18n } from '../i18n/i18n';
import { useLive } from '../live';
import { ageInYears, formatBsn, formatDate, formatDateTime, formatRelative } from '../lib/format';
import { intakeLabel } from '../lib/intake';
import { markSeen } from '../lib/seen';
import { specialtyName } from '../lib/specialty';
import { Link, usePageTitle } from '../router';
import { RebookDraft } from './Sessions';
import { useUser } from '../session';
import { Actions } from './ConsultActions';
import { TeachingConsentPanel } from './TeachingConsent';

export default function ConsultPage({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const user = useUser();
  const announce = useAnnounce();
  const [consult, setConsult] = useState<Consult | null>(null);
  const [state, setState] = useState<'loading' | 'ok' | 'notfound' | 'error'>('loading');
  const [error, setError] = useState('');
  const [services, setServices] = useState<Service[]>([]);
  usePageTitle(consult ? consult.reference : state === 'notfound' ? t('consult.notFound') : '');

  const show = useCallback(
    (c: Consult) => {
      setConsult(c);
      setState('ok');
      markSeen(user.id, c);
    },
    [user.id],
  );

  const load = useCallback(async () => {
    try {
      show(await api.get<Consult>('/consults/' + encodeURIComponent(id)));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) setState('notfound');
      else {
        setError(errorMessage(e, t));
        setState('error');
      }
    }
  }, [id, show, t]);

  useEffect(() => {
    setState('loading');
    void load();
  }, [load]);

  const hasIntake = Object.keys(consult?.intake ?? {}).length > 0;
  useEffect(() => {
    // Redirect targets, the coordinator's consultants and the intake questions' labels come
    // from the directory.
    if (user.role === 'consultant' || user.role === 'coordinator' || hasIntake)
      api.get<Page<Service>>('/services').then((p) => setServices(p.items), () => {});
  }, [user.role, hasIntake]);

  useLive((e) => {
    if (e.type === 'reload' || (e.data.consult_id === id && (!consult || e.data.version > consult.version))) {
      void load().then(() => e.type === 'changed' && announce(t('consult.changedElsewhere')));
    }
  });

  if (state === 'loading') return <Loading />;
  if (state === 'notfound')
    return (
      <div className="notfound">
        <PageHeading>{t('consult.notFound')}</PageHeading>
        <p>{t('consult.notFoundText')}</p>
        <Link to="/" className="btn">{t('app.home')}</Link>
      </div>
    );
  if (state === 'error' || !consult) return <Alert>{t('app.error', { message: error })}</Alert>;

  const c = consult;
  const p = c.patient;
  const age = ageInYears(p.birth_date);
  const open = ['submitted', 'accepted', 'awaiting_gp'].includes(c.status);
  return (
    <article className="thread" data-status={c.status} data-testid="consult">
      <Flash />
      <header className="thread-head">
        <div className="thread-title">
          <PageHeading>
            {p.name || formatBsn(p.bsn)}
            <span className="sr-only"> — </span>
            <span className="ref">{c.reference}</span>
          </PageHeading>
          <p className="patient-line">
            {age !== null && <span>{t('list.age', { age })}</span>}
            {p.sex !== 'unknown' && <span>{t(`sex.${p.sex}`)}</span>}
            {p.birth_date && <span>{formatDate(p.birth_date, lang)}</span>}
            <span>BSN {formatBsn(p.bsn)}</span>
            {p.postcode && <span>{p.postcode}</span>}
          </p>
        </div>
        <div className="thread-status">
          {c.urgency === 'soon' && <span className="badge badge-urgent">{t('urgency.soon')}</span>}
          <StatusBadge status={c.status} />
        </div>
      </header>
      <dl className="facts">
        <div><dt>{t('consult.service')}</dt><dd>{c.service.name} · {c.service.organization_name}{specialtyName(c.service.specialty, lang).toLowerCase() !== c.service.name.toLowerCase() && <span className="muted"> ({specialtyName(c.service.specialty, lang)})</span>}</dd></div>
        <div><dt>{t('consult.requester')}</dt><dd>{c.requester.name} · {c.practice_name}</dd></div>
        {c.modality === 'on_site' && (
          <div><dt>{t('nav.sessions')}</dt><dd data-testid="consult-session">
            {c.session_id ? <Link to={'/spreekuren/' + encodeURIComponent(c.session_id)}>{t('sessions.slot', { n: c.slot ?? 0 })}</Link> : t('sessions.notBooked')}
          </dd></div>
        )}
        {c.status !== 'draft' && <div><dt>{t('consult.assignee')}</dt><dd>{c.assignee_name || <span className="muted">{t('consult.unassigned')}</span>}</dd></div>}
        {c.submitted_at && <div><dt>{t('consult.submitted')}</dt><dd>{formatDateTime(c.submitted_at, lang)}</dd></div>}
        {c.due_at && open && (
          <div className={c.overdue ? 'due-over' : ''}>
            <dt>{t('consult.due')}</dt>
            <dd>{formatDateTime(c.due_at, lang)} ({c.overdue ? t('list.overdueSince', { when: formatRelative(c.due_at, lang) }) : formatRelative(c.due_at, lang)})</dd>
          </div>
        )}
      </dl>
      {c.modality === 'on_site' && c.status === 'draft' && !c.session_id && user.role === 'gp' && <RebookDraft consult={c} onBooked={show} />}
      {c.status === 'draft' && <Alert kind="info">{t('consult.draftNote')}</Alert>}

      <div className="thread-body">
        <div className="thread-main">
          <section aria-labelledby="q-heading" className="card">
            <h2 id="q-heading">{t('consult.question')}</h2>
            <p className="prose">{c.question}</p>
            {c.clinical_context && (<><h3>{t('consult.clinicalContext')}</h3><p className="prose">{c.clinical_context}</p></>)}
            {c.patient_narrative && (<><h3>{t('consult.narrative')}</h3><blockquote className="prose">{c.patient_narrative}</blockquote></>)}
            <IntakeValues values={c.intake ?? {}} form={services.find((s) => s.id === c.service_id)?.intake} />
            <p className="small muted">
              {c.intended_referral && <>{t('consult.intendedReferral')}: <strong>{t(`referral.${c.intended_referral}`)}</strong></>}
            </p>
          </section>

          <Attachments consult={c} onAdded={load} />

          {c.answer && (
            <section aria-labelledby="a-heading" className="card answer">
              <h2 id="a-heading">{t('consult.answer')}</h2>
              <p className="prose">{c.answer.advice}</p>
              <p className="small">
                <strong>{c.answer.referral_advised ? t('consult.referralAdvised') : t('consult.noReferral')}</strong>
                {user.role !== 'gp' && user.role !== 'assistant' && <> · {t('consult.minutes', { minutes: c.minutes_spent_total })}</>}
              </p>
            </section>
          )}
          {c.outcome && (
            <section aria-labelledby="o-heading" className="card">
              <h2 id="o-heading">{t('consult.outcome')}</h2>
              <p>{t(`result.${c.outcome.result}`)} · {t('consult.usefulness', { n: c.outcome.usefulness })}{c.outcome.learned ? ' · ' + t('consult.learned') : ''}</p>
              {c.outcome.note && <p className="prose">{c.outcome.note}</p>}
            </section>
          )}
          <TeachingConsentPanel consult={c} />
          <Timeline consult={c} />
        </div>
        <aside className="thread-side" aria-labelledby="actions-heading">
          <h2 id="actions-heading">{t('consult.actions')}</h2>
          <Actions consult={c} services={services} onChanged={show} />
        </aside>
      </div>
    </article>
  );
}

function Attachments({ consult, onAdded }: { consult: Consult; onAdded: () => Promise<void> }) {
  const { t } = useI18n();
  const user = useUser();
  const uploads = useUploads();
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const canAdd = (user.role === 'gp' || user.role === 'assistant') && !['closed', 'cancelled'].includes(consult.status);
  async function add(files: File[]) {
    setProblems(uploads.add(files));
    setBusy(true);
    await uploads.uploadAll(consult.id);
    await onAdded();
    setBusy(false);
  }
  return (
    <section aria-labelledby="att-heading" className="card">
      <h2 id="att-heading">{t('consult.attachments')} <span className="muted">({consult.attachments.length})</span></h2>
      {consult.attachments.length === 0 && <p className="muted">{t('consult.noAttachments')}</p>}
      <AttachmentLinks items={consult.attachments.map((a) => ({ ...a, name: a.filename }))} />
      {canAdd && (
        <div className="add-attachment">
          <h3 className="small-heading">{t('consult.addAttachment')}</h3>
          <FilePicker disabled={busy} onFiles={(f) => void add(f)} />
          {problems.map((p) => <p key={p} className="error-text" role="alert">{p}</p>)}
          <FileList files={uploads.files.filter((f) => f.state !== 'done' || busy)} />
        </div>
      )}
    </section>
  );
}

type Entry = { at: string; key: string; kind: 'message' | 'event'; rank: number; node: ReactElement };

// Within one transaction (the same instant) the events happened in this order; messages come
// right after the event that carried them.
const RANK: Record<string, number> = {
  created: 0, submitted: 1, redirected: 2, attachment_added: 3, accepted: 4, assigned: 4, info_requested: 5,
  info_provided: 6, follow_up_question: 6, answered: 7, closed: 8, cancelled: 8, follow_up_recorded: 9,
};

function Timeline({ consult }: { consult: Consult }) {
  const { t, lang } = useI18n();
  const entries: Entry[] = [];
  const opening = consult.messages.find((m) => m.kind === 'question' && m.text === consult.question);
  for (const m of consult.messages) {
    if (m === opening) continue; // the question itself is shown above
    entries.push({
      at: m.at, key: m.id, kind: 'message', rank: 50,
      node: (
        <div className={`msg msg-${m.kind}`}>
          <div className="msg-head">
            <strong>{t(`kind.${m.kind}`)}</strong> · {m.author_name} · <time dateTime={m.at}>{formatDateTime(m.at, lang)}</time>
          </div>
          <p className="prose">{m.text}</p>
        </div>
      ),
    });
  }
  for (const e of consult.events) {
    if (e.type === 'message') continue; // shown as the message itself
    const key = `consult.event.${e.type}` as Parameters<typeof t>[0];
    const label = t(key) === key ? e.type : t(key);
    entries.push({
      at: e.at, key: e.id, kind: 'event', rank: RANK[e.type] ?? 20,
      node: (
        <div className="event">
          <time dateTime={e.at}>{formatDateTime(e.at, lang)}</time> — {label} {t('consult.by', { name: e.actor_name })}
          {e.type === 'redirected' && e.detail ? `: ${e.detail}` : ''}
          {e.type === 'cancelled' && e.detail ? `: ${e.detail}` : ''}
        </div>
      ),
    });
  }
  entries.sort((a, b) => a.at.localeCompare(b.at) || a.rank - b.rank);
  return (
    <section aria-labelledby="tl-heading" className="card">
      <h2 id="tl-heading">{t('consult.timeline')}</h2>
      <ol className="timeline" data-testid="timeline">
        {entries.map((e) => <li key={e.key} className={`tl-${e.kind}`}>{e.node}</li>)}
      </ol>
    </section>
  );
}

// The answers to the service's intake questions, in the form's order; a value whose question
// the (current) service no longer has is shown under its key.
function IntakeValues({ values, form }: { values: Record<string, string>; form?: IntakeForm }) {
  const { t, lang } = useI18n();
  const keys = Object.keys(values);
  if (!keys.length) return null;
  const fields = form?.fields ?? [];
  const ordered = [...fields.filter((f) => f.key in values).map((f) => f.key), ...keys.filter((k) => !fields.some((f) => f.key === k))];
  const label = (k: string) => {
    const f = fields.find((x) => x.key === k);
    return f ? intakeLabel(f, lang) : k;
  };
  return (
    <>
      <h3>{t('consult.intake')}</h3>
      <dl className="facts facts-compact intake-values">
        {ordered.map((k) => <div key={k}><dt>{label(k)}</dt><dd>{values[k]}</dd></div>)}
      </dl>
    </>
  );
}
