import type { AppInstance } from '../../app.js';
import type { Deps } from '../../../context.js';
import { logIn } from '../../../domain/users/log-in.js';
import { logOut } from '../../../domain/users/log-out.js';
import { registerCustomer } from '../../../domain/users/register-customer.js';
import type { Session } from '../../../domain/users/users.types.js';
import { clearSessionCookies, sessionOf, setSessionCookies } from '../../plugins/auth.js';
import { loginPerAccountLimit, rateLimitConfig } from '../../plugins/rate-limit.js';
import { ErrorResponse } from '../../schemas/common.js';
import { LoginBody, LogoutQuery, LogoutResponse, RegisterBody, SessionResponse } from './accounts.schemas.js';

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
          'Unknown email and wrong password give the same 401 INVALID_CREDENTIALS. Answers the token for API clients and sets the web app’s httpOnly session cookie.',
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
}
