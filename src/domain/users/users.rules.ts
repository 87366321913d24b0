import { weakPasswordReason } from '../../security/password-strength.js';
import { AppError } from '../errors.js';
import { EMAIL_MAX, NAME_MAX, PASSWORD_MAX, PASSWORD_MIN, roles, type Role } from './users.types.js';

/**
 * Deliberately loose: one @, a dot in the domain, no spaces. Strict RFC 5322
 * parsing rejects real addresses; the confirmation mail is the real check.
 */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The single definition of "the same email": the blind index, the unique index
 * and every look-up go through this, so `Ann@X.org ` and `ann@x.org` are one
 * account.
 */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export const isRole = (value: unknown): value is Role => typeof value === 'string' && roles.includes(value as Role);

interface CheckedAccount {
  email: string;
  name: string | null;
}

/**
 * Field rules for a new account. The HTTP schema checks the same limits; these
 * run again because the CLI creates accounts without passing through it.
 */
/** Length rules for a password being set (login accepts any length: old passwords may predate the rules). */
export function checkNewPassword(password: string, field = 'body/newPassword', userInputs: string[] = []): void {
  const message = passwordProblem(password, userInputs);
  if (message) throw new AppError('VALIDATION_FAILED', `Invalid password: ${message}`, [{ field, message }]);
}

/** Length, then strength against common and breached passwords (and the user's own email and name). */
function passwordProblem(password: string, userInputs: string[]): string | null {
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) return `must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters`;
  return weakPasswordReason(password, userInputs);
}

export function checkAccountInput(input: {
  email: string;
  password: string;
  name?: string | null | undefined;
  role: string;
}): CheckedAccount {
  const problems: { field: string; message: string }[] = [];
  const email = normaliseEmail(input.email);
  if (email.length > EMAIL_MAX || !EMAIL_PATTERN.test(email)) problems.push({ field: 'email', message: 'must be an email address' });
  const name = input.name == null ? null : input.name.trim();
  // zxcvbn compares user inputs as given: lower-cased, whole and word by word.
  const personal = [email, ...email.split('@'), ...(name ? [name, ...name.split(/\s+/)] : [])].map((s) => s.toLowerCase());
  const weak = passwordProblem(input.password, personal);
  if (weak) problems.push({ field: 'password', message: weak });
  if (name !== null && (name.length < 1 || name.length > NAME_MAX)) {
    problems.push({ field: 'name', message: `must be 1 to ${NAME_MAX} characters` });
  }
  if (!isRole(input.role)) problems.push({ field: 'role', message: `must be one of ${roles.join(', ')}` });
  if (problems.length > 0) {
    throw new AppError('VALIDATION_FAILED', `Invalid account: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`, problems);
  }
  return { email, name };
}
