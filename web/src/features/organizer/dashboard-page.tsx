import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { usePublishEvent, useRemoveEvent } from '../../api/mutations.js';
import { adminEventPagesQuery, adminEventQuery, availabilityQuery, seatMapQuery } from '../../api/queries.js';
import type { AdminEvent, EventStatusName } from '../../api/types.js';
import { StatusBadge } from '../../components/event-card.js';
import { EmptyState, ErrorMessage, Loading, Notice } from '../../components/feedback.js';
import { FlashNotice } from '../../components/flash-notice.js';
import { formatDate } from '../../components/format.js';
import { PageTitle } from '../../components/layout.js';
import { RequireLogin } from '../../components/require-login.js';
import { useDebouncedValue } from '../../components/use-debounced-value.js';
import { failureText, RemoveDraftDialog, removedDraftNotice } from './confirm-event-change.js';
import { PricingPanel } from './pricing-panel.js';
import { CheckinPanel } from '../door/checkin-panel.js';
import { QueueCell, QueuePanel } from './queue-control.js';
import { SalesChart } from './sales-chart.js';
import { revenueOf } from './sales-revenue.js';
import { TableScroll } from '../../components/table-scroll.js';

function SalesPanel({ eventId }: { eventId: string }) {
  const { data, error } = useQuery(adminEventQuery(eventId));
  const { data: map } = useQuery(seatMapQuery(eventId));
  const { data: availability } = useQuery(availabilityQuery(eventId));
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <Loading />;
  const revenue = map && availability ? revenueOf(data.event, data.event.sales, map, availability) : null;
  return (
    <section className="card" aria-labelledby="sales-title">
      <h2 id="sales-title">Sales: {data.event.title}</h2>
      <SalesChart sales={data.event.sales} revenue={revenue} />
    </section>
  );
}

const statusChoices: { value: EventStatusName | ''; label: string }[] = [
  { value: '', label: 'Any status' },
  { value: 'draft', label: 'Draft' },
  { value: 'published', label: 'Published' },
  { value: 'cancelled', label: 'Cancelled' },
  { value: 'removed', label: 'Removed' },
];

function Dashboard() {
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<EventStatusName | ''>('');
  const q = useDebouncedValue(search.trim(), 250);
  const filtered = q !== '' || status !== '';
  // New filters keep the last list on screen until theirs arrives.
  const list = useInfiniteQuery({
    ...adminEventPagesQuery({ q: q || undefined, status: status || undefined }),
    placeholderData: keepPreviousData,
  });
  const { data, error, isPending, refetch } = list;
  const [selected, setSelected] = useState<string | null>(null);
  const [removing, setRemoving] = useState<AdminEvent | null>(null);
  const publish = usePublishEvent();
  const remove = useRemoveEvent();
  const busy = publish.isPending || remove.isPending;
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  function publishOne(eventId: string, done: string) {
    setMessage(null);
    publish.mutate(eventId, {
      onSuccess: () => setMessage({ ok: true, text: done }),
      onError: (err) => setMessage({ ok: false, text: failureText(err) }),
    });
  }

  const events = data?.pages.flatMap((page) => page.items) ?? [];
  const shown = selected ?? events.find((e) => e.status === 'published')?.id ?? null;
  return (
    <>
      <div className="title-row">
        <PageTitle>Organizer dashboard</PageTitle>
        <div className="actions">
          <Link className="button secondary" to="/organizer/venues">
            Venues
          </Link>
          <Link className="button secondary" to="/organizer/webhooks">
            Webhooks
          </Link>
          <Link className="button secondary" to="/organizer/venues/new">
            New venue
          </Link>
          <Link className="button primary" to="/organizer/events/new">
            New event
          </Link>
        </div>
      </div>
      {!message && <FlashNotice />}
      {message && (message.ok ? <Notice tone="success">{message.text}</Notice> : <ErrorMessage error={message.text} />)}
      {isPending && <Loading />}
      {error && <ErrorMessage error={error} onRetry={() => void refetch()} />}
      <form className="filters-row" role="search" aria-label="Filter your events" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="dash-q">Search by title</label>
          <input id="dash-q" type="search" value={search} maxLength={200} onChange={(e) => setSearch(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="dash-status">Status</label>
          <select id="dash-status" value={status} onChange={(e) => setStatus(e.target.value as EventStatusName | '')}>
            {statusChoices.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
      </form>
      {data &&
        events.length === 0 &&
        !list.isPlaceholderData &&
        (filtered ? (
          <EmptyState title="No events match">
            <p>Try another title or status.</p>
          </EmptyState>
        ) : (
          <EmptyState title="No events yet">
            <p>Create a venue, then your first event.</p>
          </EmptyState>
        ))}
      {shown && <SalesPanel key={shown} eventId={shown} />}
      {shown && <QueuePanel key={`queue-${shown}`} eventId={shown} title={events.find((e) => e.id === shown)?.title ?? ''} />}
      {shown && <PricingPanel key={`pricing-${shown}`} eventId={shown} title={events.find((e) => e.id === shown)?.title ?? ''} />}
      {shown && <CheckinPanel key={`checkin-${shown}`} eventId={shown} title={events.find((e) => e.id === shown)?.title ?? ''} />}
      {events.length > 0 && (
        <TableScroll label="Your events, scrollable">
          <table className="table">
            <caption className="visually-hidden">Your events</caption>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Date</th>
                <th scope="col">Status</th>
                <th scope="col">Seats left</th>
                <th scope="col">Waiting room</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id} aria-current={e.id === shown ? 'true' : undefined}>
                  <th scope="row">
                    {e.status === 'published' ? <Link to={`/events/${e.id}`}>{e.title}</Link> : e.title}
                    <div className="muted small">
                      {e.venue.name}, {e.venue.city}
                    </div>
                  </th>
                  <td>
                    <time dateTime={e.startsAt}>{formatDate(e.startsAt, e.venue.timezone)}</time>
                  </td>
                  <td>
                    <StatusBadge status={e.status === 'published' ? e.saleStatus : e.status} />
                  </td>
                  <td>
                    {e.seatsAvailable.toLocaleString('en-GB')} / {e.capacity.toLocaleString('en-GB')}
                  </td>
                  <td>{e.status === 'removed' || e.status === 'cancelled' ? '—' : <QueueCell eventId={e.id} title={e.title} />}</td>
                  <td>
                    <div className="row-actions">
                      {e.status === 'published' && (
                        <button
                          type="button"
                          className="button secondary small"
                          onClick={() => setSelected(e.id)}
                          aria-label={`Sales of ${e.title}`}
                        >
                          Sales
                        </button>
                      )}
                      {e.status === 'published' && (
                        <Link
                          className="button secondary small"
                          to={`/organizer/events/${e.id}/door`}
                          aria-label={`Door tools of ${e.title}`}
                        >
                          Door
                        </Link>
                      )}
                      {(e.status === 'draft' || e.status === 'published') && (
                        <Link
                          className="button secondary small"
                          to={`/organizer/events/${e.id}/access-codes`}
                          aria-label={`Access codes of ${e.title}`}
                        >
                          Codes
                        </Link>
                      )}
                      {e.status !== 'draft' && (
                        <Link
                          className="button secondary small"
                          to={`/organizer/events/${e.id}/attendees`}
                          aria-label={`Attendees of ${e.title}`}
                        >
                          Attendees
                        </Link>
                      )}
                      {e.status !== 'removed' && (
                        <Link
                          className="button secondary small"
                          to={`/organizer/events/${e.id}`}
                          aria-label={`${e.status === 'cancelled' ? 'Manage' : 'Edit'} ${e.title}`}
                        >
                          {e.status === 'cancelled' ? 'Manage' : 'Edit'}
                        </Link>
                      )}
                      {e.status === 'draft' && (
                        <button
                          type="button"
                          className="button primary small"
                          disabled={busy}
                          onClick={() => publishOne(e.id, `“${e.title}” is published.`)}
                          aria-label={`Publish ${e.title}`}
                        >
                          Publish
                        </button>
                      )}
                      {e.status === 'draft' && (
                        <button
                          type="button"
                          className="button danger small"
                          disabled={busy}
                          onClick={() => {
                            setMessage(null);
                            setRemoving(e);
                          }}
                          aria-label={`Remove draft ${e.title}`}
                        >
                          Remove
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {list.isFetchingNextPage && <Loading label="Loading more events…" />}
      {list.hasNextPage && !list.isFetchingNextPage && (
        <button type="button" className="button secondary load-more" onClick={() => void list.fetchNextPage()}>
          Load more events
        </button>
      )}
      <RemoveDraftDialog
        event={removing}
        open={removing !== null}
        onClose={() => setRemoving(null)}
        mutation={remove}
        onDone={() => removing && setMessage({ ok: true, text: removedDraftNotice(removing) })}
        onError={(err) => setMessage({ ok: false, text: failureText(err) })}
      />
    </>
  );
}

export default function DashboardPage() {
  return (
    <RequireLogin roles={['organizer', 'admin']}>
      <Dashboard />
    </RequireLogin>
  );
}
