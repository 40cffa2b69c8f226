// What the caller can do with a consult now, by role and status. The server decides (and
// answers 403/409 otherwise); this only offers the plausible actions. Each action is a small
// form that opens in place; the primary one for the status is open from the start.
import { useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, newIdempotencyKey } from '../api/client';
import type { Consult, OutcomeResult, Service } from '../api/types';
import { Alert, Field, errorMessage, useAnnounce } from '../components/ui';
import { useI18n } from '../i18n/i18n';
import { Link } from '../router';
import { useUser } from '../session';

type ActionId = 'accept' | 'assign' | 'answer' | 'request-info' | 'redirect' | 'reply' | 'follow-question' | 'note' | 'close' | 'cancel' | 'follow-up';

const OPEN = ['submitted', 'accepted', 'awaiting_gp'];
const DAY = 86_400_000;

export function availableActions(c: Consult, role: string, userId: string, now = Date.now()): ActionId[] {
  const a: ActionId[] = [];
  if (role === 'gp') {
    if (c.status === 'awaiting_gp') a.push('reply');
    if (c.status === 'answered') a.push('close', 'follow-question');
    if (c.status === 'closed' && c.outcome?.result === 'treated_by_gp' && !c.follow_up && c.closed_at &&
        now - new Date(c.closed_at).getTime() >= 90 * DAY) a.push('follow-up');
    if (['draft', ...OPEN].includes(c.status)) a.push('cancel');
  } else if (role === 'assistant') {
    if (c.status === 'draft' && c.requester_id !== userId) a.push('cancel');
  } else if (role === 'consultant') {
    const mine = !c.assignee_id || c.assignee_id === userId;
    if (c.status === 'submitted' && !c.assignee_id) a.push('accept');
    if (['submitted', 'accepted'].includes(c.status) && mine) a.push('answer', 'request-info');
    if (OPEN.includes(c.status)) a.push('redirect');
    if (['accepted', 'awaiting_gp', 'answered'].includes(c.status)) a.push('note');
  } else if (role === 'coordinator') {
    if (['submitted', 'accepted'].includes(c.status)) a.push('assign');
    if (OPEN.includes(c.status)) a.push('redirect');
  }
  return a;
}

// The action the status asks for, opened from the start.
function primaryAction(actions: ActionId[]): ActionId | null {
  return actions.find((a) => ['reply', 'close', 'answer', 'follow-up'].includes(a)) ?? null;
}

export function Actions({ consult: c, services, onChanged }: { consult: Consult; services: Service[]; onChanged: (c: Consult) => void }) {
  const { t } = useI18n();
  const user = useUser();
  const actions = availableActions(c, user.role, user.id);
  const [openId, setOpenId] = useState<ActionId | null>(primaryAction(actions));
  const post = async (path: string, body: unknown) => {
    const next = await api.post<Consult>(`/consults/${c.id}/${path}`, body, { idempotencyKey: newIdempotencyKey() });
    onChanged(next);
    // What comes next is open at once (after claiming: the answer form).
    setOpenId(primaryAction(availableActions(next, user.role, user.id)));
  };
  const gpSide = user.role === 'gp' || user.role === 'assistant';
  const panel = (id: ActionId, label: string, body: ReactNode, kind: 'primary' | 'normal' | 'danger' = 'normal') =>
    actions.includes(id) && (
      <div className={`action ${openId === id ? 'open' : ''}`} key={id}>
        <button type="button" className={`btn btn-block ${kind === 'primary' ? 'btn-primary' : kind === 'danger' ? 'btn-danger-quiet' : ''}`}
          aria-expanded={openId === id} aria-controls={`action-${id}`} onClick={() => setOpenId(openId === id ? null : id)}>
          {label}
        </button>
        {openId === id && <div id={`action-${id}`} className="action-body">{body}</div>}
      </div>
    );

  return (
    <div className="actions">
      {c.status === 'draft' && user.role === 'gp' && (
        <Link to={`/consults/${c.id}/edit`} className="btn btn-primary btn-block">{t('consult.completeDraft')}</Link>
      )}
      {actions.includes('accept') && <AcceptButton onAccept={() => post('accept', {})} />}
      {panel('assign', t('action.assign'), <AssignForm consult={c} services={services} post={post} />, 'primary')}
      {panel('answer', t('action.answer'), <AnswerForm post={post} />, 'primary')}
      {panel('reply', t('action.reply'), <TextForm field="text" label={t('action.replyText')} submit={t('action.send')} onSubmit={(text) => post('messages', { text })} />, 'primary')}
      {panel('close', t('action.close'), <CloseForm post={post} />, 'primary')}
      {panel('follow-up', t('action.followUpCheck'), <FollowUpForm post={post} />, 'primary')}
      {panel('follow-question', t('action.followUp'), <TextForm field="text" label={t('action.followUpText')} submit={t('action.send')} onSubmit={(text) => post('messages', { text })} />)}
      {panel('request-info', t('action.requestInfo'), <TextForm field="text" label={t('action.requestInfoText')} submit={t('action.sendRequest')} onSubmit={(text) => post('request-info', { text })} />)}
      {panel('note', t('action.note'), <TextForm field="text" label={t('action.noteText')} submit={t('action.send')} onSubmit={(text) => post('messages', { text })} />)}
      {panel('redirect', t('action.redirect'), <RedirectForm consult={c} services={services} post={post} />)}
      {panel('cancel', t('action.cancel'), <TextForm field="reason" label={t('action.cancelReason')} submit={t('action.sendCancel')} optional onSubmit={(reason) => post('cancel', reason ? { reason } : {})} danger />, 'danger')}
      {gpSide && c.status !== 'draft' && <CopyToHis consult={c} />}
      {actions.length === 0 && !(c.status === 'draft' && user.role === 'gp') && !gpSide && <p className="muted small">—</p>}
    </div>
  );
}

// Runs an action, showing field errors next to fields and anything else above the button.
function useSubmit() {
  const { t } = useI18n();
  const announce = useAnnounce();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const run = async (f: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setFields({});
    try {
      await f();
      announce(t('action.done'));
    } catch (e) {
      if (e instanceof ApiError && e.errors.length) setFields(e.fieldErrors());
      setError(errorMessage(e, t));
      setBusy(false);
    }
  };
  return { busy, error, fields, run };
}

type Post = (path: string, body: unknown) => Promise<void>;

function AcceptButton({ onAccept }: { onAccept: () => Promise<void> }) {
  const { t } = useI18n();
  const s = useSubmit();
  return (
    <div className="action">
      {s.error && <Alert>{s.error}</Alert>}
      <button type="button" className="btn btn-primary btn-block" disabled={s.busy} onClick={() => void s.run(onAccept)}>{t('action.accept')}</button>
    </div>
  );
}

function TextForm(props: { field: string; label: string; submit: string; optional?: boolean; danger?: boolean; onSubmit: (text: string) => Promise<void> }) {
  const [text, setText] = useState('');
  const s = useSubmit();
  const id = `af-${props.field}-${props.submit.replace(/\W/g, '')}`;
  return (
    <form noValidate onSubmit={(e: FormEvent) => { e.preventDefault(); if (props.optional || text.trim()) void s.run(() => props.onSubmit(text.trim())); }}>
      {s.error && !s.fields[props.field] && <Alert>{s.error}</Alert>}
      <Field id={id} label={props.label} error={s.fields[props.field]} required={!props.optional}>
        {(a) => <textarea {...a} rows={4} value={text} onChange={(e) => setText(e.target.value)} />}
      </Field>
      <button type="submit" className={`btn ${props.danger ? 'btn-danger' : 'btn-primary'}`} disabled={s.busy || (!props.optional && !text.trim())}>{props.submit}</button>
    </form>
  );
}

function AnswerForm({ post }: { post: Post }) {
  const { t } = useI18n();
  const [advice, setAdvice] = useState('');
  const [referral, setReferral] = useState(false);
  const [minutes, setMinutes] = useState('10');
  const s = useSubmit();
  return (
    <form noValidate onSubmit={(e) => { e.preventDefault(); void s.run(() => post('answer', { advice, referral_advised: referral, minutes_spent: Number(minutes) })); }}>
      {s.error && <Alert>{s.error}</Alert>}
      <Field id="af-advice" label={t('action.advice')} error={s.fields.advice} required>
        {(a) => <textarea {...a} rows={8} value={advice} onChange={(e) => setAdvice(e.target.value)} />}
      </Field>
      <div className="field check">
        <input type="checkbox" id="af-referral" checked={referral} onChange={(e) => setReferral(e.target.checked)} />
        <label htmlFor="af-referral">{t('action.referralAdvised')}</label>
      </div>
      <Field id="af-minutes" label={t('action.minutes')} error={s.fields.minutes_spent} required>
        {(a) => <input {...a} type="number" min={1} max={600} inputMode="numeric" className="input-short" value={minutes} onChange={(e) => setMinutes(e.target.value)} />}
      </Field>
      <button type="submit" className="btn btn-primary" disabled={s.busy || !advice.trim()}>{t('action.sendAnswer')}</button>
    </form>
  );
}

function AssignForm({ consult, services, post }: { consult: Consult; services: Service[]; post: Post }) {
  const { t } = useI18n();
  const consultants = services.find((s) => s.id === consult.service_id)?.consultants ?? [];
  const [who, setWho] = useState(consult.assignee_id ?? '');
  const s = useSubmit();
  return (
    <form noValidate onSubmit={(e) => { e.preventDefault(); if (who) void s.run(() => post('accept', { assignee_id: who })); }}>
      {s.error && <Alert>{s.error}</Alert>}
      <Field id="af-assignee" label={t('action.assignTo')} error={s.fields.assignee_id} required>
        {(a) => (
          <select {...a} value={who} onChange={(e) => setWho(e.target.value)}>
            <option value="">—</option>
            {consultants.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
          </select>
        )}
      </Field>
      <button type="submit" className="btn btn-primary" disabled={s.busy || !who}>{t('action.assign')}</button>
    </form>
  );
}

function RedirectForm({ consult, services, post }: { consult: Consult; services: Service[]; post: Post }) {
  const { t } = useI18n();
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const s = useSubmit();
  const targets = services.filter((x) => x.active && x.id !== consult.service_id);
  return (
    <form noValidate onSubmit={(e) => { e.preventDefault(); if (to && reason.trim()) void s.run(() => post('redirect', { service_id: to, reason: reason.trim() })); }}>
      {s.error && <Alert>{s.error}</Alert>}
      <Field id="af-redirect-to" label={t('action.redirectService')} error={s.fields.service_id} required>
        {(a) => (
          <select {...a} value={to} onChange={(e) => setTo(e.target.value)}>
            <option value="">—</option>
            {targets.map((x) => <option key={x.id} value={x.id}>{x.name} · {x.organization_name}</option>)}
          </select>
        )}
      </Field>
      <Field id="af-redirect-reason" label={t('action.redirectReason')} error={s.fields.reason} required>
        {(a) => <textarea {...a} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <button type="submit" className="btn btn-primary" disabled={s.busy || !to || !reason.trim()}>{t('action.sendRedirect')}</button>
    </form>
  );
}

function CloseForm({ post }: { post: Post }) {
  const { t } = useI18n();
  const [result, setResult] = useState<OutcomeResult | ''>('');
  const [usefulness, setUsefulness] = useState(0);
  const [learned, setLearned] = useState(false);
  const [note, setNote] = useState('');
  const s = useSubmit();
  const ok = result && usefulness >= 1;
  return (
    <form noValidate onSubmit={(e) => {
      e.preventDefault();
      if (ok) void s.run(() => post('close', { result, usefulness, learned, ...(note.trim() ? { note: note.trim() } : {}) }));
    }}>
      {s.error && <Alert>{s.error}</Alert>}
      <fieldset className="radios">
        <legend>{t('action.result')}</legend>
        {(['treated_by_gp', 'referred', 'referred_elsewhere', 'other'] as const).map((r) => (
          <label key={r} className="radio">
            <input type="radio" name="result" value={r} checked={result === r} onChange={() => setResult(r)} />
            <span>{t(`result.${r}`)}</span>
          </label>
        ))}
      </fieldset>
      <fieldset className="radios">
        <legend>{t('action.usefulness')}</legend>
        <p className="hint">{t('action.usefulnessScale')}</p>
        <div className="scale">
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n} className="scale-item">
              <input type="radio" name="usefulness" value={n} checked={usefulness === n} onChange={() => setUsefulness(n)} />
              <span>{n}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="field check">
        <input type="checkbox" id="af-learned" checked={learned} onChange={(e) => setLearned(e.target.checked)} />
        <label htmlFor="af-learned">{t('action.learned')}</label>
      </div>
      <Field id="af-note" label={t('action.closeNote')} error={s.fields.note}>
        {(a) => <textarea {...a} rows={3} value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      <button type="submit" className="btn btn-primary" disabled={s.busy || !ok}>{t('action.sendClose')}</button>
    </form>
  );
}

function FollowUpForm({ post }: { post: Post }) {
  const { t } = useI18n();
  const [value, setValue] = useState<'' | 'yes' | 'no'>('');
  const s = useSubmit();
  return (
    <form noValidate onSubmit={(e) => { e.preventDefault(); if (value) void s.run(() => post('follow-up', { referred_within_90d: value === 'yes' })); }}>
      {s.error && <Alert>{s.error}</Alert>}
      <fieldset className="radios">
        <legend>{t('action.referredWithin90d')}</legend>
        {(['yes', 'no'] as const).map((v) => (
          <label key={v} className="radio">
            <input type="radio" name="fu" value={v} checked={value === v} onChange={() => setValue(v)} />
            <span>{t(`action.${v}`)}</span>
          </label>
        ))}
      </fieldset>
      <button type="submit" className="btn btn-primary" disabled={s.busy || !value}>{t('action.save')}</button>
    </form>
  );
}

// "Kopieer naar HIS": the SOEP summary as plain text on the clipboard; where the clipboard
// is not available (plain http on a LAN), the text is shown selected to copy by hand.
function CopyToHis({ consult }: { consult: Consult }) {
  const { t } = useI18n();
  const announce = useAnnounce();
  const [fallback, setFallback] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function copy() {
    setError(null);
    let text: string;
    try {
      text = await api.get<string>(`/consults/${consult.id}/summary`, { accept: 'text/plain' });
    } catch (e) {
      setError(errorMessage(e, t));
      return;
    }
    try {
      await navigator.clipboard.writeText(text);
      setFallback(null);
      announce(t('consult.copied'));
    } catch {
      setFallback(text);
      announce(t('consult.copyFailed'));
    }
  }
  return (
    <div className="action">
      <button type="button" className="btn btn-block" onClick={() => void copy()}>{t('consult.copyHis')}</button>
      {error && <Alert>{error}</Alert>}
      {fallback !== null && (
        <>
          <p className="small">{t('consult.copyFailed')}</p>
          <textarea readOnly rows={10} value={fallback} aria-label={t('consult.copyHis')} ref={(el) => el?.select()} />
        </>
      )}
    </div>
  );
}
