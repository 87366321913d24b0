/**
 * What the application reports for monitoring. Use cases and adapters call
 * these; the Prometheus implementation lives in src/observability, so nothing
 * here knows prom-client (and tests can count calls with a plain object).
 */
export interface Metrics {
  /** A hold was placed. */
  holdCreated(): void;
  /** A hold request failed; `code` is the AppError code, or INTERNAL_ERROR. */
  holdFailed(code: string): void;
  /**
   * How a checkout ended: the order's status (`confirmed`, `pending_payment`)
   * or the error code it ended with (`PAYMENT_DECLINED`, `HOLD_EXPIRED`, …).
   */
  checkoutFinished(outcome: string): void;
  /** One call to the payment provider and its result (`authorized`, `captured`, `declined`, `refunded`, `error`, …). */
  paymentCall(operation: string, outcome: string): void;
  /**
   * A payment attempt reached a final status (`captured`, `failed`, `voided`), counted once, where the
   * state machine moves it, whoever reported the outcome: `source` is checkout, webhook or reconciliation.
   */
  paymentSettled(outcome: 'captured' | 'failed' | 'voided', source: string): void;
  /**
   * An order left pending_payment, counted once where it happens: `confirmed`, `refunded` (paid, but
   * the seats were gone: the money goes back) or `failed` (not paid); `source` as for paymentSettled.
   */
  orderSettled(outcome: 'confirmed' | 'refunded' | 'failed', source: string): void;
  /** A cache read: served from the cache, or loaded from the database. */
  cacheLookup(hit: boolean): void;
}
