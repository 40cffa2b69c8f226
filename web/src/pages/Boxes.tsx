// The list pages: the practice inbox (GP, assistant), the 90-day follow-up list, the
// consultant's queue and assigned box, and the coordinator's overdue list.
import { useState } from 'react';
import { api } from '../api/client';
import type { Consult, ConsultListItem } from '../api/types';
import { ConsultList, OPEN_STATUSES, toListItem } from '../components/ConsultList';
import { errorMessage, PageHeading, useAnnounce } from '../components/ui';
import { useI18n } from '../i18n/i18n';
import { Link, usePageTitle } from '../router';
import { useUser } from '../session';

export function Inbox() {
  const { t } = useI18n();
  const user = useUser();
  usePageTitle(t('inbox.title'));
  return (
    <>
      <div className="page-head">
        <PageHeading>{t('inbox.title')}</PageHeading>
        <Link to="/consults/new" className="btn btn-primary">+ {t('nav.new')}</Link>
      </div>
      {user.organization && <p className="muted">{user.organization.name}</p>}
      <ConsultList box="practice" />
    </>
  );
}

export function FollowUp() {
  const { t } = useI18n();
  usePageTitle(t('followUp.title'));
  return (
    <>
      <PageHeading>{t('followUp.title')}</PageHeading>
      <p className="intro">{t('followUp.intro')}</p>
      <ConsultList box="follow_up" filters={false} extra={(item, replace) => <FollowUpAction item={item} replace={replace} />} />
    </>
  );
}

function FollowUpAction({ item, replace }: { item: ConsultListItem; replace: (n: ConsultListItem | null) => void }) {
  const { t } = useI18n();
  const announce = useAnnounce();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function record(referred: boolean) {
    setBusy(true);
    setError(null);
    try {
      const c = await api.post<Consult>(`/consults/${item.id}/follow-up`, { referred_within_90d: referred });
      announce(t('followUp.saved', { reference: c.reference }));
      replace(c.follow_up ? null : toListItem(c));
    } catch (e) {
      setError(errorMessage(e, t));
      setBusy(false);
    }
  }
  return (
    <div className="inline-actions" role="group" aria-label={`${t('action.referredWithin90d')} ${item.reference}`}>
      <span className="muted">{t('action.referredWithin90d')}</span>
      <button type="button" className="btn btn-small" disabled={busy} onClick={() => void record(true)}>{t('followUp.referred')}</button>
      <button type="button" className="btn btn-small" disabled={busy} onClick={() => void record(false)}>{t('followUp.notReferred')}</button>
      {error && <span className="error-text" role="alert">{error}</span>}
    </div>
  );
}

export function Queue({ box }: { box: 'service' | 'assigned' }) {
  const { t } = useI18n();
  const title = box === 'service' ? t('queue.title') : t('assigned.title');
  usePageTitle(title);
  return (
    <>
      <PageHeading>{title}</PageHeading>
      <p className="intro">{t('queue.intro')}</p>
      <ConsultList box={box} defaultStatus={OPEN_STATUSES} />
    </>
  );
}

export function Overdue() {
  const { t } = useI18n();
  usePageTitle(t('overdue.title'));
  return (
    <>
      <PageHeading>{t('overdue.title')}</PageHeading>
      <p className="intro">{t('overdue.intro')}</p>
      <ConsultList box="service" overdue filters={false} />
    </>
  );
}
