import type { FastifyError, FastifyInstance } from 'fastify';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '../../db/db-errors.js';
import { AppError } from '../../domain/errors.js';

interface ValidationIssue {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/**
 * The one place errors become HTTP replies: AppError codes map to their status,
 * schema failures to 400 with the failing fields, framework 4xx keep their
 * status, and anything else is a logged 500 without internals.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    if (err instanceof AppError) {
      // 429/503 carry when to come back (fail-closed Redis operations, rate limits).
      const retryAfter = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
      if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
      return reply.status(err.status).send({
        error: { code: err.code, message: err.message, ...(err.details === undefined ? {} : { details: err.details }) },
      });
    }
    if (err.validation) {
      const details = (err.validation as ValidationIssue[]).map((issue) => ({
        field: `${err.validationContext ?? 'body'}${issue.instancePath ?? ''}`,
        message: issue.message ?? 'is invalid',
        ...(issue.params && 'additionalProperty' in issue.params ? { property: issue.params.additionalProperty } : {}),
      }));
      return reply.status(400).send({
        error: {
          code: 'VALIDATION_FAILED',
          message: `Invalid ${err.validationContext ?? 'request'}: ${details[0]?.field} ${details[0]?.message}`,
          details,
        },
      });
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      if (status === 429) return reply.status(429).send({ error: { code: 'RATE_LIMITED', message: err.message } });
      return reply.status(status).send({ error: { code: status === 400 ? 'VALIDATION_FAILED' : 'BAD_REQUEST', message: err.message } });
    }
    if (isDatabaseUnavailable(err)) {
      request.log.warn({ err }, 'database unavailable');
      return reply
        .status(503)
        .header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS))
        .send({
          error: {
            code: 'UNAVAILABLE',
            message: 'The service is briefly unavailable; please retry shortly',
            details: { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS },
          },
        });
    }
    request.log.error({ err }, 'unhandled error');
    return reply
      .status(500)
      .send({ error: { code: 'INTERNAL_ERROR', message: 'Something went wrong on our side', requestId: request.id } });
  });

  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: 'NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0]}` } }),
  );
}
