import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/client.js';
import { useCancelOrder } from '../../api/mutations.js';
import { myHoldsQuery, myOrdersQuery } from '../../api/queries.js';
import { myTransfersQuery } from '../../api/transfers.js';
import type { Order } from '../../api/types.js';
import { ConfirmDialog, EmptyState, ErrorMessage, Loading, Notice } from '../../components/feedback.js';
import { PageTitle } from '../../components/layout.js';
import { RequireLogin } from '../../components/require-login.js';
import { HoldCard } from './hold-card.js';
import { OrderCard } from './order-card.js';
import { TransfersSection } from './transfers-section.js';

function Bookings() {
  const { data, error, isPending, refetch } = useQuery(myOrdersQuery());
  const { data: held } = useQuery(myHoldsQuery());
  const { data: transfers } = useQuery(myTransfersQuery());
  const offers = new Map((transfers?.outgoing ?? []).filter((t) => t.status === 'pending').map((t) => [t.ticket.id, t]));
  const holds = held?.items ?? [];
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
  // The server says until when: the cut-off, or a later refund window after the event moved.
  const cancellable = (o: Order) => o.cancellableUntil !== null && Date.parse(o.cancellableUntil) > now;

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
      <TransfersSection />
      {orders.length === 0 && holds.length === 0 && !transfers?.received.length && !transfers?.incoming.length && (
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
              offers={offers}
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
            <OrderCard key={o.id} order={o} />
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
