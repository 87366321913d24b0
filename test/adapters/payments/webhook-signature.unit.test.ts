import { describe, expect, it } from 'vitest';
import { WebhookSignatureError } from '../../../src/adapters/payments/payment-provider.js';
import { signWebhook, verifyWebhookSignature } from '../../../src/adapters/payments/webhook-signature.js';

const secret = Buffer.alloc(32, 7);

describe('webhook signatures', () => {
  const at = new Date('2026-03-01T12:00:00Z');
  it('accept the exact body within the replay window and refuse anything else', () => {
    const header = signWebhook(secret, '{"a":1}', at);
    expect(() => verifyWebhookSignature(secret, '{"a":1}', header, new Date(at.getTime() + 299_000))).not.toThrow();
    expect(() => verifyWebhookSignature(secret, '{"a":2}', header, at)).toThrow(WebhookSignatureError);
    expect(() => verifyWebhookSignature(secret, '{"a":1}', header, new Date(at.getTime() + 301_000))).toThrow(/replay window/);
    expect(() => verifyWebhookSignature(Buffer.alloc(32, 8), '{"a":1}', header, at)).toThrow(/does not match/);
    expect(() => verifyWebhookSignature(secret, '{"a":1}', undefined, at)).toThrow(/Missing/);
    expect(() => verifyWebhookSignature(secret, '{"a":1}', 't=abc,v1=00', at)).toThrow(/Malformed/);
  });
});
