import { Link } from 'react-router';
import { ApiError } from '../../api/client.js';
import { useReleaseHold } from '../../api/mutations.js';
import type { MyHold } from '../../api/types.js';
import { HeldSeatList } from '../../components/held-seat-list.js';
import { ErrorMessage } from '../../components/feedback.js';
import { formatDate, formatDuration, formatMoney } from '../../components/format.js';
import { useNow } from '../../components/use-now.js';

/** Seats on hold, made in this tab or another: resume the checkout, or let them go. */
export function HoldCard({ hold }: { hold: MyHold }) {
  const now = useNow();
  const release = useReleaseHold(hold);
  const left = Date.parse(hold.expiresAt) - now;
  const { event } = hold;
  return (
    <article className="card order-card" aria-labelledby={`hold-${hold.id}`}>
      <header className="order-head">
        <div>
          <h3 id={`hold-${hold.id}`}>
            <Link to={`/events/${event.id}`}>{event.title}</Link>
          </h3>
          <p className="muted">
            {formatDate(event.startsAt, event.venue.timezone)} · {event.venue.name}, {event.venue.city}
          </p>
        </div>
        <span className="badge badge-order-pending_payment">On hold</span>
      </header>
      <HeldSeatList seats={hold.seats} />
      <p>
        Total {formatMoney(hold.total)}
        {hold.breakdown.discount && <> (access code discount {formatMoney(hold.breakdown.discount)} included)</>} ·{' '}
        <span role="timer" aria-live="off">
          {left > 0 ? `held for ${formatDuration(left)}` : 'expired'}
        </span>
      </p>
      {release.error && (
        <ErrorMessage error={release.error instanceof ApiError ? release.error.message : 'Could not release. Please try again.'} />
      )}
      <div className="row-actions">
        <Link className="button primary" to={`/checkout/${hold.id}`}>
          Continue to checkout
        </Link>
        <button type="button" className="button secondary" disabled={release.isPending || left <= 0} onClick={() => release.mutate()}>
          {release.isPending ? 'Releasing…' : 'Release seats'}
        </button>
      </div>
    </article>
  );
}
