/**
 * What Boxoffice needs from a card processor. Every call that moves money
 * carries an idempotency key: the provider answers a repeated key with the
 * first call's result and never charges twice (invariant 3).
 *
 * Statuses (Stripe's PaymentIntent in brackets): awaiting [requires_payment_method
 * before any failure, requires_confirmation, requires_action: the customer's browser
 * has yet to confirm, e.g. 3-D Secure], processing [processing], authorized
 * [requires_capture], captured [succeeded], declined [requires_payment_method
 * after a failure], canceled [canceled].
 */
export type IntentStatus = 'awaiting' | 'processing' | 'authorized' | 'captured' | 'declined' | 'canceled';

export interface PaymentIntent {
  id: string;
  status: IntentStatus;
  amount: number;
  currency: string;
  declineCode: string | null;
  /** Refunded so far at the provider, in minor units. */
  amountRefunded: number;
  /** What we attached when authorising: `paymentKey` (the attempt's key), `orderId`, `eventId`. */
  metadata: Record<string, string>;
  createdAt: Date;
  capturedAt: Date | null;
}

export interface AuthorizeInput {
  amount: number;
  currency: string;
  /** The card token from the client (Stripe-style test tokens for the simulated provider). */
  token: string;
  idempotencyKey: string;
  metadata: Record<string, string>;
}

/** An intent the customer's browser confirms (Stripe's Payment Element): card data never reaches our server. */
export interface HostedIntentInput {
  amount: number;
  currency: string;
  idempotencyKey: string;
  metadata: Record<string, string>;
}

export interface HostedIntent {
  intent: PaymentIntent;
  /** Handed to the browser only, to confirm this one intent. */
  clientSecret: string;
}

export interface ProviderRefund {
  id: string;
  amount: number;
}

/** One page of a provider list, oldest first; pass `next` back as `cursor` for the following page. */
export interface IntentPage {
  items: PaymentIntent[];
  next: string | null;
}

/** A signed notice from the provider. Any type is accepted and stored; only some are acted on. */
export interface WebhookEvent {
  id: string;
  type: string;
  intentId: string | null;
}

export interface PaymentProvider {
  readonly name: string;
  /** The request header carrying the webhook signature. */
  readonly signatureHeader: string;
  authorize(input: AuthorizeInput): Promise<PaymentIntent>;
  /** Creates, without confirming, an intent the customer's browser confirms; absent where the provider has no hosted form. */
  createHostedIntent?(input: HostedIntentInput): Promise<HostedIntent>;
  capture(intentId: string, idempotencyKey: string): Promise<PaymentIntent>;
  /** Voids an authorisation that was not captured (or an intent still awaiting the customer); answers the intent as it now is. */
  cancel(intentId: string, idempotencyKey: string): Promise<PaymentIntent>;
  refund(input: { intentId: string; amount: number; idempotencyKey: string }): Promise<ProviderRefund>;
  retrieve(intentId: string): Promise<PaymentIntent | null>;
  /**
   * "What happened to the attempt with this key?" — null when the provider
   * never saw it (Stripe: search on metadata['paymentKey']).
   */
  findByKey(idempotencyKey: string): Promise<PaymentIntent | null>;
  /** Intents captured in [from, to), ordered by capture time. */
  listCaptures(opts: { from: Date; to: Date; cursor?: string | null; limit: number }): Promise<IntentPage>;
  /** Intents still authorised and not captured or voided, oldest first. */
  listAuthorizations(opts: { cursor?: string | null; limit: number }): Promise<IntentPage>;
  /** Checks the signature and replay window; throws WebhookSignatureError when either fails. */
  parseWebhook(rawBody: string, signatureHeader: string | undefined): WebhookEvent;
  /** Provider-side background work (the simulated provider settles delayed payments and sends webhooks). */
  tick?(): Promise<void>;
}

export class WebhookSignatureError extends Error {}

/** Every intent of a paged provider listing, following its cursors to the end. */
export async function readAllIntents(page: (cursor: string | null) => Promise<IntentPage>): Promise<PaymentIntent[]> {
  const all: PaymentIntent[] = [];
  let cursor: string | null = null;
  do {
    const p = await page(cursor);
    all.push(...p.items);
    cursor = p.next;
  } while (cursor);
  return all;
}
