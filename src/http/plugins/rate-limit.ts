import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Config, RateLimits } from '../../config.js';
import type { Deps } from '../../context.js';
import { AppError } from '../../domain/errors.js';
import { normaliseEmail } from '../../domain/users/users.rules.js';

export type RateLimitedAction = keyof RateLimits;

const WINDOW_MS = 60_000;

/**
 * Signed-in callers are limited per account, so many fans behind one NAT (a
 * stadium Wi-Fi, a mobile carrier) do not share one budget; anonymous calls
 * per IP. A route whose statement checks the session counts the account its
 * token names: a signed-out token still spends that account's budget.
 */
function rateLimitKey(request: FastifyRequest): string {
  const account = request.principal ?? request.claimed;
  return account ? `acct:${account.userId}` : `ip:${request.ip}`;
}

/**
 * Sign-in and sign-up are limited per IP whether or not a token is attached:
 * keyed per account, every self-registered account would bring a fresh budget
 * for guessing passwords and creating more accounts.
 */
const ipKey = (request: FastifyRequest): string => `ip:${request.ip}`;
const perIpActions: ReadonlySet<RateLimitedAction> = new Set(['login', 'register']);

/**
 * Registers @fastify/rate-limit with no global limit: routes opt in through
 * `config: rateLimitConfig(deps.config, 'holds')`. Counters live in Redis
 * when configured (shared by every instance), else in this process. A Redis
 * outage lets requests through (skipOnError): selling must not stop because
 * the limiter's store is away.
 */
export async function registerRateLimit(app: FastifyInstance, deps: Deps): Promise<void> {
  // The limiter talks to ioredis directly, and a command sent before the (lazy) connection is up is dropped (no
  // offline queue) and so not counted. Start serving once the first attempt is over; an outage does not hold it up long.
  const redis = deps.redis;
  if (redis) app.addHook('onReady', async () => void (await redis.ready()));
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
): { rateLimit: { max: number; timeWindow: number; keyGenerator?: (request: FastifyRequest) => string } } {
  return {
    rateLimit: { max: config.rateLimits[action], timeWindow: WINDOW_MS, ...(perIpActions.has(action) ? { keyGenerator: ipKey } : {}) },
  };
}

/**
 * A preHandler limiting sign-in attempts per target account (the same budget
 * as per IP), so guesses spread over many addresses (a botnet stuffing
 * credentials) still meet a wall per account. The key is the email's blind
 * index: no address reaches Redis.
 */
export function loginPerAccountLimit(app: FastifyInstance, deps: Deps): preHandlerAsyncHookHandler {
  const limiter = app.createRateLimit({
    max: deps.config.rateLimits.login,
    timeWindow: WINDOW_MS,
    keyGenerator: (request) => {
      const email = (request.body as { email?: unknown } | undefined)?.email;
      const target = typeof email === 'string' ? deps.pii.blindIndex(normaliseEmail(email)).toString('hex') : 'none';
      return `login-acct:${target}`;
    },
  });
  return async (request) => {
    const result = await limiter(request);
    if (!result.isAllowed && result.isExceeded) {
      throw new AppError('RATE_LIMITED', `Too many sign-in attempts for this account; retry in ${result.ttlInSeconds} seconds`, {
        retryAfterSeconds: result.ttlInSeconds,
      });
    }
  };
}
