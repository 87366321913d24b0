export type Role = 'customer' | 'organizer' | 'admin' | 'scanner';
export const roles: readonly Role[] = ['customer', 'organizer', 'admin', 'scanner'];

// Field limits, here rather than in users.rules.ts so the route schemas (loaded by the web app) need no rules.
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;
export const NAME_MAX = 200;
export const EMAIL_MAX = 320;

/** What the account owner sees about themselves. */
export interface User {
  id: string;
  email: string;
  /** Null for accounts created by an operator without a name. */
  name: string | null;
  roles: Role[];
  /** The owner confirmed the address through a mailed link. */
  emailVerified: boolean;
  createdAt: Date;
}

/** What an admin sees: erased accounts stay visible as a pseudonymous id. */
export interface AdminUserView {
  id: string;
  email: string | null;
  name: string | null;
  roles: Role[];
  createdAt: Date;
  erasedAt: Date | null;
}

export interface AccountInput {
  email: string;
  password: string;
  name?: string | null | undefined;
  role: Role;
  /** Self-service sign-up, or an operator on the command line (no actor). */
  via?: 'registration' | 'cli';
}

/** A token and the user it was issued for: the answer to register and log-in. */
export interface Session {
  user: User;
  token: string;
  /** The server-side session the token names (the web app's cookie carries the same token). */
  sessionId: string;
  expiresAt: Date;
}
