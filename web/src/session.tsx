// Who is logged in. GET /me on start; POST /session to log in (keeps the CSRF token);
// DELETE /session to log out. Any 401 from the API ends the session here and shows the login.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, onUnauthorized, setCsrfToken } from './api/client';
import type { User } from './api/types';

interface SessionState {
  user: User | null;
  loading: boolean;
  expired: boolean;
  login: (email: string, password: string, totp?: string) => Promise<void>;
  logout: () => Promise<void>;
  // The user as the server answered a change to it (PATCH /me), for the rest of the session.
  updateUser: (u: User) => void;
}

const Ctx = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [loading, setLoading] = useState(true);
  const [expired, setExpired] = useState(false);

  useEffect(() => {
    onUnauthorized(() => {
      setUser((u) => {
        if (u) setExpired(true);
        return null;
      });
    });
    let cancelled = false;
    api
      .get<User>('/me')
      .then((me) => !cancelled && setUser(me))
      .catch(() => !cancelled && setUser(null))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, []);

  const login = useCallback(async (email: string, password: string, totp?: string) => {
    const body: Record<string, string> = { email, password };
    if (totp) body.totp = totp;
    const res = await api.post<{ user: User; csrf_token: string }>('/session', body);
    setCsrfToken(res.csrf_token);
    let me: User = res.user;
    try {
      me = await api.get<User>('/me');
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
    setExpired(false);
    setUser(me);
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.del('/session');
    } catch {
      /* gone already */
    }
    setCsrfToken(null);
    setUser(null);
  }, []);

  const updateUser = useCallback((u: User) => setUser((prev) => (prev && prev.id === u.id ? { ...prev, ...u } : prev)), []);

  const value = useMemo(() => ({ user, loading, expired, login, logout, updateUser }), [user, loading, expired, login, logout, updateUser]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(Ctx);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

// The logged-in user; only used below the login gate.
export function useUser(): User {
  const { user } = useSession();
  if (!user) throw new Error('useUser without a user');
  return user;
}
