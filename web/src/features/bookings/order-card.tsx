import { Link } from 'react-router';
import type { Order, Transfer } from '../../api/types.js';
import { formatDate, formatMoney } from '../../components/format.js';
import { RotatingTicketQr } from './rotating-ticket-qr.js';
import { TicketTransfer } from './ticket-transfer.js';

const statusText: Record<Order['status'], string> = {
  pending_payment: 'Payment processing',
  confirmed: 'Confirmed',
  failed: 'Payment failed',
  cancelled: 'Cancelled and refunded',
};

/**
 * One booking: the event as the order keeps it (title, date, venue, and what
 * happened to it: moved, cancelled), seats, and a QR code per valid ticket.
 */
export function OrderCard({
  order,
  actions,
  offers,
}: {
  order: Order;
  actions?: React.ReactNode;
  /** Open transfer offers by ticket id; given where the holder may hand tickets on (My bookings). */
  offers?: Map<string, Transfer>;
}) {
  const seatOf = new Map(order.seats.map((s) => [s.id, s]));
  const { event } = order;
  const tz = event.venue.timezone;
  const listed = event.status === 'published' || event.status === 'cancelled';
  const refundWindow =
    order.status === 'confirmed' && order.rescheduleRefundUntil && Date.parse(order.rescheduleRefundUntil) > Date.now()
      ? order.rescheduleRefundUntil
      : null;
  return (
    <article className="card order-card" aria-labelledby={`order-${order.id}`}>
      <header className="order-head">
        <div>
          <h3 id={`order-${order.id}`}>{listed ? <Link to={`/events/${event.id}`}>{event.title}</Link> : event.title}</h3>
          <p className="muted">
            <time dateTime={event.startsAt}>{formatDate(event.startsAt, tz)}</time> · {event.venue.name}, {event.venue.city}
            {!listed && ' · no longer listed'}
          </p>
        </div>
        <span className={`badge badge-order-${order.status}`}>{statusText[order.status]}</span>
      </header>
      {event.status === 'cancelled' && (
        <p className="alert alert-warning">
          <strong>This event is cancelled.</strong> {event.cancelReason ? <>The organizer says: “{event.cancelReason}”. </> : null}
          Your booking is refunded in full.
        </p>
      )}
      {event.rescheduledFrom && event.status !== 'cancelled' && (
        <p className="alert alert-info">
          <strong>New date.</strong> Moved from {formatDate(event.rescheduledFrom, tz)} to {formatDate(event.startsAt, tz)}.
          {refundWindow && <> You may cancel for a full refund until {formatDate(refundWindow, tz)}.</>}
        </p>
      )}
      <p>
        {order.seats.length} ticket{order.seats.length === 1 ? '' : 's'} · {formatMoney(order.total)}
        {order.breakdown.discount && <> (access code discount {formatMoney(order.breakdown.discount)} included)</>}
        {order.refunded.amount > 0 && <> · refunded {formatMoney(order.refunded)}</>}
      </p>
      {order.status === 'confirmed' && (
        <p className="row-actions">
          <a className="button secondary small" href={`/api/v1/orders/${order.id}/tickets.pdf`} download>
            Download tickets (PDF)
          </a>
          <a className="button secondary small" href={`/api/v1/orders/${order.id}/calendar.ics`} download>
            Add to calendar (.ics)
          </a>
          <a className="button secondary small" href={`/api/v1/orders/${order.id}/receipt.pdf`} download>
            Receipt (PDF)
          </a>
        </p>
      )}
      {order.status === 'cancelled' && order.confirmedAt && (
        <p className="row-actions">
          <a className="button secondary small" href={`/api/v1/orders/${order.id}/receipt.pdf`} download>
            Receipt (PDF)
          </a>
          <a className="button secondary small" href={`/api/v1/orders/${order.id}/credit-note.pdf`} download>
            Credit note (PDF)
          </a>
        </p>
      )}
      {order.status === 'confirmed' && (
        <ul className="tickets">
          {order.tickets.map((t) => {
            const seat = seatOf.get(t.seatId);
            const where = seat ? `${seat.section}${seat.row ? `, row ${seat.row}, seat ${seat.number}` : ', standing'}` : 'Ticket';
            return (
              <li key={t.id} className="ticket">
                {t.transferred ? (
                  <div className="qr qr-placeholder" role="img" aria-label={`Ticket for ${where}: transferred, no code`} />
                ) : t.status === 'void' ? (
                  <div className="qr qr-placeholder" role="img" aria-label={`Void ticket for ${where}: no code`} />
                ) : (
                  <RotatingTicketQr ticketId={t.id} label={`QR code for ${where}`} />
                )}
                <div>
                  <strong>{where}</strong>
                  <p className="muted small">
                    Ticket <code>{t.serial}</code>
                  </p>
                  <p className="small">
                    {t.transferred
                      ? 'Transferred to another fan: it is theirs now'
                      : t.status === 'valid'
                        ? 'Show this code at the door (it changes every few seconds)'
                        : t.status === 'used'
                          ? 'Checked in'
                          : 'Void'}
                  </p>
                  {offers && t.status === 'valid' && !t.transferred && (
                    <TicketTransfer ticketId={t.id} where={where} offer={offers.get(t.id)} />
                  )}
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
