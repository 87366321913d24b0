import type { AppInstance } from '../../app.js';
import type { Deps } from '../../../context.js';
import { listConsents, setConsent, type ConsentState } from '../../../domain/privacy/consents.js';
import { previewErasure } from '../../../domain/privacy/erasure-policy.js';
import { principalOf, requireAuth } from '../../plugins/auth.js';
import { ErrorResponse } from '../../schemas/common.js';
import { ConsentBody, ConsentParams, ConsentResponse, ConsentsResponse, ErasurePreviewResponse } from './privacy.schemas.js';

const authenticated = { tags: ['accounts'], security: [{ bearer: [] }] };

const consentView = (c: ConsentState) => ({ ...c, grantedAt: c.grantedAt?.toISOString() ?? null });

/** The caller's own consents and what erasing the account would do (GDPR Art. 7 and 17). */
export async function privacyRoutes(app: AppInstance, { deps }: { deps: Deps }): Promise<void> {
  app.get(
    '/me/erasure-preview',
    {
      preValidation: requireAuth,
      schema: {
        ...authenticated,
        summary: 'What erasing my account would do',
        description: 'Lists the orders whose tickets erasure would void and refund, and states the policy.',
        response: { 200: ErasurePreviewResponse, 401: ErrorResponse },
      },
    },
    async (request) => {
      const preview = await previewErasure(deps, principalOf(request).userId);
      return { ...preview, upcomingTickets: preview.upcomingTickets.map((u) => ({ ...u, startsAt: u.startsAt.toISOString() })) };
    },
  );

  app.get(
    '/me/consents',
    {
      preValidation: requireAuth,
      schema: { ...authenticated, summary: 'My consents and their history', response: { 200: ConsentsResponse, 401: ErrorResponse } },
    },
    async (request) => {
      const { consents, history } = await listConsents(deps, principalOf(request).userId);
      return {
        consents: consents.map(consentView),
        history: history.map((h) => ({ ...h, grantedAt: h.grantedAt.toISOString(), withdrawnAt: h.withdrawnAt?.toISOString() ?? null })),
      };
    },
  );

  app.put(
    '/me/consents/:purpose',
    {
      preValidation: requireAuth,
      schema: {
        ...authenticated,
        summary: 'Grant or withdraw a consent',
        description: 'A grant records the version of the wording shown today; repeating the current state changes nothing.',
        params: ConsentParams,
        body: ConsentBody,
        response: { 200: ConsentResponse, 400: ErrorResponse, 401: ErrorResponse },
      },
    },
    async (request) => ({
      consent: consentView(await setConsent(deps, principalOf(request).userId, request.params.purpose, request.body.granted)),
    }),
  );
}
