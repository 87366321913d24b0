import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Deps } from '../../context.js';
import { AppError } from '../../domain/errors.js';
import type { AppInstance } from '../app.js';
import { ErrorResponse } from '../schemas/common.js';

/**
 * Request rate and latency by route pattern for every answered request, and
 * `GET /metrics` for Prometheus. The route pattern, never the URL, is the
 * label: one series per route, however many event ids are asked for.
 */
export async function registerMetrics(app: AppInstance, deps: Deps): Promise<void> {
  app.addHook('onResponse', async (request, reply) => {
    // Unknown paths share one label: a scanner probing random URLs must not create series.
    const route = request.routeOptions.url ?? 'unmatched';
    deps.metrics.httpRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });

  app.get(
    '/metrics',
    {
      schema: {
        tags: ['operations'],
        summary: 'Prometheus metrics (bearer METRICS_TOKEN, or loopback clients only when it is unset)',
        response: { 200: Type.String(), 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (request, reply) => {
      authorizeScrape(request, deps.config.metricsToken);
      const body = await deps.metrics.render();
      return reply.header('content-type', deps.metrics.contentType).header('cache-control', 'no-store').send(body);
    },
  );
}

/**
 * With METRICS_TOKEN set, the scraper must send it as a bearer token.
 * Without it only loopback peers are served, judged by the socket's own
 * address (never X-Forwarded-For): a proxy on the same host must then keep
 * /metrics from the outside itself, as deploy/nginx.conf does.
 */
function authorizeScrape(request: FastifyRequest, token: string | undefined): void {
  if (token) {
    const sent = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!sent || !sameSecret(sent, token))
      throw new AppError('UNAUTHENTICATED', 'Send the metrics token as "Authorization: Bearer <METRICS_TOKEN>"');
    return;
  }
  if (!isLoopback(request.socket.remoteAddress)) {
    throw new AppError('FORBIDDEN', '/metrics answers loopback clients only; set METRICS_TOKEN to scrape it over the network');
  }
}

function sameSecret(a: string, b: string): boolean {
  // Hashing first gives equal lengths, so the comparison time says nothing about the token.
  const digest = (s: string): Buffer => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}
