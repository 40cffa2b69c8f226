// Renders a component as a logged-in user with the API stubbed: `routes` maps
// "METHOD /path" (path without /api/v1, query included) to a JSON answer or a function; a
// function may answer a promise (held until the test resolves it) or a Response.
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { vi } from 'vitest';
import type { User } from './api/types';
import { I18nProvider } from './i18n/i18n';
import { SessionProvider } from './session';
import { Announcer } from './components/ui';

export type Stub = unknown | ((body: unknown, url: string) => unknown);

export function stubApi(routes: Record<string, Stub>) {
  const calls: { method: string; path: string; body: unknown }[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input).replace(/^\/api\/v1/, '');
    const method = init?.method ?? 'GET';
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ method, path: url, body });
    const key = Object.keys(routes).find((k) => k === `${method} ${url}` || k === `${method} ${url.split('?')[0]}`);
    if (!key) return new Response(JSON.stringify({ title: 'Not found', status: 404 }), { status: 404, headers: { 'Content-Type': 'application/problem+json' } });
    let answer = routes[key];
    if (typeof answer === 'function') answer = await (answer as (b: unknown, u: string) => unknown)(body, url);
    if (answer instanceof Response) return answer;
    return new Response(JSON.stringify(answer), { status: 200, headers: { 'Content-Type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetchMock);
  return calls;
}

export function problem(status: number, errors: { field: string; message: string }[]) {
  return new Response(JSON.stringify({ title: 'The request has invalid fields', status, detail: '', errors }), {
    status,
    headers: { 'Content-Type': 'application/problem+json' },
  });
}

export const gpUser: User = {
  id: 'gp1', email: 'gp1@janson.example', name: 'A. Huisarts', role: 'gp', organization_id: 'org1', agb: '', services: [],
  totp_enabled: false, organization: { id: 'org1', ref: 'janson', name: 'Huisartsenpraktijk Janson', type: 'gp_practice', part_of: null, agb: '', postcode: '' },
};

export function renderAs(user: User, ui: ReactNode, routes: Record<string, Stub> = {}) {
  const calls = stubApi({ 'GET /me': user, ...routes });
  const result = render(
    <I18nProvider lang="nl">
      <SessionProvider>
        <Announcer>
          <Gate>{ui}</Gate>
        </Announcer>
      </SessionProvider>
    </I18nProvider>,
  );
  return { ...result, calls };
}

import { useSession } from './session';
function Gate({ children }: { children: ReactNode }) {
  const { user } = useSession();
  return user ? <>{children}</> : null;
}
