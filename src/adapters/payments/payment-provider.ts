/**
 * What Boxoffice needs from a card processor. Every call that moves money
 * carries an idempotency key: the provider answers a repeated key with the
 * first call's result and never charges twice (invariant 3).
 *
 * Statuses (Stripe's PaymentIntent in brackets): processing [processing],
 * authorized [requires_capture], captured [succeeded], declined
 * [requires_payment_method after a failure], canceled [canceled].
 */
export type IntentStatus = 'processing' | 'authorized' | 'captured' | 'declined' | 'canceled';

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
  authorize(input: AuthorizeInput): Promise<PaymentIntent>;
  capture(intentId: string, idempotencyKey: string): Promise<PaymentIntent>;
  /** Voids an authorisation that was not captured; answers the intent as it now is. */
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
