import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, Navigate, useParams } from 'react-router';
import { ApiError } from '../../api/client.js';
import { useJoinQueue } from '../../api/mutations.js';
import { eventQuery, keys, queueStatusQuery, searchQuery } from '../../api/queries.js';
import { categories, type Category, type EventDetail, type QueueStatus } from '../../api/types.js';
import { useSession } from '../../auth/session.js';
import { EventGrid } from '../../components/event-card.js';
import { EmptyState, ErrorMessage, Loading } from '../../components/feedback.js';
import { formatDate, formatDuration } from '../../components/format.js';
import { PageTitle } from '../../components/layout.js';
import { RequireLogin } from '../../components/require-login.js';
import { useNow } from '../../components/use-now.js';
import { isAdmitted, loadPass, savePass, type QueuePass } from './queue-pass.js';
import { waitText } from './wait-estimate.js';

/** Polls the shared status at the pace the server asks (Retry-After, Cache-Control), in the background too. */
function useQueueStatus(eventId: string) {
  return useQuery({
    ...queueStatusQuery(eventId),
    refetchInterval: (q) => q.state.data?.nextPollMs ?? 1000,
    refetchIntervalInBackground: true,
  });
}

function WaitingRoom() {
  const { id = '' } = useParams();
  const { user } = useSession();
  const { data: event, error: eventError } = useQuery(eventQuery(id));
  const statusQuery = useQueueStatus(id);
  const status = statusQuery.data?.status;
  const join = useJoinQueue(id);
  const [pass, setPass] = useState<QueuePass | null>(() => loadPass(id, user?.id));
  const [joinedServing, setJoinedServing] = useState(0);

  // Join on arrival (the server hands back the same place to a reload, another tab or device), and once
  // more at the opening, when the early arrivals' order is drawn and a position exists.
  const phase = status?.saleOpen ? 'open' : 'pre';
  const needsJoin = !!status?.active && !status.closed && (pass === null || (pass.position === null && phase === 'open'));
  const tried = useRef<string | null>(null);
  useEffect(() => {
    if (!needsJoin || !user || tried.current === phase) return;
    tried.current = phase;
    join.mutate(undefined, {
      onSuccess: (r) => {
        const next = { userId: user.id, token: r.token, position: r.position };
        savePass(id, next);
        setPass(next);
        setJoinedServing(r.status.servingUpTo);
      },
    });
  }, [needsJoin, phase, user, id, join]);

  if (eventError instanceof ApiError && eventError.status === 404) {
    return (
      <EmptyState title="Event not found" page>
        <p>This event does not exist or is no longer listed.</p>
      </EmptyState>
    );
  }
  if (eventError) return <ErrorMessage error={eventError} />;
  if (!event || !status) return statusQuery.error ? <ErrorMessage error={statusQuery.error} /> : <Loading />;

  const servingUpTo = Math.max(status.servingUpTo, joinedServing);
  // Let in, or no waiting room any more: on to seat selection, the token travels in this tab's storage.
  if (!status.closed && (isAdmitted(pass, servingUpTo) || !status.active)) return <Navigate to={`/events/${id}`} replace />;

  return (
    <article className="waiting-room">
      <PageTitle>Waiting room</PageTitle>
      <p className="lead">
        <Link to={`/events/${id}`}>{event.title}</Link>
        <br />
        <span className="muted">
          <time dateTime={event.startsAt}>{formatDate(event.startsAt, event.venue.timezone)}</time> · {event.venue.name}, {event.venue.city}
        </span>
      </p>
      {status.closed ? (
        <SoldOut event={event} />
      ) : join.error ? (
        <ErrorMessage error={join.error} onRetry={() => join.reset()} />
      ) : (
        <>
          {status.saleOpen ? (
            <Place pass={pass} status={{ ...status, servingUpTo }} />
          ) : (
            <BeforeOpening event={event} joined={pass !== null} />
          )}
          <WhatNext event={event} />
        </>
      )}
    </article>
  );
}

function Place({ pass, status }: { pass: QueuePass | null; status: QueueStatus }) {
  if (pass?.position == null) return <Loading label="Finding your place in line…" />;
  const ahead = Math.max(0, pass.position - status.servingUpTo - 1);
  const served = Math.min(1, status.servingUpTo / pass.position);
  return (
    <section className="card queue-place" aria-labelledby="place-title">
      <h2 id="place-title">You are in line</h2>
      {/* Announced to screen readers as it changes; the counter below is not. */}
      <div role="status" aria-live="polite" aria-atomic="true" className="queue-position">
        <p>
          Your number: <strong data-testid="queue-position">{pass.position.toLocaleString('en-GB')}</strong>
        </p>
        <p>{ahead === 0 ? 'You are next.' : `${ahead.toLocaleString('en-GB')} ${ahead === 1 ? 'person' : 'people'} ahead of you.`}</p>
      </div>
      <progress max={1} value={served} aria-label="Progress through the line" />
      <p className="muted" aria-live="off">
        {waitText(ahead + 1, status.admittedPerMinute)} Now serving up to number {status.servingUpTo.toLocaleString('en-GB')}.
      </p>
    </section>
  );
}

function BeforeOpening({ event, joined }: { event: EventDetail; joined: boolean }) {
  const now = useNow();
  const client = useQueryClient();
  const opensAt = event.saleStartsAt ? Date.parse(event.saleStartsAt) : now;
  const left = opensAt - now;
  useEffect(() => {
    // At the opening ask at once rather than at the next poll: the draw is made now.
    if (left <= 0) void client.invalidateQueries({ queryKey: keys.queueStatus(event.id) });
  }, [left <= 0, client, event.id]); // eslint-disable-line react-hooks/exhaustive-deps -- once, when it crosses zero
  return (
    <section className="card queue-place" aria-labelledby="draw-title">
      <h2 id="draw-title">{joined ? 'You are in: the sale has not opened yet' : 'Joining the waiting room…'}</h2>
      <p>
        Tickets go on sale {event.saleStartsAt ? formatDate(event.saleStartsAt, event.venue.timezone) : 'soon'}.{' '}
        <strong className="countdown" aria-live="off">
          Opens in {formatDuration(left)}
        </strong>
      </p>
      <p>
        Everyone who arrives before the opening is placed in line by a <strong>random draw</strong> when the sale opens, so arriving earlier
        or reloading does not move you up or down. People who arrive after the opening join the line behind them, in the order they arrive.
      </p>
    </section>
  );
}

function WhatNext({ event }: { event: EventDetail }) {
  return (
    <section className="card" aria-labelledby="next-title">
      <h2 id="next-title">What happens next</h2>
      <ol>
        <li>When it is your turn, this page takes you to seat selection by itself.</li>
        <li>
          Pick your seats (up to {event.perUserLimit}) and they are held for you for {Math.round(event.holdSeconds / 60)} minutes while you
          pay.
        </li>
        <li>
          You can leave this page or close the browser: your place is kept for your account. Come back through the event page from any
          device.
        </li>
      </ol>
    </section>
  );
}

function SoldOut({ event }: { event: EventDetail }) {
  const category = categories.find((c) => c === event.category) as Category | undefined;
  const { data } = useQuery(searchQuery({ category, available: true, limit: 5 }));
  const others = (data?.items ?? []).filter((e) => e.id !== event.id).slice(0, 4);
  return (
    <section aria-labelledby="soldout-title">
      <div className="alert alert-error" role="alert">
        <h2 id="soldout-title">Sold out</h2>
        <p>Every ticket for this event has been sold, so the waiting room is closed. Nothing was charged.</p>
      </div>
      <h3>Other {event.category} events with tickets</h3>
      {others.length > 0 ? <EventGrid events={others} /> : <p className="muted">No similar events with tickets right now.</p>}
      <p>
        <Link className="button secondary" to={`/search?category=${event.category}`}>
          Find other events
        </Link>
      </p>
    </section>
  );
}

export default function QueuePage() {
  return (
    <RequireLogin>
      <WaitingRoom />
    </RequireLogin>
  );
}
