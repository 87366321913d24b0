import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config, RateLimits } from '../../config.js';
import type { Deps } from '../../context.js';
import { AppError } from '../../domain/errors.js';

export type RateLimitedAction = keyof RateLimits;

const WINDOW_MS = 60_000;

/**
 * Signed-in callers are limited per account, so many fans behind one NAT (a
 * stadium Wi-Fi, a mobile carrier) do not share one budget; anonymous calls
 * (login, register) per IP.
 */
function rateLimitKey(request: FastifyRequest): string {
  return request.principal ? `acct:${request.principal.userId}` : `ip:${request.ip}`;
}

/**
 * Registers @fastify/rate-limit with no global limit: routes opt in through
 * `config: rateLimitConfig(deps.config, 'holds')`. Counters live in Redis
 * when configured (shared by every instance), else in this process. A Redis
 * outage lets requests through (skipOnError): selling must not stop because
 * the limiter's store is away.
 */
export async function registerRateLimit(app: FastifyInstance, deps: Deps): Promise<void> {
  // The limiter talks to ioredis directly; start the (lazy) connection so its first calls count.
  if (deps.redis) void deps.redis.ready(0);
  await app.register(fastifyRateLimit, {
    global: false,
    hook: 'onRequest',
    ...(deps.redis ? { redis: deps.redis.client, nameSpace: 'bo:rl:' } : {}),
    skipOnError: true,
    keyGenerator: rateLimitKey,
    addHeadersOnExceeding: { 'x-ratelimit-limit': true, 'x-ratelimit-remaining': true, 'x-ratelimit-reset': true },
    addHeaders: { 'x-ratelimit-limit': true, 'x-ratelimit-remaining': true, 'x-ratelimit-reset': true, 'retry-after': true },
    // The plugin has already set Retry-After; the error handler shapes the body.
    errorResponseBuilder: (_request, context) => new AppError('RATE_LIMITED', `Too many requests; retry in ${context.after}`),
  });
}

/** Route `config` for one rate-limited action, its budget per minute from config.ts. */
export function rateLimitConfig(
  config: Pick<Config, 'rateLimits'>,
  action: RateLimitedAction,
): { rateLimit: { max: number; timeWindow: number } } {
  return { rateLimit: { max: config.rateLimits[action], timeWindow: WINDOW_MS } };
}
