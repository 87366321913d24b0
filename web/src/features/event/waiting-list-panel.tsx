import { useQuery } from '@tanstack/react-query';
import { useId, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { EventDetail, WaitingListEntry } from '../../api/types.js';
import { myWaitingEntryQuery, useJoinWaitingList, useLeaveWaitingList } from '../../api/waiting-list.js';
import { useSession } from '../../auth/session.js';
import { ErrorMessage } from '../../components/feedback.js';
import { FieldError, fieldMessages } from '../../components/field-error.js';
import { formatDate } from '../../components/format.js';

const ordinal = (n: number): string => {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  return `${n}${s}`;
};

function JoinForm({ event }: { event: EventDetail }) {
  const join = useJoinWaitingList(event.id);
  const id = useId();
  const fields = fieldMessages(join.error);
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const tierId = String(data.get('tierId') ?? '');
    join.mutate({ quantity: Number(data.get('quantity')), ...(tierId ? { tierId } : {}) });
  }
  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Join the waiting list</h2>
      <p className="muted small">
        When seats come back they are held for the fans on the list in turn, and you get an e-mail. One place per account.
      </p>
      <div className="field">
        <label htmlFor={`${id}-tier`}>Price tier</label>
        <select id={`${id}-tier`} name="tierId" defaultValue="" aria-invalid={fields.has('tierId')} aria-describedby={`${id}-tier-error`}>
          <option value="">Any tier</option>
          {event.priceTiers.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
        <FieldError messages={fields} field="tierId" id={`${id}-tier-error`} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-quantity`}>Tickets</label>
        <input
          id={`${id}-quantity`}
          name="quantity"
          type="number"
          min={1}
          max={event.perUserLimit}
          defaultValue={1}
          required
          aria-invalid={fields.has('quantity')}
          aria-describedby={`${id}-quantity-help ${id}-quantity-error`}
        />
        <p className="muted small" id={`${id}-quantity-help`}>
          Up to {event.perUserLimit} per person.
        </p>
        <FieldError messages={fields} field="quantity" id={`${id}-quantity-error`} />
      </div>
      {join.error && !fields.size && <ErrorMessage error={join.error} />}
      <button type="submit" className="button primary" disabled={join.isPending}>
        {join.isPending ? 'Joining…' : 'Join the waiting list'}
      </button>
    </form>
  );
}

function MyEntry({ event, entry }: { event: EventDetail; entry: WaitingListEntry }) {
  const leave = useLeaveWaitingList(event.id);
  const what = `${entry.quantity} ticket${entry.quantity === 1 ? '' : 's'}${entry.tier ? ` in ${entry.tier.name}` : ''}`;
  return (
    <div>
      <h2>Waiting list</h2>
      {entry.offer ? (
        <p>
          <strong>Seats are held for you</strong> ({what}) until {formatDate(entry.offer.expiresAt, event.venue.timezone)}.{' '}
          <Link to={`/checkout/${entry.offer.holdId}`}>Continue to checkout</Link>
        </p>
      ) : (
        <p>
          You are <strong>{ordinal(entry.place ?? 1)}</strong> on the waiting list for {what}. We e-mail you when seats are held for you.
        </p>
      )}
      <button type="button" className="button secondary small" disabled={leave.isPending} onClick={() => leave.mutate(undefined)}>
        {entry.offer ? 'Decline the seats and leave the list' : 'Leave the waiting list'}
      </button>
      {leave.error && <ErrorMessage error={leave.error} />}
    </div>
  );
}

/**
 * On a sold-out event: the fan's place on the list (or the seats it got them), or the form to join it (after
 * signing in). A fan already holding seats here is not offered the form: one booking per event.
 */
export function WaitingListPanel({ event, holding }: { event: EventDetail; holding: boolean }) {
  const { user } = useSession();
  const mine = useQuery({ ...myWaitingEntryQuery(event.id), enabled: !!user });
  const entry = mine.data?.entry ?? null;
  if (!entry && (event.saleStatus !== 'sold_out' || holding)) return null;
  return (
    <section className="card waiting-list-panel" aria-label="Waiting list">
      {!user ? (
        <p>
          Sold out. <Link to={`/login?next=${encodeURIComponent(`/events/${event.id}`)}`}>Sign in to join the waiting list</Link>: seats
          that come back are held for the fans on it in turn.
        </p>
      ) : entry ? (
        <MyEntry event={event} entry={entry} />
      ) : mine.isPending ? null : (
        <JoinForm event={event} />
      )}
    </section>
  );
}
