import type { AppInstance } from '../../app.js';
import type { Deps } from '../../../context.js';
import { checkAccessCode } from '../../../domain/access-codes/check-access-code.js';
import { deleteAccessCode, setAccessCodeEnabledFor } from '../../../domain/access-codes/change-access-code.js';
import { createAccessCode, createAccessCodes, importAccessCodesCsv } from '../../../domain/access-codes/create-access-codes.js';
import { listAccessCodes } from '../../../domain/access-codes/list-access-codes.js';
import { setPresale } from '../../../domain/access-codes/set-presale.js';
import { AppError } from '../../../domain/errors.js';
import { principalOf, requireAuth, requireRole } from '../../plugins/auth.js';
import { rateLimitConfig } from '../../plugins/rate-limit.js';
import { ErrorResponse, errorReplies, IdParams } from '../../schemas/common.js';
import { AdminEventReply, PageQuery } from './admin.schemas.js';
import {
  AccessCodeBody,
  AccessCodeCheckReply,
  AccessCodePage,
  AccessCodeReply,
  AccessCodesReply,
  BulkAccessCodesBody,
  CheckCodeParams,
  CodeParams,
  CsvBody,
  DeleteAccessCodeReply,
  EnabledBody,
  PresaleBody,
} from './access-codes.schemas.js';

const admin = { tags: ['admin'], security: [{ bearer: [] }] };
const owner = "The event's organizer or an admin; another organizer gets 403.";

/** Presale and access codes (docs/access-codes.md): the organizer's side, and the fan's check. */
export async function accessCodeRoutes(app: AppInstance, { deps }: { deps: Deps }): Promise<void> {
  const preValidation = requireRole('organizer', 'admin');
  // The CSV upload arrives as text; NUL bytes are refused here as the JSON guard does for JSON.
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => {
    if ((body as string).includes('\u0000')) {
      done(
        new AppError('VALIDATION_FAILED', 'Invalid request: body must not contain NUL bytes', [
          { field: 'body', message: 'contains a NUL byte' },
        ]),
      );
      return;
    }
    done(null, body);
  });

  app.post(
    '/admin/events/:id/access-codes',
    {
      preValidation,
      schema: {
        ...admin,
        summary: 'Create one access code',
        description: `${owner} A code the event already has is 400 with nothing written.`,
        params: IdParams,
        body: AccessCodeBody,
        response: { 201: AccessCodeReply, ...errorReplies },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ code: await createAccessCode(deps, principalOf(request), request.params.id, request.body) }),
  );

  app.post(
    '/admin/events/:id/access-codes/bulk',
    {
      preValidation,
      schema: {
        ...admin,
        summary: 'Create many access codes from a JSON list (all or none)',
        description: `${owner} Every row is checked first; any bad row is 400 with row-level details and nothing written.`,
        params: IdParams,
        body: BulkAccessCodesBody,
        response: { 201: AccessCodesReply, ...errorReplies },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ items: await createAccessCodes(deps, principalOf(request), request.params.id, request.body.codes) }),
  );

  app.post(
    '/admin/events/:id/access-codes/import',
    {
      preValidation,
      bodyLimit: 2_100_000,
      schema: {
        ...admin,
        summary: 'Create many access codes from a CSV upload (Content-Type: text/csv; all or none)',
        description: `${owner} Columns: code,maxUses,validFrom,validUntil,discountKind,discountValue,unlocksTiers. Any bad row is 400 with its line number and nothing written.`,
        params: IdParams,
        consumes: ['text/csv'],
        body: CsvBody,
        response: { 201: AccessCodesReply, ...errorReplies, 413: ErrorResponse, 415: ErrorResponse },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ items: await importAccessCodesCsv(deps, principalOf(request), request.params.id, request.body) }),
  );

  app.get(
    '/admin/events/:id/access-codes',
    {
      preValidation,
      schema: {
        ...admin,
        summary: "The event's access codes with their uses, newest first",
        description: owner,
        params: IdParams,
        querystring: PageQuery,
        response: { 200: AccessCodePage, ...errorReplies },
      },
    },
    async (request) => listAccessCodes(deps, principalOf(request), request.params.id, request.query),
  );

  app.patch(
    '/admin/events/:id/access-codes/:codeId',
    {
      preValidation,
      schema: {
        ...admin,
        summary: 'Enable or disable an access code',
        description: `${owner} Holds already made with it keep it.`,
        params: CodeParams,
        body: EnabledBody,
        response: { 200: AccessCodeReply, ...errorReplies },
      },
    },
    async (request) => ({
      code: await setAccessCodeEnabledFor(deps, principalOf(request), request.params.id, request.params.codeId, request.body.enabled),
    }),
  );

  app.delete(
    '/admin/events/:id/access-codes/:codeId',
    {
      preValidation,
      schema: {
        ...admin,
        summary: 'Delete an access code no hold ever used; a used one is disabled instead',
        description: owner,
        params: CodeParams,
        response: { 200: DeleteAccessCodeReply, ...errorReplies },
      },
    },
    async (request) => deleteAccessCode(deps, principalOf(request), request.params.id, request.params.codeId),
  );

  app.put(
    '/admin/events/:id/presale',
    {
      preValidation,
      schema: {
        ...admin,
        summary: "Set the event's presale start and its hidden tiers",
        description: `${owner} Holds from presaleStartsAt until saleStartsAt need a valid access code; hidden tiers sell only with a code that unlocks them.`,
        params: IdParams,
        body: PresaleBody,
        response: { 200: AdminEventReply, ...errorReplies },
      },
    },
    async (request) => ({ event: await setPresale(deps, principalOf(request), request.params.id, request.body) }),
  );

  app.get(
    '/events/:id/access-codes/:code',
    {
      config: rateLimitConfig(deps.config, 'holds'),
      preValidation: requireAuth,
      schema: {
        tags: ['booking'],
        security: [{ bearer: [] }],
        summary: 'Check an access code without using it: valid now?, the hidden tiers it unlocks, its discount',
        description: 'Signed in, rate limited like holds. The hold re-checks the code in its own statement.',
        params: CheckCodeParams,
        response: { 200: AccessCodeCheckReply, ...errorReplies, 429: ErrorResponse },
      },
    },
    async (request) => checkAccessCode(deps, request.params.id, request.params.code),
  );
}
