import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, sessionToken, setUnauthenticatedHandler } from '../api/client.js';
import type { Role, User } from '../api/types.js';

interface Session {
  user: User | null;
  /** False until a stored token has been checked against GET /me. */
  ready: boolean;
  login(email: string, password: string): Promise<User>;
  register(name: string, email: string, password: string): Promise<User>;
  logout(): void;
  hasRole(...roles: Role[]): boolean;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [ready, setReady] = useState(() => sessionToken.get() === null);

  const logout = useCallback(() => {
    sessionToken.set(null);
    setUser(null);
  }, []);

  useEffect(() => {
    setUnauthenticatedHandler(logout);
    if (!sessionToken.get()) return;
    api<{ user: User }>('/me')
      .then((r) => setUser(r.user))
      .catch(() => logout())
      .finally(() => setReady(true));
  }, [logout]);

  const value = useMemo<Session>(() => {
    const signIn = (r: { user: User; token: string }): User => {
      sessionToken.set(r.token);
      setUser(r.user);
      return r.user;
    };
    return {
      user,
      ready,
      login: async (email, password) => signIn(await api('/auth/login', { method: 'POST', body: { email, password } })),
      register: async (name, email, password) => signIn(await api('/auth/register', { method: 'POST', body: { name, email, password } })),
      logout,
      hasRole: (...roles) => !!user && user.roles.some((r) => roles.includes(r)),
    };
  }, [user, ready, logout]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
