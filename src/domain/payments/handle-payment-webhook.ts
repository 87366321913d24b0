import type { Deps } from '../../context.js';
import { WebhookSignatureError } from '../../adapters/payments/payment-provider.js';
import { deferPaymentEvent, findPaymentEvent, storePaymentEvent } from '../../db/repositories/payment-events.repository.js';
import { AppError } from '../errors.js';
import { applyPaymentEvent } from './apply-payment-event.js';

/**
 * A provider webhook: verified, then stored before anything else, so the
 * provider hears 2xx only once the notice is safe in our database (a database
 * outage answers 503 and the provider retries). Applying it is idempotent
 * (the state machine ignores moves already made); if it cannot be applied now
 * — an intent we cannot match yet, a failure — it stays stored and
 * reconciliation applies it later. Never dropped.
 */
export async function handlePaymentWebhook(deps: Deps, rawBody: string, signature: string | undefined): Promise<{ received: true }> {
  let event;
  try {
    event = deps.payments.parseWebhook(rawBody, signature);
  } catch (e) {
    if (e instanceof WebhookSignatureError) throw new AppError('VALIDATION_FAILED', `Webhook rejected: ${e.message}`);
    throw e;
  }
  const provider = deps.payments.name;
  await storePaymentEvent(deps.db, {
    provider,
    id: event.id,
    type: event.type,
    intentId: event.intentId,
    payload: rawBody,
    now: deps.clock.now(),
  });
  const stored = await findPaymentEvent(deps.db, provider, event.id);
  if (stored && !stored.processed_at) {
    await applyPaymentEvent(deps, stored).catch(async (e: unknown) => {
      deps.logger.warn({ err: e, eventId: event.id }, 'payment event stored but not applied; reconciliation retries it');
      await deferPaymentEvent(deps.db, {
        provider,
        id: event.id,
        outcome: 'failed',
        error: e instanceof Error ? e.message : String(e),
        retryAt: deps.clock.now(),
      }).catch(() => undefined);
    });
  }
  return { received: true };
}
