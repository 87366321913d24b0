import { useQueries, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/client.js';
import { useCancelOrder } from '../../api/mutations.js';
import { eventQuery, myHoldsQuery, myOrdersQuery } from '../../api/queries.js';
import type { EventDetail, Order } from '../../api/types.js';
import { ConfirmDialog, EmptyState, ErrorMessage, Loading, Notice } from '../../components/feedback.js';
import { PageTitle } from '../../components/layout.js';
import { RequireLogin } from '../../components/require-login.js';
import { HoldCard } from './hold-card.js';
import { OrderCard } from './order-card.js';

function Bookings() {
  const { data, error, isPending, refetch } = useQuery(myOrdersQuery());
  const { data: held } = useQuery(myHoldsQuery());
  const holds = held?.items ?? [];
  // Orders carry the event's title, date and venue; the public event adds the cancellation cut-off (null: no longer listed).
  const eventIds = [...new Set((data?.items ?? []).map((o) => o.eventId))];
  const events = useQueries({
    queries: eventIds.map((id) => eventQuery(id)),
    combine: (results) => {
      const byId: Record<string, EventDetail | null> = {};
      results.forEach((r, i) => {
        if (r.data) byId[eventIds[i]!] = r.data;
        else if (r.isError) byId[eventIds[i]!] = null;
      });
      return byId;
    },
  });
  const [cancelling, setCancelling] = useState<Order | null>(null);
  const cancelOrder = useCancelOrder();

  function cancel() {
    if (!cancelling) return;
    cancelOrder.mutate(cancelling.id, { onSettled: () => setCancelling(null) });
  }
  const notice = cancelOrder.isSuccess ? 'Booking cancelled. The refund is on its way to your card.' : null;
  const failure = cancelOrder.error
    ? cancelOrder.error instanceof ApiError
      ? cancelOrder.error.message
      : 'Could not cancel. Please try again.'
    : null;

  if (isPending) return <Loading />;
  if (error) return <ErrorMessage error={error} onRetry={() => void refetch()} />;
  const now = Date.now();
  const orders = (data?.items ?? []).filter((o) => o.status !== 'failed');
  const startsAt = (o: Order) => Date.parse(o.event.startsAt);
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
      {holds.length > 0 && (
        <section aria-labelledby="holds-title">
          <h2 id="holds-title">Seats on hold</h2>
          {holds.map((h) => (
            <HoldCard key={h.id} hold={h} />
          ))}
        </section>
      )}
      {orders.length === 0 && holds.length === 0 && (
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
        busy={cancelOrder.isPending}
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
