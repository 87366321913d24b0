import { Type } from 'typebox';
import type { AppInstance } from '../../app.js';
import type { Deps } from '../../../context.js';
import { logIn } from '../../../domain/users/log-in.js';
import { logOut } from '../../../domain/users/log-out.js';
import { sendEmailVerification, verifyEmail } from '../../../domain/users/email-verification.js';
import { requestPasswordReset, resetPassword } from '../../../domain/users/password-reset.js';
import { registerCustomer } from '../../../domain/users/register-customer.js';
import type { Session } from '../../../domain/users/users.types.js';
import { clearSessionCookies, sessionOf, setSessionCookies } from '../../plugins/auth.js';
import { loginPerAccountLimit, rateLimitConfig } from '../../plugins/rate-limit.js';
import { ErrorResponse } from '../../schemas/common.js';
import {
  LoginBody,
  LogoutQuery,
  LogoutResponse,
  PasswordResetBody,
  PasswordResetRequestBody,
  PasswordResetRequestReply,
  RegisterBody,
  SessionResponse,
  VerifyEmailBody,
} from './accounts.schemas.js';

const sessionReply = ({ user, token }: Session) => ({ user, token });

export async function authRoutes(app: AppInstance, { deps }: { deps: Deps }): Promise<void> {
  app.post(
    '/auth/register',
    {
      config: rateLimitConfig(deps.config, 'register'),
      schema: {
        tags: ['accounts'],
        summary: 'Create a customer account and sign in',
        description: 'Answers the token for API clients and sets the web app’s httpOnly session cookie.',
        body: RegisterBody,
        response: { 201: SessionResponse, 400: ErrorResponse, 409: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request, reply) => {
      const session = await registerCustomer(deps, request.body);
      // After the reply: a slow mail server must not slow sign-up; the account page can send it again.
      void sendEmailVerification(deps, session.user.id).catch((err: unknown) => request.log.error({ err }, 'verification mail not sent'));
      setSessionCookies(request, reply, deps, session);
      return reply.status(201).send(sessionReply(session));
    },
  );

  app.post(
    '/auth/login',
    {
      config: rateLimitConfig(deps.config, 'login'),
      preHandler: loginPerAccountLimit(app, deps),
      schema: {
        tags: ['accounts'],
        summary: 'Sign in with email and password',
        description:
          'Unknown email and wrong password give the same 401 INVALID_CREDENTIALS. Answers the token for API clients and sets the web app’s httpOnly session cookie. With two-factor sign-in on, a right password answers 401 TOTP_REQUIRED with details.challenge and no session: send the code to POST /auth/login/totp.',
        body: LoginBody,
        response: { 200: SessionResponse, 400: ErrorResponse, 401: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request, reply) => {
      const session = await logIn(deps, request.body);
      setSessionCookies(request, reply, deps, session);
      return sessionReply(session);
    },
  );

  app.post(
    '/auth/logout',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Sign out: the token (or cookie) stops working on every instance at once',
        security: [{ bearer: [] }],
        querystring: LogoutQuery,
        response: { 200: LogoutResponse, 400: ErrorResponse, 401: ErrorResponse },
      },
    },
    async (request, reply) => {
      // The cookies go even when the session is already gone, so a browser never keeps one it cannot use.
      clearSessionCookies(reply);
      return logOut(deps, sessionOf(request), request.query.everywhere === true);
    },
  );

  app.post(
    '/auth/password-reset',
    {
      // Shares sign-up's per-IP budget: both send mail to addresses a stranger types in.
      config: rateLimitConfig(deps.config, 'register'),
      schema: {
        tags: ['accounts'],
        summary: 'Mail a password reset link',
        description: 'Always 202 with the same message, whether or not the address has an account. The link works once, for an hour.',
        body: PasswordResetRequestBody,
        response: { 202: PasswordResetRequestReply, 400: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request, reply) => {
      await requestPasswordReset(deps, request.body.email);
      return reply.status(202).send({ message: 'If an account uses this address, a reset link is on its way.' });
    },
  );

  app.post(
    '/auth/password-reset/confirm',
    {
      config: rateLimitConfig(deps.config, 'login'),
      schema: {
        tags: ['accounts'],
        summary: 'Set a new password with the mailed token',
        description: 'Ends every session of the account and counts the address as confirmed. Then sign in with the new password.',
        body: PasswordResetBody,
        response: { 204: Type.Null(), 400: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request, reply) => {
      await resetPassword(deps, request.body);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/verify-email',
    {
      config: rateLimitConfig(deps.config, 'login'),
      schema: {
        tags: ['accounts'],
        summary: 'Confirm an e-mail address with the mailed token',
        body: VerifyEmailBody,
        response: { 204: Type.Null(), 400: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request, reply) => {
      await verifyEmail(deps, request.body.token);
      return reply.status(204).send(null);
    },
  );
}
