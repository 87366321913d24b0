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
 * With `stripe` (Stripe configured) and only then, Stripe.js may load from
 * js.stripe.com, frame its card fields and 3-D Secure pages, and call its API
 * (Stripe's published CSP list for the Payment Element).
 */
export async function registerSecurityHeaders(app: FastifyInstance, opts: { stripe: boolean } = { stripe: false }): Promise<void> {
  const stripe = (...sources: string[]): string[] => (opts.stripe ? sources : []);
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...stripe('https://js.stripe.com', 'https://*.js.stripe.com')],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', ...stripe('https://*.stripe.com')],
        fontSrc: ["'self'"],
        connectSrc: ["'self'", ...stripe('https://api.stripe.com')],
        ...(opts.stripe ? { frameSrc: ['https://js.stripe.com', 'https://*.js.stripe.com', 'https://hooks.stripe.com'] } : {}),
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
