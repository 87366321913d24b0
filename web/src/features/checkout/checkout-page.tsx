import { useQuery } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/client.js';
import { useCheckout, useReleaseHold } from '../../api/mutations.js';
import { myHoldsQuery, paymentConfigQuery } from '../../api/queries.js';
import type { MyHold } from '../../api/types.js';
import { HeldSeatList } from '../../components/held-seat-list.js';
import { EmptyState, ErrorMessage, Loading } from '../../components/feedback.js';
import { formatDate, formatMoney, formatPercent } from '../../components/format.js';
import { PageTitle } from '../../components/layout.js';
import { RequireLogin } from '../../components/require-login.js';
import { useNow } from '../../components/use-now.js';
import { StripePaymentForm } from './stripe-payment-form.js';
import { HoldTimer } from './hold-timer.js';

/** The simulated provider's test cards (src/adapters/payments). */
const testCards = [
  { token: 'tok_visa', label: 'Visa ending 4242', outcome: 'payment succeeds' },
  { token: 'tok_visa_delayed', label: 'Visa ending 3155', outcome: 'succeeds after a short delay' },
  { token: 'tok_chargeDeclined', label: 'Visa ending 0002', outcome: 'declined by the bank' },
  { token: 'tok_insufficientFunds', label: 'Visa ending 9995', outcome: 'declined: insufficient funds' },
];

function Checkout() {
  const { holdId = '' } = useParams();
  // The hold belongs to the account: any tab or device opens its checkout from the URL.
  const { data, error, isPending, refetch } = useQuery(myHoldsQuery());
  // Kept once found: the page goes on showing the hold after it ends here (paid, expired, released).
  const [found, setFound] = useState<MyHold | null>(null);
  const live = data?.items.find((h) => h.id === holdId) ?? null;
  // The latest listing wins while the hold is live (an extension moves its expiry).
  if (live && live !== found) setFound(live);
  const hold = live ?? found;
  if (hold) return <Payment hold={hold} />;
  if (isPending) return <Loading />;
  if (error) return <ErrorMessage error={error} onRetry={() => void refetch()} />;
  return (
    <EmptyState title="No seats held" page>
      <p>
        This hold is no longer open: it was paid for, released or has expired. <Link to="/bookings">See your bookings</Link> or{' '}
        <Link to="/search">find an event</Link>.
      </p>
    </EmptyState>
  );
}

function Payment({ hold }: { hold: MyHold }) {
  const { event } = hold;
  const cancelUntil = Date.parse(event.startsAt) - event.cancellationCutoffHours * 3_600_000;
  const now = useNow();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [expired, setExpired] = useState(false);
  // One key per payment attempt: a retried request (double click, lost reply) never charges twice.
  const attemptKey = useRef<string | null>(null);
  const checkout = useCheckout(hold);
  const release = useReleaseHold(hold);
  const provider = useQuery(paymentConfigQuery());
  const busy = checkout.isPending || release.isPending;
  const left = Date.parse(hold.expiresAt) - now;
  const isExpired = expired || left <= 0;

  function pay(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const token = String(new FormData(e.currentTarget).get('card'));
    attemptKey.current ??= crypto.randomUUID();
    setError(null);
    checkout.mutate(
      { idempotencyKey: attemptKey.current, payment: { method: 'card', token } },
      {
        onSuccess: ({ order }) => {
          navigate(`/orders/${order.id}`, { replace: true });
        },
        onError: (err) => {
          if (err instanceof ApiError && err.code === 'PAYMENT_DECLINED') {
            attemptKey.current = null;
            // The server's message already says what happened and that the seats stay held.
            setError(err.message);
          } else if (err instanceof ApiError && err.code === 'HOLD_EXPIRED') {
            setExpired(true);
          } else if (err instanceof ApiError && err.status > 0) {
            attemptKey.current = null;
            setError(err.message);
          } else {
            setError('We could not reach Boxoffice. Your payment was not duplicated; press Pay again to retry safely.');
          }
        },
      },
    );
  }

  function releaseSeats() {
    // Already released or expired: the seats are free either way.
    release.mutate(undefined, {
      onSettled: () => navigate(`/events/${hold.eventId}`),
    });
  }

  return (
    <div className="checkout">
      <PageTitle>Checkout</PageTitle>
      {!isExpired && <HoldTimer hold={hold} now={now} disabled={busy} />}
      <div className="checkout-columns">
        <section className="card" aria-labelledby="summary-title">
          <h2 id="summary-title">{event.title}</h2>
          <p className="muted">
            <time dateTime={event.startsAt}>{formatDate(event.startsAt, event.venue.timezone)}</time> · {event.venue.name},{' '}
            {event.venue.city}
          </p>
          <HeldSeatList seats={hold.seats} />
          <dl className="breakdown" aria-label="Price breakdown">
            {hold.breakdown.discount && (
              <div>
                <dt>Access code discount (already taken off)</dt>
                <dd>−{formatMoney(hold.breakdown.discount)}</dd>
              </div>
            )}
            <div>
              <dt>Tickets before tax</dt>
              <dd>{formatMoney(hold.breakdown.beforeTax)}</dd>
            </div>
            <div>
              <dt>Tax ({formatPercent(hold.breakdown.taxRateBasisPoints)}, included)</dt>
              <dd>{formatMoney(hold.breakdown.tax)}</dd>
            </div>
            <div>
              <dt>Booking fee</dt>
              <dd>{hold.breakdown.bookingFee.amount === 0 ? 'None' : formatMoney(hold.breakdown.bookingFee)}</dd>
            </div>
          </dl>
          <p className="total">
            Total (all fees and taxes included) <strong>{formatMoney(hold.total)}</strong>
          </p>
          <p className="policy">
            <strong>Cancellation: </strong>
            {cancelUntil > now ? (
              <>
                free, with a full refund, until{' '}
                <time dateTime={new Date(cancelUntil).toISOString()}>
                  {formatDate(new Date(cancelUntil).toISOString(), event.venue.timezone)}
                </time>{' '}
                ({event.cancellationCutoffHours} hours before the start).
              </>
            ) : (
              'the cancellation cut-off has passed: these tickets cannot be cancelled.'
            )}
          </p>
          {isExpired && (
            <div className="alert alert-error" role="alert">
              <p>Your hold has expired and the seats were released. Nothing was charged.</p>
              <Link className="button secondary" to={`/events/${hold.eventId}`}>
                Pick seats again
              </Link>
            </div>
          )}
        </section>

        {provider.data?.provider === 'stripe' ? (
          <StripePaymentForm
            hold={hold}
            publishableKey={provider.data.publishableKey}
            disabled={release.isPending || isExpired}
            onExpired={() => setExpired(true)}
          >
            <button type="button" className="button secondary wide" onClick={releaseSeats} disabled={release.isPending || isExpired}>
              Release seats
            </button>
          </StripePaymentForm>
        ) : provider.isPending ? (
          <Loading />
        ) : provider.error ? (
          <ErrorMessage error={provider.error} onRetry={() => void provider.refetch()} />
        ) : (
          <form className="card form" onSubmit={pay} aria-labelledby="payment-title">
            <h2 id="payment-title">Payment</h2>
            <fieldset>
              <legend>Card</legend>
              <p className="hint" id="test-card-hint">
                Test mode: no real money moves. Choose one of the simulated provider&apos;s test cards.
              </p>
              {testCards.map((c, i) => (
                <div className="radio" key={c.token}>
                  <input
                    type="radio"
                    id={`card-${c.token}`}
                    name="card"
                    value={c.token}
                    defaultChecked={i === 0}
                    aria-describedby="test-card-hint"
                  />
                  <label htmlFor={`card-${c.token}`}>
                    {c.label} <span className="muted">— {c.outcome}</span> <code>{c.token}</code>
                  </label>
                </div>
              ))}
            </fieldset>
            {error && <ErrorMessage error={error} />}
            <button className="button primary wide" type="submit" disabled={busy || isExpired}>
              {busy ? 'Paying…' : `Pay ${formatMoney(hold.total)}`}
            </button>
            <button type="button" className="button secondary wide" onClick={releaseSeats} disabled={busy || isExpired}>
              Release seats
            </button>
          </form>
        )}
      </div>
    </div>
  );
}

export default function CheckoutPage() {
  return (
    <RequireLogin>
      <Checkout />
    </RequireLogin>
  );
}
