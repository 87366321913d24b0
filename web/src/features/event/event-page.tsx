import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect } from 'react';
import { useParams } from 'react-router';
import { ApiError } from '../../api/client.js';
import { eventQuery } from '../../api/queries.js';
import type { EventDetail } from '../../api/types.js';
import { StatusBadge } from '../../components/event-card.js';
import { EmptyState, ErrorMessage, Loading, Notice } from '../../components/feedback.js';
import { capitalise, formatDate, formatDuration, formatMoney } from '../../components/format.js';
import { useNow } from '../../components/use-now.js';
import { SeatPanel } from './seat-panel.js';
import { tierColours } from './tier-colours.js';

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

export default function EventPage() {
  const { id = '' } = useParams();
  const { data: event, error, isPending, refetch } = useQuery(eventQuery(id));
  const reload = useCallback(() => void refetch(), [refetch]);
  if (isPending) return <Loading />;
  if (error instanceof ApiError && error.status === 404) {
    return (
      <EmptyState title="Event not found">
        <p>This event does not exist or is no longer listed.</p>
      </EmptyState>
    );
  }
  if (error || !event) return <ErrorMessage error={error ?? 'Not found'} onRetry={reload} />;
  const colour = tierColours(event.priceTiers);

  return (
    <article className="event-page">
      <header className="event-header">
        <p className="eyebrow">{capitalise(event.category)}</p>
        <h1 className="page-title">{event.title}</h1>
        <p className="event-when">
          <time dateTime={event.startsAt}>{formatDate(event.startsAt, event.venue.timezone)}</time> · {event.venue.name},{' '}
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
          <ul className="tiers">
            {event.priceTiers.map((t) => (
              <li key={t.id}>
                <span className="swatch" style={{ background: colour(t.id) }} aria-hidden="true" />
                <span>{t.name}</span>
                <strong>{formatMoney(t.price)}</strong>
              </li>
            ))}
          </ul>
          <p className="hint">All-in prices: fees included, nothing added at checkout. Up to {event.perUserLimit} tickets per person.</p>
        </section>
      </div>

      {event.saleStatus === 'scheduled' && <SaleCountdown event={event} onOpen={reload} />}
      {event.saleStatus === 'cancelled' && <ErrorMessage error="This event has been cancelled. Every ticket holder is refunded." />}
      {event.saleStatus === 'ended' && <Notice>Ticket sales for this event have ended.</Notice>}
      {event.saleStatus === 'sold_out' && <Notice tone="warning">Sold out. Seats released by others appear here live.</Notice>}
      {(event.saleStatus === 'on_sale' || event.saleStatus === 'sold_out') && <SeatPanel event={event} tierColour={colour} />}
    </article>
  );
}
