import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { orderQuery } from '../../api/queries.js';
import { ErrorMessage, Loading, Notice } from '../../components/feedback.js';
import { PageTitle } from '../../components/layout.js';
import { RequireLogin } from '../../components/require-login.js';
import { OrderCard } from '../bookings/order-card.js';

function Confirmation() {
  const { id = '' } = useParams();
  const { data, error, refetch } = useQuery({
    ...orderQuery(id),
    // A delayed payment confirms through the provider's webhook: look again shortly.
    refetchInterval: (q) => (q.state.data?.order.status === 'pending_payment' ? 1500 : false),
  });
  const order = data?.order;

  if (error) return <ErrorMessage error={error} onRetry={() => void refetch()} />;
  if (!order) return <Loading />;
  return (
    <div className="narrow-wide">
      <PageTitle documentTitle={order.status === 'confirmed' ? 'Booking confirmed' : 'Booking'}>
        {order.status === 'confirmed' ? "You're going!" : order.status === 'pending_payment' ? 'Almost there…' : 'Booking'}
      </PageTitle>
      {order.status === 'confirmed' && (
        <Notice tone="success">Payment received. Your tickets are below and in My bookings; a confirmation email is on its way.</Notice>
      )}
      {order.status === 'pending_payment' && <Notice>Your bank is confirming the payment. This page updates by itself.</Notice>}
      <OrderCard order={order} />
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
