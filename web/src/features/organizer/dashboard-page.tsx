import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/client.js';
import { usePublishEvent, useRemoveEvent } from '../../api/mutations.js';
import { adminEventQuery, adminEventsQuery, availabilityQuery, seatMapQuery } from '../../api/queries.js';
import type { AdminEvent } from '../../api/types.js';
import { StatusBadge } from '../../components/event-card.js';
import { ConfirmDialog, EmptyState, ErrorMessage, Loading, Notice } from '../../components/feedback.js';
import { formatDate } from '../../components/format.js';
import { PageTitle } from '../../components/layout.js';
import { RequireLogin } from '../../components/require-login.js';
import { QueueCell, QueuePanel } from './queue-control.js';
import { SalesChart } from './sales-chart.js';
import { revenueOf } from './sales-revenue.js';

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

function Dashboard() {
  const { data, error, isPending, refetch } = useQuery(adminEventsQuery());
  const [selected, setSelected] = useState<string | null>(null);
  const [removing, setRemoving] = useState<AdminEvent | null>(null);
  const publish = usePublishEvent();
  const remove = useRemoveEvent();
  const busy = publish.isPending || remove.isPending;
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  function act(action: typeof publish | typeof remove, eventId: string, done: string) {
    setMessage(null);
    action.mutate(eventId, {
      onSuccess: () => setMessage({ ok: true, text: done }),
      onError: (err) => setMessage({ ok: false, text: err instanceof ApiError ? err.message : 'That did not work, please try again.' }),
      onSettled: () => setRemoving(null),
    });
  }

  const events = data?.items ?? [];
  const shown = selected ?? events.find((e) => e.status === 'published')?.id ?? null;
  return (
    <>
      <div className="title-row">
        <PageTitle>Organizer dashboard</PageTitle>
        <div className="actions">
          <Link className="button secondary" to="/organizer/venues/new">
            New venue
          </Link>
          <Link className="button primary" to="/organizer/events/new">
            New event
          </Link>
        </div>
      </div>
      {message && (message.ok ? <Notice tone="success">{message.text}</Notice> : <ErrorMessage error={message.text} />)}
      {isPending && <Loading />}
      {error && <ErrorMessage error={error} onRetry={() => void refetch()} />}
      {data && events.length === 0 && (
        <EmptyState title="No events yet">
          <p>Create a venue, then your first event.</p>
        </EmptyState>
      )}
      {shown && <SalesPanel key={shown} eventId={shown} />}
      {shown && <QueuePanel key={`queue-${shown}`} eventId={shown} title={events.find((e) => e.id === shown)?.title ?? ''} />}
      {events.length > 0 && (
        <div className="table-wrap">
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
                      {e.status !== 'removed' && e.status !== 'cancelled' && (
                        <Link className="button secondary small" to={`/organizer/events/${e.id}`} aria-label={`Edit ${e.title}`}>
                          Edit
                        </Link>
                      )}
                      {e.status === 'draft' && (
                        <button
                          type="button"
                          className="button primary small"
                          disabled={busy}
                          onClick={() => act(publish, e.id, `“${e.title}” is published.`)}
                          aria-label={`Publish ${e.title}`}
                        >
                          Publish
                        </button>
                      )}
                      {e.status !== 'removed' && e.status !== 'cancelled' && (
                        <button
                          type="button"
                          className="button danger small"
                          disabled={busy}
                          onClick={() => setRemoving(e)}
                          aria-label={`Remove ${e.title}`}
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
        </div>
      )}
      <ConfirmDialog
        open={removing !== null}
        title="Remove this event?"
        confirmLabel="Remove event"
        busy={busy}
        onConfirm={() => removing && act(remove, removing.id, `“${removing.title}” was removed; ticket holders are refunded.`)}
        onCancel={() => setRemoving(null)}
      >
        <p>It disappears from the catalogue. Anyone who bought tickets is refunded automatically.</p>
      </ConfirmDialog>
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
