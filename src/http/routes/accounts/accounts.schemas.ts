import { Type, type Static } from 'typebox';
import { EMAIL_MAX, NAME_MAX, PASSWORD_MAX, PASSWORD_MIN } from '../../../domain/users/users.types.js';

/** Surrounding spaces are allowed: the address is trimmed and lower-cased before use. */
export const Email = Type.String({
  minLength: 3,
  maxLength: EMAIL_MAX + 20,
  pattern: '^\\s*[^\\s@]+@[^\\s@]+\\.[^\\s@]+\\s*$',
  description: 'Trimmed and lower-cased: addresses differing only in case are the same account',
  examples: ['ada@example.org'],
});
const Password = Type.String({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX });
const Name = Type.String({ minLength: 1, maxLength: NAME_MAX, pattern: '\\S' });
const Role = Type.Union([Type.Literal('customer'), Type.Literal('organizer'), Type.Literal('admin'), Type.Literal('scanner')]);
const DateTime = Type.String({ format: 'date-time' });

export const RegisterBody = Type.Object({ email: Email, password: Password, name: Name }, { additionalProperties: false });
export const LoginBody = Type.Object(
  // Login does not re-check the password length rules: old passwords may predate them.
  { email: Type.String({ minLength: 1, maxLength: EMAIL_MAX + 20 }), password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX }) },
  { additionalProperties: false },
);

export const UserSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    email: Type.String(),
    name: Type.Union([Type.String(), Type.Null()]),
    roles: Type.Array(Role),
    emailVerified: Type.Boolean({ description: 'The owner confirmed the address through a mailed link' }),
  },
  { description: 'The signed-in account' },
);

export const SessionResponse = Type.Object({ user: UserSchema, token: Type.String({ description: 'Bearer token (JWT, expires)' }) });
export const MeResponse = Type.Object({ user: UserSchema });
export const SessionsResponse = Type.Object({
  sessions: Type.Array(
    Type.Object({
      id: Type.String({ format: 'uuid' }),
      createdAt: DateTime,
      expiresAt: DateTime,
      current: Type.Boolean({ description: 'The session of this request' }),
    }),
  ),
});
export const LogoutQuery = Type.Object(
  { everywhere: Type.Optional(Type.Boolean({ description: 'End every session of the account, not only this one' })) },
  { additionalProperties: false },
);
export const LogoutResponse = Type.Object({ revoked: Type.Integer({ minimum: 0, description: 'Sessions ended' }) });
const AccountToken = Type.String({ minLength: 20, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$', description: 'From the mailed link' });
export const PasswordResetRequestBody = Type.Object({ email: Email }, { additionalProperties: false });
export const PasswordResetRequestReply = Type.Object({ message: Type.String() });
export const PasswordResetBody = Type.Object({ token: AccountToken, newPassword: Password }, { additionalProperties: false });
export const VerifyEmailBody = Type.Object({ token: AccountToken }, { additionalProperties: false });
export const EmailVerificationReply = Type.Object({
  sent: Type.Boolean({ description: 'False when the address is already confirmed' }),
});

export const ChangePasswordBody = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: PASSWORD_MAX }), newPassword: Password },
  { additionalProperties: false },
);

export const ExportResponse = Type.Object(
  {
    exportedAt: DateTime,
    user: Type.Object({ ...UserSchema.properties, createdAt: DateTime }),
    activity: Type.Array(Type.Object({ action: Type.String(), at: DateTime }), {
      description: 'Recorded actions on this account (created, viewed by an admin, …)',
    }),
    sections: Type.Record(Type.String(), Type.Unknown(), { description: 'Data held by other features, e.g. `orders`' }),
  },
  { description: 'Every piece of personal data held about the caller (GDPR Art. 15 and 20)' },
);

export const EraseResponse = Type.Object({ status: Type.Literal('erased'), erasedAt: DateTime });

export const AdminUser = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.Union([Type.String(), Type.Null()]),
  name: Type.Union([Type.String(), Type.Null()]),
  roles: Type.Array(Role),
  createdAt: DateTime,
  erasedAt: Type.Union([DateTime, Type.Null()]),
});
export const AdminUserResponse = Type.Object({ user: AdminUser });
export const AdminUserQuery = Type.Object({ email: Email }, { additionalProperties: false });

/** Request and response types, for the web app and other TypeScript clients. */
export type Role = Static<typeof Role>;
export type RegisterBody = Static<typeof RegisterBody>;
export type LoginBody = Static<typeof LoginBody>;
export type User = Static<typeof UserSchema>;
export type SessionResponse = Static<typeof SessionResponse>;
export type MeResponse = Static<typeof MeResponse>;
export type LogoutQuery = Static<typeof LogoutQuery>;
export type SessionsResponse = Static<typeof SessionsResponse>;
export type LogoutResponse = Static<typeof LogoutResponse>;
export type ChangePasswordBody = Static<typeof ChangePasswordBody>;
export type PasswordResetBody = Static<typeof PasswordResetBody>;
export type ExportResponse = Static<typeof ExportResponse>;
export type EraseResponse = Static<typeof EraseResponse>;
export type AdminUser = Static<typeof AdminUser>;
export type AdminUserResponse = Static<typeof AdminUserResponse>;
export type AdminUserQuery = Static<typeof AdminUserQuery>;

export const RenameBody = Type.Object({ name: Name }, { additionalProperties: false });
export const ChangeEmailBody = Type.Object(
  { email: Email, password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX, description: 'The current password' }) },
  { additionalProperties: false },
);
export type RenameBody = Static<typeof RenameBody>;
export type ChangeEmailBody = Static<typeof ChangeEmailBody>;
