import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { sessionToken, setUnauthenticatedHandler } from '../api/client.js';
import { logIn, registerCustomer } from '../api/auth.js';
import { forgetPrivateData, keys, meQuery } from '../api/queries.js';
import type { Role, SessionReply, User } from '../api/types.js';

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
  const client = useQueryClient();
  const [token, setToken] = useState(sessionToken.get);
  const me = useQuery({ ...meQuery(), enabled: token !== null });

  const logout = useCallback(() => {
    sessionToken.set(null);
    setToken(null);
    forgetPrivateData(client);
  }, [client]);

  useEffect(() => setUnauthenticatedHandler(logout), [logout]);
  // A stored token the server no longer takes (or cannot check) is dropped, as before sign-in.
  useEffect(() => {
    if (me.isError) logout();
  }, [me.isError, logout]);

  const user = token === null ? null : (me.data?.user ?? null);
  const ready = token === null || !me.isPending;

  const value = useMemo<Session>(() => {
    const signIn = (r: SessionReply): User => {
      sessionToken.set(r.token);
      forgetPrivateData(client);
      client.setQueryData(keys.me, { user: r.user });
      setToken(r.token);
      return r.user;
    };
    return {
      user,
      ready,
      login: async (email, password) => signIn(await logIn({ email, password })),
      register: async (name, email, password) => signIn(await registerCustomer({ name, email, password })),
      logout,
      hasRole: (...roles) => !!user && user.roles.some((r) => roles.includes(r)),
    };
  }, [user, ready, logout, client]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
