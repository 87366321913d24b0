import { describe, expect, it } from 'vitest';
import {
  attemptTransitions,
  canTransition,
  isFinal,
  nextAttemptStatus,
  orderFailureReason,
  settleAuthorization,
  type AttemptStatus,
  type ProviderObservation,
} from '../../../src/domain/payments/payment-attempt.rules.js';

const statuses = Object.keys(attemptTransitions) as AttemptStatus[];
const observations: ProviderObservation[] = ['missing', 'processing', 'authorized', 'captured', 'declined', 'canceled'];

describe('payment attempt state machine', () => {
  it('moves only along the table, and every move it makes is in the table', () => {
    for (const from of statuses) {
      for (const seen of observations) {
        const to = nextAttemptStatus(from, seen);
        if (to !== null) expect(canTransition(from, to), `${from} --${seen}--> ${to}`).toBe(true);
      }
    }
  });

  it('follows the provider forward and never back', () => {
    expect(nextAttemptStatus('created', 'authorized')).toBe('authorized');
    expect(nextAttemptStatus('created', 'processing')).toBe('processing');
    expect(nextAttemptStatus('processing', 'captured')).toBe('captured');
    expect(nextAttemptStatus('authorized', 'captured')).toBe('captured');
    expect(nextAttemptStatus('authorized', 'canceled')).toBe('voided');
    expect(nextAttemptStatus('created', 'declined')).toBe('failed');
    // A capture is final: late declines, voids or repeats change nothing.
    for (const seen of observations) expect(nextAttemptStatus('captured', seen)).toBeNull();
    expect(nextAttemptStatus('voided', 'captured')).toBeNull();
    expect(nextAttemptStatus('authorized', 'processing')).toBeNull();
    expect(nextAttemptStatus('authorized', 'authorized')).toBeNull();
  });

  it('fails an attempt the provider never saw, but only before any answer', () => {
    expect(nextAttemptStatus('created', 'missing')).toBe('failed');
    for (const from of statuses.filter((s) => s !== 'created')) expect(nextAttemptStatus(from, 'missing')).toBeNull();
  });

  it('lets the provider’s record win over a failure we assumed', () => {
    expect(nextAttemptStatus('failed', 'captured')).toBe('captured');
    expect(nextAttemptStatus('failed', 'authorized')).toBe('authorized');
    expect(nextAttemptStatus('failed', 'declined')).toBeNull();
  });

  it('names final states and why an order failed', () => {
    expect(statuses.filter(isFinal).sort()).toEqual(['captured', 'failed', 'voided']);
    expect(orderFailureReason('voided', null, 'canceled')).toBe('payment_voided');
    expect(orderFailureReason('failed', null, 'missing')).toBe('payment_not_received');
    expect(orderFailureReason('failed', 'card_declined', 'declined')).toBe('declined:card_declined');
  });

  it('captures an authorisation only for the checkout whose order still waits; anyone else voids it', () => {
    expect(settleAuthorization('checkout', true)).toBe('capture');
    expect(settleAuthorization('checkout', false)).toBe('void');
    expect(settleAuthorization('reconciliation', true)).toBe('void');
    expect(settleAuthorization('webhook', true)).toBe('void');
  });
});
