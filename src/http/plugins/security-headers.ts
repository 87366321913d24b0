import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * Security headers on every reply (@fastify/helmet): a strict Content-Security-
 * Policy the web app passes (scripts, styles, fonts and API calls from this
 * origin only, QR codes as data: images, no framing), nosniff, no referrer
 * across origins. No CORS plugin is registered, so other origins cannot read
 * replies (closed by default). HSTS is sent on replies to requests that came
 * over TLS — directly, or through a proxy TRUST_PROXY believes — since a
 * browser ignores it over plain HTTP and local development must stay on it.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    hsts: false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  });
  app.addHook('onSend', async (request, reply) => {
    if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  });
}
