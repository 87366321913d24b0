// The /pure entry loads Stripe.js only when loadStripe is called (Stripe configured); the default entry injects
// the script on import, which every checkout would load (and the CSP refuse) without Stripe.
import { loadStripe } from '@stripe/stripe-js/pure';
import type { Stripe, StripeElements } from '@stripe/stripe-js';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api/client.js';
import { useStartHostedPayment } from '../../api/mutations.js';
import type { MyHold } from '../../api/types.js';
import { ErrorMessage } from '../../components/feedback.js';
import { formatMoney } from '../../components/format.js';

/**
 * Stripe's Payment Element: Stripe.js (from js.stripe.com, allowed by the CSP
 * only when Stripe is configured) draws the card fields in its own frames, so
 * card data goes from the browser to Stripe and never through Boxoffice. On
 * Pay the server records the order and its payment attempt and makes the
 * PaymentIntent; the browser confirms it here; the order page then waits for
 * the webhook that confirms the order.
 */
export function StripePaymentForm(props: {
  hold: MyHold;
  publishableKey: string;
  disabled: boolean;
  onExpired: () => void;
  children: ReactNode;
}) {
  const { hold, publishableKey, disabled, onExpired, children } = props;
  const navigate = useNavigate();
  const mountRef = useRef<HTMLDivElement>(null);
  const stripeRef = useRef<{ stripe: Stripe; elements: StripeElements } | null>(null);
  const [ready, setReady] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  // One key per try: a retried request (double click, lost reply) answers the same intent.
  const attemptKey = useRef<string | null>(null);
  const start = useStartHostedPayment(hold);
  const { amount, currency } = hold.total;

  useEffect(() => {
    let gone = false;
    let destroy: (() => void) | null = null;
    loadStripe(publishableKey)
      .then((stripe) => {
        if (gone || !stripe || !mountRef.current) return;
        // Deferred intent: the form shows now; the intent is made only when the fan presses Pay.
        const elements = stripe.elements({ mode: 'payment', amount, currency: currency.toLowerCase() });
        const element = elements.create('payment');
        element.on('ready', () => setReady(true));
        element.mount(mountRef.current);
        stripeRef.current = { stripe, elements };
        destroy = () => element.destroy();
      })
      .catch(() => setLoadError('The card form could not be loaded from Stripe. Check your connection and reload the page.'));
    return () => {
      gone = true;
      destroy?.();
    };
  }, [publishableKey, amount, currency]);

  async function pay(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const loaded = stripeRef.current;
    if (!loaded) return;
    setError(null);
    setConfirming(true);
    try {
      const checked = await loaded.elements.submit();
      if (checked.error) {
        setError(checked.error.message ?? 'Check the card details.');
        return;
      }
      attemptKey.current ??= crypto.randomUUID();
      const { order, clientSecret } = await start.mutateAsync({ idempotencyKey: attemptKey.current });
      if (clientSecret) {
        const confirmed = await loaded.stripe.confirmPayment({
          elements: loaded.elements,
          clientSecret,
          confirmParams: { return_url: `${window.location.origin}/orders/${order.id}` },
          redirect: 'if_required',
        });
        if (confirmed.error) {
          // Declined or abandoned: the next Pay is a new try; the server settles this one first.
          attemptKey.current = null;
          setError(confirmed.error.message ?? 'The payment did not go through. Nothing was charged; try again.');
          return;
        }
      }
      navigate(`/orders/${order.id}`, { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'HOLD_EXPIRED') onExpired();
      else if (err instanceof ApiError && err.status > 0) {
        attemptKey.current = null;
        setError(err.message);
      } else setError('We could not reach Boxoffice. Your payment was not duplicated; press Pay again to retry safely.');
    } finally {
      setConfirming(false);
    }
  }

  const busy = confirming || start.isPending;
  return (
    <form className="card form" onSubmit={(e) => void pay(e)} aria-labelledby="payment-title">
      <h2 id="payment-title">Payment</h2>
      <p className="hint">Card details go straight to Stripe, our payment provider; Boxoffice never sees them.</p>
      <div ref={mountRef} className="stripe-payment-element" data-testid="stripe-payment-element" aria-busy={!ready} />
      {loadError && <ErrorMessage error={loadError} />}
      {error && <ErrorMessage error={error} />}
      <button className="button primary wide" type="submit" disabled={busy || disabled || !ready}>
        {busy ? 'Paying…' : `Pay ${formatMoney(hold.total)}`}
      </button>
      {children}
    </form>
  );
}
