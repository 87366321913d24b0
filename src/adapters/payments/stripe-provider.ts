import Stripe from 'stripe';
import type { Clock } from '../../domain/clock.js';
import type { IntentPage, IntentStatus, PaymentIntent, PaymentProvider, WebhookEvent } from './payment-provider.js';
import { WebhookSignatureError } from './payment-provider.js';

export interface StripeProviderOptions {
  secretKey: string;
  webhookSecret: string;
  clock: Clock;
  /** Another API endpoint (a local double in tests, stripe-mock): the SDK's own host/port/protocol options. */
  api?: { host: string; port: number; protocol: 'http' | 'https' } | undefined;
}

/** Signatures older than this are refused (Stripe's default tolerance). */
const webhookToleranceSeconds = 300;
/**
 * Stripe lists intents by creation time, not capture time: captures are looked
 * for among intents created this long before the window (an authorisation
 * lives 7 days at most; our attempts are captured within minutes).
 */
const captureLookbackMs = 24 * 3_600_000;
const authorizationLookbackMs = 8 * 24 * 3_600_000;

function statusOf(pi: Stripe.PaymentIntent): IntentStatus {
  switch (pi.status) {
    case 'succeeded':
      return 'captured';
    case 'requires_capture':
      return 'authorized';
    case 'processing':
      return 'processing';
    case 'canceled':
      return 'canceled';
    case 'requires_payment_method':
      // A failed try leaves the intent here with its error; before any try it just waits for the card.
      return pi.last_payment_error ? 'declined' : 'awaiting';
    default:
      return 'awaiting';
  }
}

const toIntent = (pi: Stripe.PaymentIntent): PaymentIntent => {
  const charge = typeof pi.latest_charge === 'object' ? pi.latest_charge : null;
  const status = statusOf(pi);
  return {
    id: pi.id,
    status,
    amount: pi.amount,
    currency: pi.currency.toUpperCase(),
    declineCode: status === 'declined' ? (pi.last_payment_error?.decline_code ?? pi.last_payment_error?.code ?? 'declined') : null,
    amountRefunded: charge?.amount_refunded ?? 0,
    metadata: { ...pi.metadata },
    createdAt: new Date(pi.created * 1000),
    // Stripe keeps no capture time on the intent; the charge's time is the nearest (automatic capture: the same moment).
    capturedAt: status === 'captured' ? new Date((charge?.created ?? pi.created) * 1000) : null,
  };
};

const expand = ['latest_charge'];

/**
 * Card payments through Stripe's PaymentIntents, on the official SDK. Every
 * call that moves money carries our idempotency key (Stripe answers a repeated
 * key with the first call's result), and our key also travels in the intent's
 * metadata so reconciliation can find an intent whose id we never stored.
 * Two ways in: `authorize` confirms server-side with a PaymentMethod the
 * browser made (manual capture, as the simulated provider works), and
 * `createHostedIntent` makes an intent the browser's Payment Element confirms
 * (automatic capture: the webhook or reconciliation then sees it succeeded).
 */
export function createStripeProvider(opts: StripeProviderOptions): PaymentProvider {
  const stripe = new Stripe(opts.secretKey, {
    maxNetworkRetries: 2,
    timeout: 20_000,
    ...(opts.api ? { host: opts.api.host, port: opts.api.port, protocol: opts.api.protocol } : {}),
  });
  const intents = stripe.paymentIntents;

  const listWindow = async (
    created: { gte: number; lt?: number },
    cursor: string | null | undefined,
    limit: number,
    keep: (pi: Stripe.PaymentIntent) => boolean,
  ): Promise<IntentPage> => {
    // Stripe pages newest first by `starting_after`; the cursor is the last intent id of the previous page.
    const page = await intents.list({
      created,
      limit: Math.min(limit, 100),
      expand: ['data.latest_charge'],
      ...(cursor ? { starting_after: cursor } : {}),
    });
    const last = page.data[page.data.length - 1];
    return { items: page.data.filter(keep).map(toIntent), next: page.has_more && last ? last.id : null };
  };

  return {
    name: 'stripe',
    signatureHeader: 'stripe-signature',

    async authorize(input) {
      try {
        const pi = await intents.create(
          {
            amount: input.amount,
            currency: input.currency.toLowerCase(),
            payment_method: input.token,
            // Confirmed here, with no page to come back to: only methods that need no redirect.
            automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
            confirm: true,
            capture_method: 'manual',
            metadata: input.metadata,
            expand,
          },
          { idempotencyKey: input.idempotencyKey },
        );
        return toIntent(pi);
      } catch (e) {
        // A decline answers 402 with the intent as it now stands (and so does every replay of the key).
        if (e instanceof Stripe.errors.StripeCardError && e.payment_intent) return toIntent(e.payment_intent);
        throw e;
      }
    },

    async createHostedIntent(input) {
      const pi = await intents.create(
        {
          amount: input.amount,
          currency: input.currency.toLowerCase(),
          automatic_payment_methods: { enabled: true },
          metadata: input.metadata,
          expand,
        },
        { idempotencyKey: input.idempotencyKey },
      );
      if (!pi.client_secret) throw new Error(`Stripe returned intent ${pi.id} without a client secret`);
      return { intent: toIntent(pi), clientSecret: pi.client_secret };
    },

    async capture(intentId, idempotencyKey) {
      return toIntent(await intents.capture(intentId, { expand }, { idempotencyKey }));
    },

    async cancel(intentId, idempotencyKey) {
      try {
        return toIntent(await intents.cancel(intentId, { expand }, { idempotencyKey }));
      } catch (e) {
        // Already succeeded, processing or canceled: nothing to void; answer how it stands.
        if (e instanceof Stripe.errors.StripeInvalidRequestError && e.code === 'payment_intent_unexpected_state') {
          return toIntent(await intents.retrieve(intentId, { expand }));
        }
        throw e;
      }
    },

    async refund({ intentId, amount, idempotencyKey }) {
      const refund = await stripe.refunds.create({ payment_intent: intentId, amount }, { idempotencyKey });
      return { id: refund.id, amount: refund.amount };
    },

    async retrieve(intentId) {
      try {
        return toIntent(await intents.retrieve(intentId, { expand }));
      } catch (e) {
        if (e instanceof Stripe.errors.StripeInvalidRequestError && e.statusCode === 404) return null;
        throw e;
      }
    },

    async findByKey(key) {
      // Stripe's search reads metadata; it lags writes by up to a minute, so reconciliation's grace covers it.
      const found = await intents.search({
        query: `metadata['paymentKey']:'${key.replace(/'/g, "\\'")}'`,
        limit: 1,
        expand: ['data.latest_charge'],
      });
      const pi = found.data[0];
      return pi ? toIntent(pi) : null;
    },

    listCaptures({ from, to, cursor, limit }) {
      const gte = Math.max(0, Math.floor((from.getTime() - captureLookbackMs) / 1000));
      const lt = Math.ceil(to.getTime() / 1000);
      return listWindow({ gte, lt }, cursor, limit, (pi) => {
        if (pi.status !== 'succeeded') return false;
        const at = toIntent(pi).capturedAt!;
        return at >= from && at < to;
      });
    },

    listAuthorizations({ cursor, limit }) {
      const gte = Math.floor((opts.clock.now().getTime() - authorizationLookbackMs) / 1000);
      return listWindow({ gte }, cursor, limit, (pi) => pi.status === 'requires_capture');
    },

    parseWebhook(rawBody, header): WebhookEvent {
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(
          rawBody,
          header ?? '',
          opts.webhookSecret,
          webhookToleranceSeconds,
          undefined,
          opts.clock.now().getTime(),
        );
      } catch (e) {
        if (e instanceof Stripe.errors.StripeSignatureVerificationError) throw new WebhookSignatureError(e.message);
        throw new WebhookSignatureError('Unrecognised webhook body');
      }
      return { id: event.id, type: event.type, intentId: intentIdOf(event) };
    },
  };
}

/** The PaymentIntent an event is about: the object itself, or the intent a charge or refund belongs to. */
function intentIdOf(event: Stripe.Event): string | null {
  const object = event.data.object as { object?: string; id?: string; payment_intent?: string | { id: string } | null };
  if (object.object === 'payment_intent') return object.id ?? null;
  const pi = object.payment_intent;
  return typeof pi === 'string' ? pi : (pi?.id ?? null);
}
