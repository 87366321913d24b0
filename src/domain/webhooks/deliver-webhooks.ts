import { postWebhook } from '../../adapters/webhooks/post-webhook.js';
import type { Deps } from '../../context.js';
import { leaseDueDeliveries, recordAttempt, type DueDelivery } from '../../db/repositories/webhooks.repository.js';
import { allowsInternalTargets, webhookSecretSealer } from './webhook-access.js';
import { maxWebhookAttempts, signatureHeader, signWebhook, webhookRetryDelayMs } from './webhook.rules.js';

/** A receiver gets this long to answer. */
const timeoutMs = 10_000;
/** A leased delivery is another worker's again after this (longer than the timeout). */
const leaseMs = 60_000;

/**
 * One pass of the webhook worker: leases due deliveries and POSTs them
 * `concurrency` at a time. A 2xx is delivered; anything else (3xx included,
 * no redirects are followed), a timeout or a refused address is retried with
 * exponential backoff until `maxWebhookAttempts`, then marked failed. Returns
 * the attempts made.
 */
export async function deliverWebhooks(deps: Deps, opts: { limit?: number; concurrency?: number } = {}): Promise<number> {
  const due = await leaseDueDeliveries(deps.db, deps.clock.now(), leaseMs, opts.limit ?? 50);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(opts.concurrency ?? 8, due.length) }, async () => {
      for (let i = next++; i < due.length; i = next++) await attempt(deps, due[i]!);
    }),
  );
  return due.length;
}

/** Tries one delivery at once if it is due and nobody holds it (a test ping, a redelivery). */
export async function attemptDeliveryNow(deps: Deps, deliveryId: string): Promise<void> {
  const [due] = await leaseDueDeliveries(deps.db, deps.clock.now(), leaseMs, 1, deliveryId);
  if (due) await attempt(deps, due);
}

async function attempt(deps: Deps, d: DueDelivery): Promise<void> {
  const at = deps.clock.now();
  const secret = webhookSecretSealer(deps).decrypt(d.secret_sealed);
  const res = await postWebhook(
    d.url,
    d.body,
    {
      [signatureHeader]: signWebhook(secret, d.body, at),
      'Boxoffice-Event': d.event_type,
      'Boxoffice-Delivery': d.id,
      'user-agent': 'Boxoffice-Webhooks/1',
    },
    { allowInternal: allowsInternalTargets(deps), timeoutMs },
  );
  const ok = res.status !== null && res.status >= 200 && res.status < 300;
  const attempts = d.attempts + 1;
  const outcome = ok ? 'delivered' : attempts >= maxWebhookAttempts ? 'failed' : 'pending';
  await recordAttempt(deps.db, {
    deliveryId: d.id,
    at,
    statusCode: res.status,
    durationMs: res.durationMs,
    error: ok ? null : (res.error ?? `HTTP ${res.status}`),
    outcome,
    nextAttemptAt: outcome === 'pending' ? new Date(at.getTime() + webhookRetryDelayMs(attempts)) : null,
  });
  if (!ok) deps.logger.info({ deliveryId: d.id, attempts, status: res.status, outcome }, 'webhook delivery failed');
}
