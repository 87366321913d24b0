import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** Issue 12, defect 6: no CSP, nosniff or frame-ancestors were sent. */
describe('security headers and CORS', () => {
  let t: TestApp;
  let proxied: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    proxied = await createTestApp({ config: { trustProxy: true } });
  });
  afterAll(async () => {
    await proxied?.close();
    await t?.close();
  });

  it('sends a strict CSP, nosniff and no framing on API replies and errors alike', async () => {
    for (const url of ['/api/v1/search/events', '/api/v1/me', '/api/v1/nope']) {
      const res = await t.app.inject({ method: 'GET', url });
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      // Stripe.js is admitted only when Stripe is configured (test/domain/payments/stripe-checkout.test.ts).
      expect(csp).not.toContain('stripe.com');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('keeps CORS closed: another origin gets no Access-Control-Allow-Origin, on a read or a preflight', async () => {
    const read = await t.app.inject({ method: 'GET', url: '/api/v1/search/events', headers: { origin: 'https://evil.example' } });
    expect(read.headers['access-control-allow-origin']).toBeUndefined();
    expect(read.headers['access-control-allow-credentials']).toBeUndefined();
    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/auth/login',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.statusCode).toBeGreaterThanOrEqual(400);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('sends HSTS only when TLS terminated in front of a trusted proxy', async () => {
    const tls = await proxied.app.inject({ method: 'GET', url: '/api/v1/search/events', headers: { 'x-forwarded-proto': 'https' } });
    expect(tls.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    const plain = await proxied.app.inject({ method: 'GET', url: '/api/v1/search/events' });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    // Without TRUST_PROXY a forged header changes nothing.
    const forged = await t.app.inject({ method: 'GET', url: '/api/v1/search/events', headers: { 'x-forwarded-proto': 'https' } });
    expect(forged.headers['strict-transport-security']).toBeUndefined();
  });
});
