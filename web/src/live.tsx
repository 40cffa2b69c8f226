// Live updates: one EventSource('/api/v1/events') per logged-in app. Lists and threads
// subscribe; a `consult.changed` event names the consult (ids and codes only) and the
// subscriber refetches what it shows. After a reconnect (`ready` again) or a `resync`, every
// subscriber reloads everything: events missed while away are not replayed.
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { ConsultChanged } from './api/types';

export type LiveEvent = { type: 'changed'; data: ConsultChanged } | { type: 'reload' };
type Handler = (e: LiveEvent) => void;

interface Live {
  subscribe: (h: Handler) => () => void;
  connected: boolean;
}

const Ctx = createContext<Live>({ subscribe: () => () => {}, connected: false });

export function LiveProvider({ children, enabled }: { children: ReactNode; enabled: boolean }) {
  const handlers = useRef(new Set<Handler>());
  const [connected, setConnected] = useState(false);

  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/v1/events');
    let readyCount = 0;
    const dispatch = (e: LiveEvent) => handlers.current.forEach((h) => h(e));
    source.addEventListener('ready', () => {
      setConnected(true);
      // The first `ready` comes right after the page loaded what it shows.
      if (readyCount++ > 0) dispatch({ type: 'reload' });
    });
    source.addEventListener('resync', () => dispatch({ type: 'reload' }));
    source.addEventListener('consult.changed', (e) => {
      try {
        dispatch({ type: 'changed', data: JSON.parse((e as MessageEvent).data) as ConsultChanged });
      } catch {
        /* malformed: ignore */
      }
    });
    source.onerror = () => setConnected(false);
    return () => {
      source.close();
      setConnected(false);
    };
  }, [enabled]);

  const value = useRef<Live>({
    subscribe: (h) => {
      handlers.current.add(h);
      return () => handlers.current.delete(h);
    },
    connected: false,
  });
  return <Ctx.Provider value={{ ...value.current, connected }}>{children}</Ctx.Provider>;
}

// Calls the latest `handler` for every live event while the component is mounted.
export function useLive(handler: Handler) {
  const { subscribe } = useContext(Ctx);
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => subscribe((e) => latest.current(e)), [subscribe]);
}

export function useLiveConnected() {
  return useContext(Ctx).connected;
}
