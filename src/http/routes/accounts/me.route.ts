import type { AppInstance } from '../../app.js';
import type { Deps } from '../../../context.js';
import { eraseAccount } from '../../../domain/users/erase-account.js';
import { exportPersonalData } from '../../../domain/users/export-personal-data.js';
import { getCurrentUser } from '../../../domain/users/get-current-user.js';
import { changePassword } from '../../../domain/users/change-password.js';
import { sendEmailVerification } from '../../../domain/users/email-verification.js';
import { listSessions } from '../../../domain/users/list-sessions.js';
import { clearSessionCookies, principalOf, requireAuth, sessionOf, setSessionCookies } from '../../plugins/auth.js';
import { rateLimitConfig } from '../../plugins/rate-limit.js';
import { ErrorResponse } from '../../schemas/common.js';
import {
  ChangePasswordBody,
  EmailVerificationReply,
  EraseResponse,
  ExportResponse,
  MeResponse,
  SessionResponse,
  SessionsResponse,
} from './accounts.schemas.js';
import { EraseBody } from './privacy.schemas.js';

const authenticated = { tags: ['accounts'], security: [{ bearer: [] }] };

export async function meRoutes(app: AppInstance, { deps }: { deps: Deps }): Promise<void> {
  app.get(
    '/me',
    {
      preValidation: requireAuth,
      schema: { ...authenticated, summary: 'The signed-in account', response: { 200: MeResponse, 401: ErrorResponse } },
    },
    async (request) => {
      const user = await getCurrentUser(deps, principalOf(request).userId);
      return { user: { id: user.id, email: user.email, name: user.name, roles: user.roles, emailVerified: user.emailVerified } };
    },
  );

  app.get(
    '/me/export',
    {
      preValidation: requireAuth,
      schema: {
        ...authenticated,
        summary: 'Download all personal data held about me',
        response: { 200: ExportResponse, 401: ErrorResponse },
      },
    },
    async (request, reply) => {
      const data = await exportPersonalData(deps, principalOf(request).userId);
      return reply.header('content-disposition', 'attachment; filename="boxoffice-personal-data.json"').send({
        exportedAt: data.exportedAt.toISOString(),
        user: { ...data.user, createdAt: data.user.createdAt.toISOString() },
        activity: data.activity.map((a) => ({ action: a.action, at: a.at.toISOString() })),
        sections: data.sections,
      });
    },
  );

  app.get(
    '/me/sessions',
    {
      preValidation: requireAuth,
      schema: { ...authenticated, summary: 'My signed-in sessions, newest first', response: { 200: SessionsResponse, 401: ErrorResponse } },
    },
    async (request) => {
      const sessions = await listSessions(deps, sessionOf(request));
      return { sessions: sessions.map((s) => ({ ...s, createdAt: s.createdAt.toISOString(), expiresAt: s.expiresAt.toISOString() })) };
    },
  );

  app.post(
    '/me/email-verification',
    {
      preValidation: requireAuth,
      config: rateLimitConfig(deps.config, 'register'),
      schema: {
        ...authenticated,
        summary: 'Send the e-mail confirmation link again',
        description: 'Earlier links stop working. Answers sent: false when the address is already confirmed.',
        response: { 200: EmailVerificationReply, 401: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request) => sendEmailVerification(deps, principalOf(request).userId),
  );

  app.post(
    '/me/password',
    {
      preValidation: requireAuth,
      schema: {
        ...authenticated,
        summary: 'Change my password',
        description: 'Ends every session of the account, this one included, and answers a new token (and cookie) for the caller.',
        body: ChangePasswordBody,
        response: { 200: SessionResponse, 400: ErrorResponse, 401: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { userId } = principalOf(request);
      const session = await changePassword(deps, userId, request.body);
      setSessionCookies(request, reply, deps, session);
      return { user: await getCurrentUser(deps, userId), token: session.token };
    },
  );

  app.delete(
    '/me',
    {
      preValidation: requireAuth,
      schema: {
        ...authenticated,
        summary: 'Erase my account',
        description:
          "Confirmed by the account's own address in the body. Tickets for upcoming events are voided and refunded; " +
          'personal data is erased at once and its key destroyed; past orders are kept for accounting under the pseudonymous account id ' +
          '(GET /me/erasure-preview states it all before).',
        body: EraseBody,
        response: { 202: EraseResponse, 400: ErrorResponse, 401: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { erasedAt } = await eraseAccount(deps, principalOf(request).userId, request.body);
      clearSessionCookies(reply);
      return reply.status(202).send({ status: 'erased' as const, erasedAt: erasedAt.toISOString() });
    },
  );
}
