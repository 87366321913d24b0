import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable, isLockContention } from '../../db/pg-errors.js';
import { AppError, type WireErrorCode } from '../../domain/errors.js';
import { schemaFieldMessages, summary, type FieldMessage, type SchemaIssue } from './field-messages.js';

/** An error reply; `code` is one of the closed set the OpenAPI document lists. */
function errorBody(code: WireErrorCode, message: string, extra: { details?: unknown; requestId?: string } = {}) {
  return { error: { code, message, ...extra } };
}

/** A rule's field problems (`[{ field, message }]` from the domain) as field messages with a code. */
function ruleFieldMessages(details: unknown): FieldMessage[] | null {
  if (!Array.isArray(details) || !details.every((d) => typeof d === 'object' && d !== null && 'field' in d && 'message' in d)) return null;
  return (details as { field: string; message: string; code?: string }[]).map((d) => ({
    field: d.field,
    message: d.message,
    code: d.code ?? 'invalid',
  }));
}

/**
 * The one place errors become HTTP replies: AppError codes map to their status,
 * schema failures to 400 with the failing fields, framework 4xx keep their
 * status, and anything else is a logged 500 without internals.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    if (err instanceof AppError && err.code === 'VALIDATION_FAILED') {
      const fields = ruleFieldMessages(err.details);
      if (fields) return reply.status(400).send(errorBody('VALIDATION_FAILED', summary(fields), { details: { fields } }));
    }
    if (err instanceof AppError) {
      // 429/503 carry when to come back (fail-closed Redis operations, rate limits).
      const retryAfter = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
      if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
      return reply.status(err.status).send(errorBody(err.code, err.message, err.details === undefined ? {} : { details: err.details }));
    }
    if (err.validation) {
      const fields = schemaFieldMessages(err.validationContext ?? 'body', err.validation as SchemaIssue[]);
      return reply.status(400).send(errorBody('VALIDATION_FAILED', summary(fields), { details: { fields } }));
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      if (status === 429) return reply.status(429).send(errorBody('RATE_LIMITED', err.message));
      return reply.status(status).send(errorBody(status === 400 ? 'VALIDATION_FAILED' : 'BAD_REQUEST', err.message));
    }
    if (isDatabaseUnavailable(err)) {
      request.log.warn({ err }, 'database unavailable');
      return reply
        .status(503)
        .header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS))
        .send(
          errorBody('UNAVAILABLE', 'The service is briefly unavailable; please retry shortly', {
            details: { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS },
            requestId: request.id,
          }),
        );
    }
    // A row lock not granted within lock_timeout (a starved or slow holder): busy, never a 500, on any route.
    if (isLockContention(err)) {
      request.log.warn({ err }, 'lock not granted in time');
      return reply
        .status(409)
        .header('retry-after', '1')
        .send(errorBody('BUSY', 'This is in high demand right now; please retry', { details: { retryAfterSeconds: 1 } }));
    }
    request.log.error({ err }, 'unhandled error');
    return reply.status(500).send(errorBody('INTERNAL_ERROR', 'Something went wrong on our side', { requestId: request.id }));
  });

  app.setNotFoundHandler((request, reply) => {
    // A hostile URL can be kilobytes long: name the route, not all of it.
    const path = request.url.split('?')[0] ?? '';
    return reply
      .status(404)
      .send(errorBody('NOT_FOUND', `No route ${request.method} ${path.length > 120 ? `${path.slice(0, 120)}…` : path}`));
  });
}

/**
 * Errors the router raises before any route or hook runs (a malformed URL, a
 * path parameter over the length limit, a failed constraint): the same error
 * body as everything else, without echoing the URL back.
 */
export function frameworkErrorReply(err: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
  const message =
    err.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'A value in the URL path is longer than allowed'
      : err.code === 'FST_ERR_BAD_URL'
        ? 'The URL is not valid'
        : 'The request cannot be routed';
  void reply.status(status).send(errorBody(status === 400 ? 'VALIDATION_FAILED' : 'BAD_REQUEST', message));
}

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (headers too
 * large, a malformed request line, a client too slow): our error body, then
 * the connection closes as Node's own handler would.
 */
export function clientErrorReply(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, message] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'The request headers (URL or cookies) are larger than allowed']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'The request took too long to arrive']
        : [400, 'The request is not valid HTTP'];
  const body = JSON.stringify(errorBody(status === 400 ? 'VALIDATION_FAILED' : 'BAD_REQUEST', message));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
