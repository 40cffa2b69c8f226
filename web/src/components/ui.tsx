// Small shared pieces: status badge, form field with label/hint/error, error summary,
// the polite live region, and the loading/error states.
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { Status } from '../api/types';
import { ApiError } from '../api/client';
import { focusOnNavigation } from '../router';
import { useI18n, type T } from '../i18n/i18n';

export function StatusBadge({ status }: { status: Status }) {
  const { t } = useI18n();
  return <span className={`badge badge-${status}`}>{t(`status.${status}`)}</span>;
}

// A labelled control: the label, an optional hint, the control (render prop gets the ids to
// wire up), and an error that is announced and tied to the control via aria-describedby.
export function Field(props: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  status?: ReactNode; // live feedback while typing (BSN, postcode)
  required?: boolean;
  className?: string;
  children: (a: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean; required?: boolean }) => ReactNode;
}) {
  const { t } = useI18n();
  const hintId = props.hint ? props.id + '-hint' : undefined;
  const errId = props.error ? props.id + '-error' : undefined;
  const statusId = props.status ? props.id + '-status' : undefined;
  const describedBy = [hintId, statusId, errId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field ${props.error ? 'field-error' : ''} ${props.className ?? ''}`}>
      <label htmlFor={props.id}>
        {props.label}
        {props.required && <span className="req"> ({t('wizard.required').toLowerCase()})</span>}
      </label>
      {props.hint && (
        <p className="hint" id={hintId}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p className="error-text" id={errId}>
          {props.error}
        </p>
      )}
      {props.children({ id: props.id, 'aria-describedby': describedBy, 'aria-invalid': props.error ? true : undefined, required: props.required })}
      {props.status && (
        <p className="field-status" id={statusId} aria-live="polite">
          {props.status}
        </p>
      )}
    </div>
  );
}

// A field id from an API field name: "patient.bsn" → "f-patient-bsn".
export function fieldId(field: string) {
  return 'f-' + field.replace(/[^a-z0-9_]/gi, '-');
}

// The list of problems at the top of a form; each links to its field. Focused when shown.
export function ErrorSummary({ errors, labels, title }: { errors: Record<string, string>; labels: Record<string, string>; title: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const keys = Object.keys(errors);
  useEffect(() => {
    if (keys.length) ref.current?.focus();
  }, [errors]);
  if (!keys.length) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={ref}>
      <h2>{title}</h2>
      <ul>
        {keys.map((k) => (
          <li key={k}>
            <a href={'#' + fieldId(k)} onClick={(e) => { e.preventDefault(); document.getElementById(fieldId(k))?.focus(); }}>
              {(labels[k] ?? k) + ': ' + errors[k]}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function errorMessage(e: unknown, t: T): string {
  if (e instanceof ApiError) {
    if (e.status === 0) return t('app.networkError');
    return e.detail || e.title;
  }
  return e instanceof Error ? e.message : String(e);
}

export function Alert({ kind = 'error', children }: { kind?: 'error' | 'info' | 'success'; children: ReactNode }) {
  return (
    <div className={`alert alert-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="loading" role="status">
      {t('app.loading')}
    </p>
  );
}

// A polite live region for "saved", "updated" etc.: one per app, so messages never pile up.
const AnnounceCtx = createContext<(msg: string) => void>(() => {});

export function Announcer({ children }: { children: ReactNode }) {
  const [msg, setMsg] = useState('');
  const announce = useCallback((m: string) => {
    setMsg('');
    // A new text node each time, so the same message is read again.
    window.setTimeout(() => setMsg(m), 30);
  }, []);
  return (
    <AnnounceCtx.Provider value={announce}>
      {children}
      <div className="sr-only" aria-live="polite" role="status" data-testid="announcer">
        {msg}
      </div>
    </AnnounceCtx.Provider>
  );
}

export function useAnnounce() {
  return useContext(AnnounceCtx);
}

// Moves focus to the page's h1 when the page mounts (after a client-side navigation).
export function PageHeading({ children, className }: { children: ReactNode; className?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (document.activeElement === document.body || document.activeElement === null || focusOnNavigation.pending) {
      focusOnNavigation.pending = false;
      ref.current?.focus({ preventScroll: true });
    }
  }, []);
  return (
    <h1 tabIndex={-1} ref={ref} className={className}>
      {children}
    </h1>
  );
}

// A message for the next page ("Consult MK-2026-000123 verstuurd"), shown once by <Flash/>.
let pendingFlash: string | null = null;
export function setFlash(msg: string) {
  pendingFlash = msg;
}

export function Flash() {
  const [msg] = useState(() => {
    const m = pendingFlash;
    pendingFlash = null;
    return m;
  });
  if (!msg) return null;
  return <Alert kind="success">{msg}</Alert>;
}
