import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, startTransition, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { sessionCookie, setUnauthenticatedHandler } from '../api/client.js';
import { logIn, logInWithCode, logOut, registerCustomer } from '../api/auth.js';
import { forgetPrivateData, keys, meQuery } from '../api/queries.js';
import type { Role, SessionReply, User } from '../api/types.js';

interface Session {
  user: User | null;
  /** False until a session cookie has been checked against GET /me. */
  ready: boolean;
  /** Throws ApiError TOTP_REQUIRED (details.challenge) when the account asks for a code: then `loginWithCode`. */
  login(email: string, password: string): Promise<User>;
  loginWithCode(challenge: string, code: string): Promise<User>;
  register(name: string, email: string, password: string): Promise<User>;
  /** Ends the session on the server (the token stops working at once) and forgets it here, with `together` if given. */
  logout(together?: () => void): Promise<void>;
  hasRole(...roles: Role[]): boolean;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const [signedIn, setSignedIn] = useState(() => sessionCookie.csrfToken() !== null);
  const me = useQuery({ ...meQuery(), enabled: signedIn });

  const forget = useCallback(() => {
    sessionCookie.forget();
    setSignedIn(false);
    forgetPrivateData(client);
  }, [client]);

  const logout = useCallback(
    async (together?: () => void) => {
      // The request reads the CSRF cookie before it is forgotten; a failed call still signs out here.
      const ended = logOut().catch(() => undefined);
      // `together` (a navigation away from a signed-in-only page) shares one transition with the forgetting, so that page
      // never renders signed out, which would send the visitor to sign in. Without it the forgetting is immediate: a
      // private page then shows the sign-in form at once.
      if (together)
        startTransition(() => {
          together();
          forget();
        });
      else forget();
      await ended;
    },
    [forget],
  );

  useEffect(() => setUnauthenticatedHandler(forget), [forget]);
  // A session the server no longer takes (or cannot check) is dropped, as before sign-in.
  useEffect(() => {
    if (me.isError) forget();
  }, [me.isError, forget]);

  const user = signedIn ? (me.data?.user ?? null) : null;
  const ready = !signedIn || !me.isPending;

  const value = useMemo<Session>(() => {
    // The server has set the session cookies with its reply; the token in the body is for API clients.
    const signIn = (r: SessionReply): User => {
      forgetPrivateData(client);
      client.setQueryData(keys.me, { user: r.user });
      setSignedIn(true);
      return r.user;
    };
    return {
      user,
      ready,
      login: async (email, password) => signIn(await logIn({ email, password })),
      loginWithCode: async (challenge, code) => signIn(await logInWithCode({ challenge, code })),
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
