import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../../domain/errors.js';
import type { AuthTokens, Principal, Role } from '../../security/auth-tokens.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller, when a valid bearer token was sent. */
    principal: Principal | null;
    /** Set when a token was sent but is invalid or expired. */
    authError: string | null;
  }
}

async function auth(app: FastifyInstance, opts: { tokens: AuthTokens }): Promise<void> {
  app.decorateRequest('principal', null);
  app.decorateRequest('authError', null);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (!header) return;
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) {
      request.authError = 'Authorization header must be "Bearer <token>"';
      return;
    }
    const principal = await opts.tokens.verify(match[1]);
    if (principal) request.principal = principal;
    else request.authError = 'Token is invalid or expired';
  });
}

export const authPlugin = fp(auth, { name: 'auth' });

/** The authenticated caller, or a 401. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) {
    throw new AppError('UNAUTHENTICATED', request.authError ?? 'Sign in to do this');
  }
  return request.principal;
}

export const requireAuth: preHandlerAsyncHookHandler = async (request) => {
  principalOf(request);
};

export function requireRole(...allowed: Role[]): preHandlerAsyncHookHandler {
  return async (request) => {
    const principal = principalOf(request);
    if (!principal.roles.some((r) => allowed.includes(r))) {
      throw new AppError('FORBIDDEN', `This needs one of the roles: ${allowed.join(', ')}`);
    }
  };
}

export const isAdmin = (p: Principal): boolean => p.roles.includes('admin');
