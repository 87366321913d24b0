import { Type } from 'typebox';
import type { AppInstance } from '../../app.js';
import type { Deps } from '../../../context.js';
import { signOutOtherSessions, signOutSession } from '../../../domain/users/sign-out-sessions.js';
import { changeEmail, mailEmailChange, renameAccount } from '../../../domain/users/update-profile.js';
import type { User } from '../../../domain/users/users.types.js';
import { principalOf, requireAuth, sessionOf } from '../../plugins/auth.js';
import { rateLimitConfig } from '../../plugins/rate-limit.js';
import { ErrorResponse, IdParams } from '../../schemas/common.js';
import { ChangeEmailBody, LogoutResponse, MeResponse, RenameBody } from './accounts.schemas.js';

const authenticated = { tags: ['accounts'], security: [{ bearer: [] }] };
const shape = (user: User) => ({
  user: { id: user.id, email: user.email, name: user.name, roles: user.roles, emailVerified: user.emailVerified },
});

/** The account page's writes: name, address, and ending sessions. */
export async function profileRoutes(app: AppInstance, { deps }: { deps: Deps }): Promise<void> {
  app.patch(
    '/me',
    {
      preValidation: requireAuth,
      schema: {
        ...authenticated,
        summary: 'Change my name',
        body: RenameBody,
        response: { 200: MeResponse, 400: ErrorResponse, 401: ErrorResponse },
      },
    },
    async (request) => shape(await renameAccount(deps, principalOf(request).userId, request.body.name)),
  );

  app.post(
    '/me/email',
    {
      preValidation: requireAuth,
      // Mails go to an address the caller types in, as with sign-up.
      config: rateLimitConfig(deps.config, 'register'),
      schema: {
        ...authenticated,
        summary: 'Change my e-mail address',
        description:
          'Needs the password. The account switches to the new address at once, marked unconfirmed; a confirmation link goes to the new address and a notice to the old one.',
        body: ChangeEmailBody,
        response: { 200: MeResponse, 400: ErrorResponse, 401: ErrorResponse, 409: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request) => {
      const { userId } = principalOf(request);
      const { user, previousEmail } = await changeEmail(deps, userId, request.body);
      // After the reply, as at sign-up: a slow mail server must not slow the page; it can send the link again.
      if (previousEmail)
        void mailEmailChange(deps, userId, previousEmail).catch((err: unknown) =>
          request.log.error({ err }, 'address change mail not sent'),
        );
      return shape(user);
    },
  );

  app.delete(
    '/me/sessions',
    {
      preValidation: requireAuth,
      schema: {
        ...authenticated,
        summary: 'Sign out everywhere else',
        description: 'Ends every session of the account except the one of this request.',
        response: { 200: LogoutResponse, 401: ErrorResponse },
      },
    },
    async (request) => signOutOtherSessions(deps, sessionOf(request)),
  );

  app.delete(
    '/me/sessions/:id',
    {
      preValidation: requireAuth,
      schema: {
        ...authenticated,
        summary: 'End one of my sessions',
        description: 'Another account’s session is not found (404).',
        params: IdParams,
        response: { 204: Type.Null(), 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      await signOutSession(deps, principalOf(request).userId, request.params.id);
      return reply.status(204).send(null);
    },
  );
}
