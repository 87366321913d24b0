import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import type { EventDetail, Order } from '../../api/types.js';
import { ErrorMessage, Loading, Notice } from '../../components/feedback.js';
import { PageTitle } from '../../components/layout.js';
import { RequireLogin } from '../../components/require-login.js';
import { useApi } from '../../components/use-api.js';
import { OrderCard } from '../bookings/order-card.js';

function Confirmation() {
  const { id = '' } = useParams();
  const { data, error, reload } = useApi<{ order: Order }>(`/orders/${id}`);
  const order = data?.order;
  const { data: event } = useApi<EventDetail>(order ? `/events/${order.eventId}` : null);

  // A delayed payment confirms through the provider's webhook: look again shortly.
  useEffect(() => {
    if (order?.status !== 'pending_payment') return;
    const timer = setTimeout(reload, 1500);
    return () => clearTimeout(timer);
  }, [order, reload]);

  if (error) return <ErrorMessage error={error} onRetry={reload} />;
  if (!order) return <Loading />;
  return (
    <div className="narrow-wide">
      <PageTitle>
        {order.status === 'confirmed' ? "You're going!" : order.status === 'pending_payment' ? 'Almost there…' : 'Booking'}
      </PageTitle>
      {order.status === 'confirmed' && (
        <Notice tone="success">Payment received. Your tickets are below and in My bookings; a confirmation email is on its way.</Notice>
      )}
      {order.status === 'pending_payment' && <Notice>Your bank is confirming the payment. This page updates by itself.</Notice>}
      <OrderCard order={order} event={event} />
      <p>
        <Link to="/bookings">See all my bookings</Link>
      </p>
    </div>
  );
}

export default function OrderPage() {
  return (
    <RequireLogin>
      <Confirmation />
    </RequireLogin>
  );
}
