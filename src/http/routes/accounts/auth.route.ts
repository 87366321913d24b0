import type { AppInstance } from '../../app.js';
import type { Deps } from '../../../context.js';
import { logIn } from '../../../domain/users/log-in.js';
import { registerCustomer } from '../../../domain/users/register-customer.js';
import { rateLimitConfig } from '../../plugins/rate-limit.js';
import { ErrorResponse } from '../../schemas/common.js';
import { LoginBody, RegisterBody, SessionResponse } from './accounts.schemas.js';

export async function authRoutes(app: AppInstance, { deps }: { deps: Deps }): Promise<void> {
  app.post(
    '/auth/register',
    {
      config: rateLimitConfig(deps.config, 'register'),
      schema: {
        tags: ['accounts'],
        summary: 'Create a customer account and sign in',
        body: RegisterBody,
        response: { 201: SessionResponse, 400: ErrorResponse, 409: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request, reply) => reply.status(201).send(await registerCustomer(deps, request.body)),
  );

  app.post(
    '/auth/login',
    {
      config: rateLimitConfig(deps.config, 'login'),
      schema: {
        tags: ['accounts'],
        summary: 'Sign in with email and password',
        description: 'Unknown email and wrong password give the same 401 INVALID_CREDENTIALS.',
        body: LoginBody,
        response: { 200: SessionResponse, 400: ErrorResponse, 401: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request) => logIn(deps, request.body),
  );
}
