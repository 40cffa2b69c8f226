// The teaching-case panel of a closed consult: the asking practice's GP and the consultant who
// gave the advice each agree (or withdraw) to publishing question and advice, without the
// patient's data, in the region's library, and choose the attachments they include; only those
// both include are shared. Hidden for everyone else (and whenever the server answers 403).
import { useEffect, useState } from 'react';
import { api, ApiError, request } from '../api/client';
import type { Consult, TeachingConsent, TeachingState } from '../api/types';
import { Alert, errorMessage, useAnnounce } from '../components/ui';
import { useI18n } from '../i18n/i18n';
import { formatDateTime } from '../lib/format';
import { Link } from '../router';
import { useUser } from '../session';

type Side = 'gp' | 'consultant';

// Which side the user speaks for on this consult, as the server decides it: a GP of the asking
// practice, or the author of the (last) advice.
export function teachingSide(user: { id: string; role: string; organization_id: string }, c: Consult): Side | null {
  if (c.status !== 'closed') return null;
  if (user.role === 'gp' && user.organization_id === c.practice_id) return 'gp';
  const advice = [...c.messages].reverse().find((m) => m.kind === 'advice');
  if (user.role === 'consultant' && advice?.author_id === user.id) return 'consultant';
  return null;
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

export function TeachingConsentPanel({ consult }: { consult: Consult }) {
  const { t, lang } = useI18n();
  const user = useUser();
  const announce = useAnnounce();
  const side = teachingSide(user, consult);
  const [state, setState] = useState<TeachingState | null>(null);
  const [hidden, setHidden] = useState(false);
  const [chosen, setChosen] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const path = `/consults/${encodeURIComponent(consult.id)}/teaching-case`;

  function show(s: TeachingState) {
    setState(s);
    const other = side === 'gp' ? s.consultant : s.gp;
    // Own earlier choice; before deciding, the other side's choice (so the two match easily).
    setChosen((side && s[side]?.attachments) || other?.attachments || []);
  }

  function failed(e: unknown) {
    if (e instanceof ApiError && (e.status === 403 || e.status === 404)) setHidden(true);
    else setError(errorMessage(e, t));
  }

  useEffect(() => {
    if (!side) return;
    api.get<TeachingState>(path).then(show, failed);
  }, [path, side]);

  if (!side || hidden || (!state && !error)) return null;

  async function save(agree: boolean) {
    setBusy(true);
    setError('');
    try {
      const s = await request<TeachingState>('PUT', path, { agree, attachments: agree ? chosen : [] });
      show(s);
      announce(agree ? (s.published ? t('teaching.nowPublished') : t('teaching.agreed')) : t('teaching.withdrawn'));
    } catch (e) {
      failed(e);
    } finally {
      setBusy(false);
    }
  }

  const mine = state?.[side] ?? null;
  const other = state ? (side === 'gp' ? state.consultant : state.gp) : null;
  const otherLabel = side === 'gp' ? t('teaching.theConsultant') : t('teaching.theGp');
  const describe = (c: TeachingConsent | null) =>
    !c ? t('teaching.undecided') : c.agree ? t('teaching.agreedAt', { when: formatDateTime(c.at, lang) }) : t('teaching.withdrawnAt', { when: formatDateTime(c.at, lang) });
  const toggle = (id: string, on: boolean) => setChosen((cur) => (on ? [...cur.filter((x) => x !== id), id] : cur.filter((x) => x !== id)));

  return (
    <section aria-labelledby="teach-heading" className="card teaching-consent" data-testid="teaching-consent">
      <h2 id="teach-heading">{t('teaching.panel')}</h2>
      <p>{t('teaching.explain')}</p>
      {error && <Alert>{t('app.error', { message: error })}</Alert>}
      {state && (
        <>
          <dl className="facts facts-compact">
            <div><dt>{t('teaching.you')}</dt><dd data-testid="teaching-mine">{describe(mine)}</dd></div>
            <div><dt>{otherLabel}</dt><dd data-testid="teaching-other">{describe(other)}</dd></div>
            <div>
              <dt>{t('teaching.status')}</dt>
              <dd data-testid="teaching-published">
                {state.published && state.case_id
                  ? <Link to={`/kennisbank/${encodeURIComponent(state.case_id)}`}>{t('teaching.published')}</Link>
                  : t('teaching.notPublished')}
              </dd>
            </div>
          </dl>
          {consult.attachments.length > 0 && (
            <fieldset className="teaching-attachments">
              <legend>{t('teaching.attachments')}</legend>
              <p className="hint">{t('teaching.attachmentsHint', { other: otherLabel.toLowerCase() })}</p>
              {consult.attachments.map((a) => {
                const id = `teach-att-${a.id}`;
                const otherHas = other?.agree && other.attachments.includes(a.id);
                return (
                  <div className="field check" key={a.id}>
                    <input type="checkbox" id={id} checked={chosen.includes(a.id)} disabled={busy}
                      onChange={(e) => toggle(a.id, e.target.checked)} />
                    <label htmlFor={id}>
                      {a.filename}
                      {otherHas && <span className="muted small"> ({t('teaching.alsoChosen', { other: otherLabel.toLowerCase() })})</span>}
                    </label>
                  </div>
                );
              })}
            </fieldset>
          )}
          <div className="form-actions">
            {!mine?.agree && (
              <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void save(true)}>{t('teaching.agree')}</button>
            )}
            {mine?.agree && consult.attachments.length > 0 && (
              <button type="button" className="btn" disabled={busy || sameSet(chosen, mine.attachments)} onClick={() => void save(true)}>
                {t('teaching.update')}
              </button>
            )}
            {mine?.agree && (
              <button type="button" className="btn btn-quiet" disabled={busy} onClick={() => void save(false)}>{t('teaching.withdraw')}</button>
            )}
          </div>
        </>
      )}
    </section>
  );
}
