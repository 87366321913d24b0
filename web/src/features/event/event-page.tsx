import { usePrefetchQuery, useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { Link, Navigate, useParams } from 'react-router';
import { ApiError } from '../../api/client.js';
import { eventQuery, myHoldsQuery, queueStatusQuery, seatMapQuery } from '../../api/queries.js';
import type { AccessCodeCheck, EventDetail, MyHold } from '../../api/types.js';
import { useSession } from '../../auth/session.js';
import { StatusBadge } from '../../components/event-card.js';
import { EmptyState, ErrorMessage, Loading, Notice } from '../../components/feedback.js';
import { capitalise, formatDate, formatDuration } from '../../components/format.js';
import { useNow } from '../../components/use-now.js';
import { PageTitle } from '../../components/page-title.js';
import { isAdmitted, loadPass } from '../queue/queue-pass.js';
import { PriceList } from './price-list.js';
import { isSelling } from './selling.js';
import { SeatPanel } from './seat-panel.js';
import { tierColours } from './tier-colours.js';
import { WaitingListPanel } from './waiting-list-panel.js';
import { AccessCodeBox, savedAccessCode } from './access-code-box.js';

/** Whether the presale runs now: holds from presaleStartsAt until the sale opens need a code. */
function presaleState(event: EventDetail, now: number): 'none' | 'upcoming' | 'open' {
  if (!event.presaleStartsAt || !event.saleStartsAt || event.saleStatus !== 'scheduled') return 'none';
  return now < Date.parse(event.presaleStartsAt) ? 'upcoming' : now < Date.parse(event.saleStartsAt) ? 'open' : 'none';
}

function PresaleNotice({ event, state }: { event: EventDetail; state: 'upcoming' | 'open' }) {
  const tz = event.venue.timezone;
  return (
    <Notice>
      <strong>{state === 'open' ? 'Presale now on.' : 'Presale coming.'}</strong> From{' '}
      <time dateTime={event.presaleStartsAt!}>{formatDate(event.presaleStartsAt!, tz)}</time> until the public sale at{' '}
      <time dateTime={event.saleStartsAt!}>{formatDate(event.saleStartsAt!, tz)}</time> (venue time, {tz}), you need an access code to hold
      tickets.
    </Notice>
  );
}

function SaleCountdown({ event, onOpen }: { event: EventDetail; onOpen(): void }) {
  const now = useNow();
  const opensAt = event.saleStartsAt ? Date.parse(event.saleStartsAt) : now;
  const left = opensAt - now;
  useEffect(() => {
    if (left <= 0) onOpen();
  }, [left <= 0, onOpen]); // eslint-disable-line react-hooks/exhaustive-deps -- fire once when it crosses zero
  return (
    <Notice>
      <strong>Tickets go on sale {formatDate(event.saleStartsAt!, event.venue.timezone)}.</strong>{' '}
      <span className="countdown" aria-live="off">
        Opens in {formatDuration(left)}
      </span>
    </Notice>
  );
}

/** The account's live hold on this event, made in any tab or device: the way back to its checkout. */
function HeldNotice({ hold }: { hold: MyHold }) {
  return (
    <Notice>
      You are holding {hold.seats.length} seat{hold.seats.length === 1 ? '' : 's'} for this event.{' '}
      <Link to={`/checkout/${hold.id}`}>Continue to checkout</Link>
    </Notice>
  );
}

/**
 * Whether the fan may pick seats now: always without a waiting room; with one,
 * once admitted (the token kept by the waiting-room page) or already holding.
 */
function useSeatAccess(id: string, event: EventDetail | undefined) {
  const { user } = useSession();
  const selling = !!event && isSelling(event);
  // Only for an event on sale or about to be (its status exists only then); the seat layout does not wait for it.
  const queue = useQuery({ ...queueStatusQuery(id), enabled: selling });
  const holds = useQuery({ ...myHoldsQuery(), enabled: !!user });
  const held = holds.data?.items.find((h) => h.eventId === event?.id) ?? null;
  const status = queue.data?.status;
  const pass = event ? loadPass(event.id, user?.id) : null;
  const queued = !!status?.active && !status.closed;
  return {
    user,
    held,
    /** Still learning whether a waiting room is on (or, signed in, whether a hold exists). */
    deciding: selling && ((queue.isPending && !queue.isError) || (!!user && holds.isPending)),
    queued,
    mustWait: queued && !held && !isAdmitted(pass, status?.servingUpTo ?? 0),
    token: queued ? (pass?.token ?? null) : null,
  };
}

export default function EventPage() {
  const { id = '' } = useParams();
  const { data: event, error, isPending, refetch } = useQuery(eventQuery(id));
  // The layout is immutable and the largest read of the page: start it now rather than when the map mounts.
  usePrefetchQuery(seatMapQuery(id));
  const reload = useCallback(() => void refetch(), [refetch]);
  const access = useSeatAccess(id, event);
  const now = useNow(10_000);
  const [code, setCode] = useState<AccessCodeCheck | null>(() => savedAccessCode(id));
  if (isPending) return <Loading />;
  if (error instanceof ApiError && error.status === 404) {
    return (
      <EmptyState title="Event not found" page>
        <p>This event does not exist or is no longer listed.</p>
      </EmptyState>
    );
  }
  if (error || !event) return <ErrorMessage error={error ?? 'Not found'} onRetry={reload} />;
  const colour = tierColours([...event.priceTiers, ...(code?.unlocksTiers ?? []).map((t) => ({ ...t, demand: null, hidden: true }))]);
  const presale = presaleState(event, now);
  const onSale = event.saleStatus === 'on_sale' || event.saleStatus === 'sold_out';
  if (access.deciding) return <Loading />;
  // A waiting room is on and this fan has not been let in: to the line (the place is kept for the account).
  if (access.mustWait && access.user) return <Navigate to={`/events/${event.id}/queue`} replace />;

  return (
    <article className="event-page">
      <header className="event-header">
        <p className="eyebrow">{capitalise(event.category)}</p>
        <PageTitle>{event.title}</PageTitle>
        <p className="event-when">
          <time dateTime={event.startsAt}>{formatDate(event.startsAt, event.venue.timezone)}</time>
          {event.rescheduledFrom && <> (moved from {formatDate(event.rescheduledFrom, event.venue.timezone)})</>} · {event.venue.name},{' '}
          {event.venue.address ? `${event.venue.address}, ` : ''}
          {event.venue.city}
        </p>
        <p>
          <StatusBadge status={event.saleStatus} />
        </p>
      </header>

      <div className="event-columns">
        <section className="event-about" aria-labelledby="about-title">
          <h2 id="about-title">About</h2>
          <p className="description">{event.description}</p>
          {event.performers.length > 0 && (
            <>
              <h3>Performers</h3>
              <ul className="performers">
                {event.performers.map((p) => (
                  <li key={p.id}>{p.name}</li>
                ))}
              </ul>
            </>
          )}
        </section>
        <section className="event-prices" aria-labelledby="prices-title">
          <h2 id="prices-title">Prices</h2>
          <PriceList event={event} colour={colour} queueToken={access.token} />
          <p className="hint">All-in prices: fees included, nothing added at checkout. Up to {event.perUserLimit} tickets per person.</p>
        </section>
      </div>

      {access.held && <HeldNotice hold={access.held} />}
      {access.mustWait && (
        <Notice>
          <strong>This event has a waiting room.</strong> <Link to={`/events/${event.id}/queue`}>Sign in to join the line</Link>: one place
          per account, kept while you are away.
        </Notice>
      )}
      {presale !== 'none' && <PresaleNotice event={event} state={presale} />}
      {event.saleStatus === 'scheduled' && <SaleCountdown event={event} onOpen={reload} />}
      {(onSale || presale === 'open') && !access.held && (
        <AccessCodeBox
          eventId={event.id}
          timeZone={event.venue.timezone}
          required={presale === 'open'}
          accepted={code}
          onAccepted={setCode}
        />
      )}
      {event.saleStatus === 'cancelled' && (
        <div className="alert alert-warning" role="alert">
          <strong>This event is cancelled.</strong> {event.cancelReason ? <>The organizer says: “{event.cancelReason}”. </> : null}
          Every ticket holder is refunded in full and was told by e-mail.
        </div>
      )}
      {event.saleStatus === 'ended' && <Notice>Ticket sales for this event have ended.</Notice>}
      {event.saleStatus === 'sold_out' && <Notice tone="warning">Sold out. Seats released by others appear here live.</Notice>}
      {(event.saleStatus === 'on_sale' || event.saleStatus === 'sold_out') && <WaitingListPanel event={event} holding={!!access.held} />}
      {((onSale && !access.mustWait) || (presale === 'open' && code)) && (
        <SeatPanel event={event} tierColour={colour} queueToken={access.token} accessCode={code} />
      )}
    </article>
  );
}
