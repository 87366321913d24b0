import { createHmac, timingSafeEqual } from 'node:crypto';
import { WebhookSignatureError } from './payment-provider.js';

/** Header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`, as Stripe does. */
export const signatureHeaderName = 'boxoffice-signature';
/** Older signatures are refused so a captured request cannot be replayed later. */
const replayWindowSeconds = 300;

export function signWebhook(secret: Buffer, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

export function verifyWebhookSignature(secret: Buffer, body: string, header: string | undefined, now: Date): void {
  if (!header) throw new WebhookSignatureError('Missing signature header');
  const parts = new Map(header.split(',').map((kv) => [kv.slice(0, kv.indexOf('=')).trim(), kv.slice(kv.indexOf('=') + 1).trim()]));
  const t = Number(parts.get('t'));
  const given = parts.get('v1');
  if (!Number.isInteger(t) || !given || !/^[0-9a-f]{64}$/.test(given)) throw new WebhookSignatureError('Malformed signature header');
  if (Math.abs(now.getTime() / 1000 - t) > replayWindowSeconds)
    throw new WebhookSignatureError('Signature timestamp outside the replay window');
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  if (!timingSafeEqual(expected, Buffer.from(given, 'hex'))) throw new WebhookSignatureError('Signature does not match');
}
