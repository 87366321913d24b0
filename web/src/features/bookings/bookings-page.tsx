import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, api } from '../../api/client.js';
import type { EventDetail, Order, Page } from '../../api/types.js';
import { ConfirmDialog, EmptyState, ErrorMessage, Loading, Notice } from '../../components/feedback.js';
import { PageTitle } from '../../components/layout.js';
import { RequireLogin } from '../../components/require-login.js';
import { useApi } from '../../components/use-api.js';
import { OrderCard } from './order-card.js';

function Bookings() {
  const { data, error, loading, reload } = useApi<Page<Order>>('/me/orders?limit=100');
  const [events, setEvents] = useState<Record<string, EventDetail | null>>({});
  const [cancelling, setCancelling] = useState<Order | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  // Orders carry the event id only; the public event gives title, date and venue.
  useEffect(() => {
    const missing = [...new Set((data?.items ?? []).map((o) => o.eventId))].filter((id) => !(id in events));
    if (missing.length === 0) return;
    void Promise.all(missing.map((id) => api<EventDetail>(`/events/${id}`).catch(() => null))).then((found) =>
      setEvents((prev) => ({ ...prev, ...Object.fromEntries(missing.map((id, i) => [id, found[i] ?? null])) })),
    );
  }, [data, events]);

  async function cancel() {
    if (!cancelling) return;
    setBusy(true);
    setFailure(null);
    try {
      await api(`/orders/${cancelling.id}/cancel`, { method: 'POST' });
      setNotice('Booking cancelled. The refund is on its way to your card.');
      reload();
    } catch (err) {
      setFailure(err instanceof ApiError ? err.message : 'Could not cancel. Please try again.');
    } finally {
      setBusy(false);
      setCancelling(null);
    }
  }

  if (loading && !data) return <Loading />;
  if (error) return <ErrorMessage error={error} onRetry={reload} />;
  const now = Date.now();
  const orders = (data?.items ?? []).filter((o) => o.status !== 'failed');
  const startsAt = (o: Order) => (events[o.eventId] ? Date.parse(events[o.eventId]!.startsAt) : now + 1);
  const upcoming = orders.filter((o) => startsAt(o) > now && o.status !== 'cancelled');
  const past = orders.filter((o) => !upcoming.includes(o));
  const cancellable = (o: Order) => {
    const event = events[o.eventId];
    if (o.status !== 'confirmed' || !event) return false;
    return Date.parse(event.startsAt) - event.cancellationCutoffHours * 3_600_000 > now;
  };

  return (
    <>
      <PageTitle>My bookings</PageTitle>
      {notice && <Notice tone="success">{notice}</Notice>}
      {failure && <ErrorMessage error={failure} />}
      {orders.length === 0 && (
        <EmptyState title="No bookings yet">
          <p>
            <Link to="/search">Find something to see</Link>
          </p>
        </EmptyState>
      )}
      {upcoming.length > 0 && (
        <section aria-labelledby="upcoming-title">
          <h2 id="upcoming-title">Upcoming</h2>
          {upcoming.map((o) => (
            <OrderCard
              key={o.id}
              order={o}
              event={events[o.eventId] ?? null}
              actions={
                cancellable(o) ? (
                  <button type="button" className="button danger" onClick={() => setCancelling(o)}>
                    Cancel booking
                  </button>
                ) : o.status === 'confirmed' ? (
                  <p className="muted small">Cancellation has closed for this event.</p>
                ) : null
              }
            />
          ))}
        </section>
      )}
      {past.length > 0 && (
        <section aria-labelledby="past-title">
          <h2 id="past-title">Past and cancelled</h2>
          {past.map((o) => (
            <OrderCard key={o.id} order={o} event={events[o.eventId] ?? null} />
          ))}
        </section>
      )}
      <ConfirmDialog
        open={cancelling !== null}
        title="Cancel this booking?"
        confirmLabel="Cancel booking"
        busy={busy}
        onConfirm={cancel}
        onCancel={() => setCancelling(null)}
      >
        <p>Your tickets stop working at once, the seats go back on sale, and the full amount is refunded to your card.</p>
      </ConfirmDialog>
    </>
  );
}

export default function BookingsPage() {
  return (
    <RequireLogin>
      <Bookings />
    </RequireLogin>
  );
}
