// The logged-in user's own page: who they are (name, e-mail, role, organisation) and their
// e-mail notifications (GET/PATCH /me). A checkbox saves at once: the box flips straight away,
// the PATCH names only that kind, and a failed save puts the box back and says so.
import { useEffect, useRef, useState } from 'react';
import { api, updateMailSettings } from '../api/client';
import type { MailKind, MailSettings, Role, User } from '../api/types';
import { Alert, Loading, PageHeading, errorMessage } from '../components/ui';
import { useI18n, type MessageKey } from '../i18n/i18n';
import { usePageTitle } from '../router';
import { useSession, useUser } from '../session';

// The kinds a role can receive (src/app/mail.cpp): a new consult goes to the service's pool or
// the chosen consultant, an answer or a request for information to the asking GP, an overdue
// consult to the coordinators of the service's organisation.
export function mailKindsFor(role: Role): MailKind[] {
  switch (role) {
    case 'gp':  // mails go to the GP who asked, not to the assistant who prepared the draft
      return ['answered', 'info_requested'];
    case 'consultant':
      return ['new_consult'];
    case 'coordinator':
      return ['new_consult', 'overdue'];
    default:
      return [];
  }
}

export default function Profile() {
  const { t } = useI18n();
  const user = useUser();
  usePageTitle(t('profile.title'));
  return (
    <>
      <PageHeading>{t('profile.title')}</PageHeading>
      <dl className="facts profile-facts">
        <div><dt>{t('profile.name')}</dt><dd>{user.name}</dd></div>
        <div><dt>{t('profile.email')}</dt><dd className="break">{user.email}</dd></div>
        <div><dt>{t('profile.role')}</dt><dd>{t(`role.${user.role}` as MessageKey)}</dd></div>
        <div><dt>{t('profile.organization')}</dt><dd>{user.organization?.name ?? '—'}</dd></div>
      </dl>
      <MailSettingsForm user={user} />
    </>
  );
}

type Status = { kind: 'saving' | 'saved' | 'failed'; text: string; seq: number } | null;

function MailSettingsForm({ user }: { user: User }) {
  const { t } = useI18n();
  const { updateUser } = useSession();
  const kinds = mailKindsFor(user.role);
  // What the boxes show (optimistic) and what the server last confirmed, per kind.
  const [mail, setMail] = useState<MailSettings | null>(user.mail ?? null);
  const confirmed = useRef<MailSettings | null>(user.mail ?? null);
  const latest = useRef<Partial<Record<MailKind, number>>>({});
  const seq = useRef(0);
  const [status, setStatus] = useState<Status>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  // The login answer has no settings: read them from /me.
  useEffect(() => {
    if (mail) return;
    let cancelled = false;
    api.get<User>('/me').then(
      (me) => {
        if (cancelled) return;
        confirmed.current = me.mail ?? null;
        setMail(me.mail ?? null);
        if (!me.mail) setLoadError(t('profile.mail.unavailable'));
      },
      (e) => !cancelled && setLoadError(errorMessage(e, t)),
    );
    return () => {
      cancelled = true;
    };
  }, []);

  async function toggle(kind: MailKind, value: boolean) {
    const n = ++seq.current;
    latest.current[kind] = n;
    setMail((m) => (m ? { ...m, [kind]: value } : m));
    setStatus({ kind: 'saving', text: t('profile.mail.saving'), seq: n });
    try {
      const me = await updateMailSettings({ [kind]: value });
      const now = me.mail?.[kind] ?? value;
      confirmed.current = { ...confirmed.current!, [kind]: now };
      updateUser({ ...me, mail: confirmed.current });
      if (latest.current[kind] !== n) return; // a newer click on this box decides
      setMail((m) => (m ? { ...m, [kind]: now } : m));
      if (seq.current === n) setStatus({ kind: 'saved', text: t('profile.mail.saved'), seq: n });
    } catch (e) {
      if (latest.current[kind] !== n) return;
      const back = confirmed.current?.[kind] ?? !value;
      setMail((m) => (m ? { ...m, [kind]: back } : m));
      setStatus({ kind: 'failed', text: t('profile.mail.failed', { kind: t(`profile.mail.${kind}` as MessageKey), message: errorMessage(e, t) }), seq: n });
    }
  }

  return (
    <section className="card profile-mail">
      <fieldset aria-describedby="profile-mail-note">
        <legend>{t('profile.mail.legend')}</legend>
        <p className="hint" id="profile-mail-note">{t('profile.mail.note')}</p>
        {loadError && <Alert>{t('app.error', { message: loadError })}</Alert>}
        {!mail && !loadError && <Loading />}
        {mail && kinds.length === 0 && <p>{t('profile.mail.none')}</p>}
        {mail &&
          kinds.map((kind) => (
            <div key={kind} className="field check">
              <input
                type="checkbox"
                id={`mail-${kind}`}
                checked={mail[kind]}
                aria-describedby={`mail-${kind}-hint`}
                onChange={(e) => void toggle(kind, e.target.checked)}
              />
              <div>
                <label htmlFor={`mail-${kind}`}>{t(`profile.mail.${kind}` as MessageKey)}</label>
                <p className="hint" id={`mail-${kind}-hint`}>{t(`profile.mail.${kind}.hint` as MessageKey)}</p>
              </div>
            </div>
          ))}
      </fieldset>
      {/* Polite for "Opgeslagen", assertive for a failure; a new node per change so a repeated
          message is read again. */}
      <div className="save-status" role="status" aria-live="polite" data-testid="mail-status">
        {status && status.kind !== 'failed' && (
          <span key={status.seq} className={status.kind === 'saved' ? 'save-ok' : 'muted'}>{status.text}</span>
        )}
      </div>
      {status?.kind === 'failed' && <Alert key={status.seq}>{status.text}</Alert>}
    </section>
  );
}
