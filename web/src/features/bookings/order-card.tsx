import { Link } from 'react-router';
import type { EventDetail, Order } from '../../api/types.js';
import { formatDate, formatMoney } from '../../components/format.js';
import { TicketQr } from './ticket-qr.js';

const statusText: Record<Order['status'], string> = {
  pending_payment: 'Payment processing',
  confirmed: 'Confirmed',
  failed: 'Payment failed',
  cancelled: 'Cancelled and refunded',
};

/** One booking: event (as the order keeps it), seats, and a QR code per valid ticket; `event` links it while listed. */
export function OrderCard({ order, event, actions }: { order: Order; event: EventDetail | null; actions?: React.ReactNode }) {
  const seatOf = new Map(order.seats.map((s) => [s.id, s]));
  return (
    <article className="card order-card" aria-labelledby={`order-${order.id}`}>
      <header className="order-head">
        <div>
          <h3 id={`order-${order.id}`}>{event ? <Link to={`/events/${event.id}`}>{order.event.title}</Link> : order.event.title}</h3>
          <p className="muted">
            <time dateTime={order.event.startsAt}>{formatDate(order.event.startsAt, order.event.venue.timezone)}</time> ·{' '}
            {order.event.venue.name}, {order.event.venue.city}
            {!event && ' · no longer listed'}
          </p>
        </div>
        <span className={`badge badge-order-${order.status}`}>{statusText[order.status]}</span>
      </header>
      <p>
        {order.seats.length} ticket{order.seats.length === 1 ? '' : 's'} · {formatMoney(order.total)}
        {order.refunded.amount > 0 && <> · refunded {formatMoney(order.refunded)}</>}
      </p>
      {order.status === 'confirmed' && (
        <ul className="tickets">
          {order.tickets.map((t) => {
            const seat = seatOf.get(t.seatId);
            const where = seat ? `${seat.section}${seat.row ? `, row ${seat.row}, seat ${seat.number}` : ', standing'}` : 'Ticket';
            return (
              <li key={t.id} className="ticket">
                <TicketQr value={t.serial} label={`QR code for ${where}`} />
                <div>
                  <strong>{where}</strong>
                  <p className="muted small">
                    Ticket <code>{t.serial}</code>
                  </p>
                  <p className="small">{t.status === 'valid' ? 'Show this code at the door' : t.status}</p>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {actions}
    </article>
  );
}
