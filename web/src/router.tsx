// A tiny client-side router: the History API, one hook and a Link. The server answers
// index.html for every path listed in src/web/web.cpp (kClientPaths) — keep the two in step.
import { useEffect, useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

type Listener = () => void;
const listeners = new Set<Listener>();

function emit() {
  for (const l of listeners) l();
}

function subscribe(l: Listener) {
  listeners.add(l);
  window.addEventListener('popstate', l);
  return () => {
    listeners.delete(l);
    window.removeEventListener('popstate', l);
  };
}

function snapshot() {
  return window.location.pathname + window.location.search;
}

// Set by navigate(): the next page's heading takes focus (components/ui.tsx PageHeading).
export const focusOnNavigation = { pending: false };

export function navigate(to: string, opts: { replace?: boolean } = {}) {
  if (to === snapshot()) return;
  if (!opts.replace) focusOnNavigation.pending = true;
  if (opts.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  if (!opts.replace) window.scrollTo(0, 0);
  emit();
}

export interface Location {
  path: string;
  search: URLSearchParams;
}

export function useLocation(): Location {
  const url = useSyncExternalStore(subscribe, snapshot, snapshot);
  const q = url.indexOf('?');
  return { path: q < 0 ? url : url.slice(0, q), search: new URLSearchParams(q < 0 ? '' : url.slice(q)) };
}

// Matches "/consults/:id" against a path; the params, or null.
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/');
  const s = path.replace(/\/+$/, '').split('/');
  if (path === '/') s.length = 2;
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) {
      if (!s[i]) return null;
      params[p[i].slice(1)] = decodeURIComponent(s[i]);
    } else if (p[i] !== s[i]) {
      return null;
    }
  }
  return params;
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string };

export function Link({ to, onClick, ...rest }: LinkProps) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    // New tab, download etc. stay the browser's.
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={handle} {...rest} />;
}

// Sets the document title and moves focus to the page's main heading after a navigation, so a
// screen reader announces the new page.
export function usePageTitle(title: string) {
  useEffect(() => {
    document.title = title ? `${title} · meekijk` : 'meekijk';
  }, [title]);
}
