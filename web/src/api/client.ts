// The one way to the JSON API: same-origin fetch with the session cookie, the CSRF token on
// unsafe methods, problem+json errors as ApiError, and a 401 sending the app back to login.
// Uploads go through XMLHttpRequest because fetch has no upload progress.
import type { MailSettings, User } from './types';

export interface FieldError { field: string; message: string }

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldError[] = [],
  ) {
    super(detail || title);
  }
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.errors) if (!(e.field in out)) out[e.field] = e.message;
    return out;
  }
}

const CSRF_KEY = 'mk.csrf';
let csrfToken: string | null = readStorage(CSRF_KEY);
let unauthorizedHandler: () => void = () => {};

function readStorage(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

// The token comes with the login answer; it is kept for reloads and other tabs of this session.
export function setCsrfToken(token: string | null) {
  csrfToken = token;
  try {
    if (token) localStorage.setItem(CSRF_KEY, token);
    else localStorage.removeItem(CSRF_KEY);
  } catch {
    /* private mode: the token lives in memory only */
  }
}

export function onUnauthorized(handler: () => void) {
  unauthorizedHandler = handler;
}

function randomKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

// A fresh Idempotency-Key: a retried POST (double click, flaky network) changes nothing twice.
export const newIdempotencyKey = randomKey;

async function toError(res: Response): Promise<ApiError> {
  let body: { title?: string; detail?: string; errors?: FieldError[] } = {};
  try {
    body = await res.json();
  } catch {
    /* not problem+json */
  }
  return new ApiError(res.status, body.title ?? res.statusText, body.detail ?? '', body.errors ?? []);
}

// 401, or a 403 because the CSRF token is gone (a new tab after the storage was cleared):
// either way the session is not usable, so log in again.
function sessionLost(e: ApiError): boolean {
  return e.status === 401 || (e.status === 403 && /csrf/i.test(e.title));
}

export interface RequestOptions {
  idempotencyKey?: string;
  signal?: AbortSignal;
  accept?: string;
}

// GETs started before the app renders (main.tsx: the first list while /me is on its way),
// taken over by the first api.get of the same path. Kept for a few seconds at most.
const early = new Map<string, { at: number; res: Promise<Response> }>();

export function prefetch(path: string) {
  const res = fetch('/api/v1' + path, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  res.catch(() => {});
  early.set(path, { at: Date.now(), res });
}

function takeEarly(path: string): Promise<Response> | undefined {
  const e = early.get(path);
  early.delete(path);
  return e && Date.now() - e.at < 5000 ? e.res : undefined;
}

export async function request<T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: opts.accept ?? 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (opts.idempotencyKey) headers['Idempotency-Key'] = opts.idempotencyKey;
  const pre = method === 'GET' && !opts.signal ? takeEarly(path) : undefined;
  const res = pre ? await pre : await fetch('/api/v1' + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    signal: opts.signal,
  });
  if (!res.ok) {
    const err = await toError(res);
    if (sessionLost(err) && path !== '/session') unauthorizedHandler();
    throw err;
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('Content-Type') ?? '';
  return (type.includes('json') ? await res.json() : await res.text()) as T;
}

export const api = {
  get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, undefined, opts),
  post: <T>(path: string, body: unknown = {}, opts?: RequestOptions) => request<T>('POST', path, body, opts),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  del: <T>(path: string) => request<T>('DELETE', path),
};

// PATCH /me: switch the caller's own e-mail notifications on or off; kinds not named stay.
// Answers the updated user (with its `mail`). Unknown kinds are 422 (`mail.<kind>`).
export function updateMailSettings(mail: Partial<MailSettings>): Promise<User> {
  return api.patch<User>('/me', { mail });
}

export function query(params: Record<string, string | number | undefined | null | false>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '' && v !== false) q.set(k, String(v));
  const s = q.toString();
  return s ? '?' + s : '';
}

export interface UploadHandle<T> {
  promise: Promise<T>;
  abort: () => void;
}

// Raw-body upload (Content-Type of the file, ?filename=) with progress in 0..1.
export function upload<T>(path: string, file: File, onProgress: (fraction: number) => void): UploadHandle<T> {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<T>((resolve, reject) => {
    xhr.open('POST', '/api/v1' + path + query({ filename: file.name }));
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Idempotency-Key', randomKey());
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: { title?: string; detail?: string; errors?: FieldError[] } & Record<string, unknown> = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* empty */
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(body as T);
      } else {
        const err = new ApiError(xhr.status, body.title ?? xhr.statusText, body.detail ?? '', body.errors ?? []);
        if (sessionLost(err)) unauthorizedHandler();
        reject(err);
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', ''));
    xhr.onabort = () => reject(new ApiError(0, 'aborted', ''));
    xhr.send(file);
  });
  return { promise, abort: () => xhr.abort() };
}
