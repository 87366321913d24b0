import { Type } from 'typebox';
import type { AppInstance } from '../../app.js';
import type { Deps } from '../../../context.js';
import { disableTotp } from '../../../domain/users/disable-totp.js';
import { confirmTotpEnrolment, getTotpStatus, startTotpEnrolment } from '../../../domain/users/totp-enrolment.js';
import { completeTotpLogin } from '../../../domain/users/totp-login.js';
import { principalOf, requireAuth, requireRole, setSessionCookies } from '../../plugins/auth.js';
import { rateLimitConfig } from '../../plugins/rate-limit.js';
import { ErrorResponse } from '../../schemas/common.js';
import { SessionResponse } from './accounts.schemas.js';
import { TotpConfirmBody, TotpConfirmReply, TotpDisableBody, TotpEnrolmentReply, TotpLoginBody, TotpStatusReply } from './totp.schemas.js';

const authenticated = { tags: ['accounts'], security: [{ bearer: [] }] };
/** The issue asks two-factor sign-in of the accounts that run events; customers may not enrol. */
const staffOnly = requireRole('organizer', 'admin');

export async function totpRoutes(app: AppInstance, { deps }: { deps: Deps }): Promise<void> {
  app.get(
    '/me/totp',
    {
      preValidation: requireAuth,
      schema: { ...authenticated, summary: 'Whether sign-in asks me for a code', response: { 200: TotpStatusReply, 401: ErrorResponse } },
    },
    async (request) => getTotpStatus(deps, principalOf(request).userId),
  );

  app.post(
    '/me/totp',
    {
      preValidation: staffOnly,
      schema: {
        ...authenticated,
        summary: 'Start setting up two-factor sign-in (organizers and admins)',
        description:
          'A new secret, as a QR code and as text. Nothing changes at sign-in until POST /me/totp/confirm with a code from the app.',
        response: { 200: TotpEnrolmentReply, 401: ErrorResponse, 403: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request) => startTotpEnrolment(deps, principalOf(request).userId),
  );

  app.post(
    '/me/totp/confirm',
    {
      preValidation: staffOnly,
      config: rateLimitConfig(deps.config, 'login'),
      schema: {
        ...authenticated,
        summary: 'Turn two-factor sign-in on with a code from the app',
        description: 'Answers ten single-use recovery codes, shown this once.',
        body: TotpConfirmBody,
        response: {
          200: TotpConfirmReply,
          400: ErrorResponse,
          401: ErrorResponse,
          403: ErrorResponse,
          409: ErrorResponse,
          422: ErrorResponse,
          429: ErrorResponse,
        },
      },
    },
    async (request) => confirmTotpEnrolment(deps, principalOf(request).userId, request.body.code.trim()),
  );

  app.delete(
    '/me/totp',
    {
      // Any account that has it may turn it off, even after losing the organizer role.
      preValidation: requireAuth,
      config: rateLimitConfig(deps.config, 'login'),
      schema: {
        ...authenticated,
        summary: 'Turn two-factor sign-in off',
        description: 'Needs a current code, a recovery code or the password.',
        body: TotpDisableBody,
        response: { 204: Type.Null(), 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request, reply) => {
      await disableTotp(deps, principalOf(request).userId, request.body);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/auth/login/totp',
    {
      config: rateLimitConfig(deps.config, 'login'),
      schema: {
        tags: ['accounts'],
        summary: 'Second step of sign-in: the code for a TOTP_REQUIRED challenge',
        description:
          'A code is accepted once (a replay is refused) within ±30 s of its time; a challenge lasts 5 minutes and takes 5 codes. A recovery code works in place of the app’s code, once. Wrong code: 401 INVALID_CREDENTIALS; a spent challenge says details.restart.',
        body: TotpLoginBody,
        response: { 200: SessionResponse, 400: ErrorResponse, 401: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request, reply) => {
      const session = await completeTotpLogin(deps, request.body);
      setSessionCookies(request, reply, deps, session);
      return { user: session.user, token: session.token };
    },
  );
}
