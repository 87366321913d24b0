import { api } from './client.js';
import type { LoginBody, LogoutReply, RegisterBody, SessionReply, TotpLoginBody } from './types.js';

// Apart from mutations.ts so the first page load does not carry the mutation hooks:
// only the session (auth/session.tsx) signs in, and it owns what that does to the cache.
export const logIn = (body: LoginBody) => api<SessionReply>('/auth/login', { method: 'POST', body });
export const registerCustomer = (body: RegisterBody) => api<SessionReply>('/auth/register', { method: 'POST', body });
export const logOut = () => api<LogoutReply>('/auth/logout', { method: 'POST' });
export const logInWithCode = (body: TotpLoginBody) => api<SessionReply>('/auth/login/totp', { method: 'POST', body });
