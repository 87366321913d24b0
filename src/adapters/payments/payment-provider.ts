/**
 * What Boxoffice needs from a card processor. Every call that moves money
 * carries an idempotency key: the provider answers a repeated key with the
 * first call's result and never charges twice (invariant 3).
 */
export type IntentStatus = 'processing' | 'authorized' | 'captured' | 'declined';

export interface PaymentIntent {
  id: string;
  status: IntentStatus;
  amount: number;
  currency: string;
  declineCode: string | null;
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

export type WebhookType = 'payment.captured' | 'payment.failed';

export interface WebhookEvent {
  id: string;
  type: WebhookType;
  intentId: string;
}

export interface PaymentProvider {
  readonly name: string;
  authorize(input: AuthorizeInput): Promise<PaymentIntent>;
  capture(intentId: string, idempotencyKey: string): Promise<PaymentIntent>;
  refund(input: { intentId: string; amount: number; idempotencyKey: string }): Promise<ProviderRefund>;
  retrieve(intentId: string): Promise<PaymentIntent | null>;
  /** Checks the signature and replay window; throws WebhookSignatureError when either fails. */
  parseWebhook(rawBody: string, signatureHeader: string | undefined): WebhookEvent;
  /** Provider-side background work (the simulated provider settles delayed payments and sends webhooks). */
  tick?(): Promise<void>;
}

export class WebhookSignatureError extends Error {}
