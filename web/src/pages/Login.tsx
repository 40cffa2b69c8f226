import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { usePageTitle } from '../router';
import { useSession } from '../session';
import { Alert, Field, PageHeading } from '../components/ui';

export default function Login() {
  const { t } = useI18n();
  const { login, expired } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  usePageTitle(t('login.title'));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(email.trim(), password, totp.trim() || undefined);
    } catch (err) {
      if (err instanceof ApiError && err.status === 429) setError(t('login.throttled'));
      else if (err instanceof ApiError && err.status === 0) setError(t('app.networkError'));
      else setError(t('login.failed'));
      setBusy(false);
    }
  }

  return (
    <div className="login-page">
      <div className="card login-card">
        <PageHeading>{t('login.title')}</PageHeading>
        <p className="muted">{t('login.intro')}</p>
        {expired && <Alert kind="info">{t('login.expired')}</Alert>}
        {error && <Alert>{error}</Alert>}
        <form onSubmit={submit} noValidate>
          <Field id="login-email" label={t('login.email')}>
            {(a) => <input {...a} type="email" autoComplete="username" inputMode="email" value={email} onChange={(e) => setEmail(e.target.value)} required />}
          </Field>
          <Field id="login-password" label={t('login.password')}>
            {(a) => <input {...a} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />}
          </Field>
          <Field id="login-totp" label={t('login.totp')} hint={t('login.totpHint')}>
            {(a) => (
              <input {...a} type="text" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]*" maxLength={6}
                className="input-short" value={totp} onChange={(e) => setTotp(e.target.value)} />
            )}
          </Field>
          <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
            {busy ? t('login.busy') : t('login.submit')}
          </button>
        </form>
      </div>
    </div>
  );
}
