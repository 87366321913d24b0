import { useQuery } from '@tanstack/react-query';
import { myTransfersQuery, useSettleTransfer } from '../../api/transfers.js';
import type { TransferTicket } from '../../api/types.js';
import { ErrorMessage, Notice } from '../../components/feedback.js';
import { formatDate } from '../../components/format.js';
import { RotatingTicketQr } from './rotating-ticket-qr.js';
import { faceValueText } from './ticket-transfer.js';

const seatText = (t: TransferTicket) =>
  `${t.seat.section}${t.seat.row ? `, row ${t.seat.row}` : ''}${t.seat.number !== null && t.seat.row ? `, seat ${t.seat.number}` : ''}`;

/** Tickets other fans offered to this account (accept or decline) and the ones it accepted (with their codes). */
export function TransfersSection() {
  const { data } = useQuery(myTransfersQuery());
  const settle = useSettleTransfer();
  if (!data) return null;
  const { incoming, received, emailVerified } = data;
  return (
    <>
      {!emailVerified && (
        <Notice>Tickets other fans send you show here once you confirm your e-mail address (see the link we mailed you).</Notice>
      )}
      {incoming.length > 0 && (
        <section aria-labelledby="offers-title">
          <h2 id="offers-title">Tickets offered to you</h2>
          {settle.error && <ErrorMessage error={settle.error} />}
          {incoming.map((t) => (
            <article key={t.id} className="card order-card" aria-labelledby={`offer-${t.id}`}>
              <h3 id={`offer-${t.id}`}>{t.ticket.eventTitle}</h3>
              <p className="muted">
                <time dateTime={t.ticket.startsAt}>{formatDate(t.ticket.startsAt, t.ticket.venueTimeZone)}</time> · {seatText(t.ticket)} ·{' '}
                {faceValueText(t)}
              </p>
              <p className="small">
                Accept before {formatDate(t.ticket.transfersCloseAt, t.ticket.venueTimeZone)}: the ticket then gets a new code in your name.
              </p>
              <p className="row-actions">
                <button
                  type="button"
                  className="button primary small"
                  disabled={settle.isPending}
                  onClick={() => settle.mutate({ transferId: t.id, action: 'accept' })}
                >
                  Accept ticket
                </button>
                <button
                  type="button"
                  className="button secondary small"
                  disabled={settle.isPending}
                  onClick={() => settle.mutate({ transferId: t.id, action: 'decline' })}
                >
                  Decline
                </button>
              </p>
            </article>
          ))}
        </section>
      )}
      {received.length > 0 && (
        <section aria-labelledby="received-title">
          <h2 id="received-title">Tickets transferred to you</h2>
          <ul className="tickets">
            {received.map((t) => (
              <li key={t.id} className="ticket">
                {t.status === 'valid' ? (
                  <RotatingTicketQr ticketId={t.id} label={`QR code for ${t.eventTitle}, ${seatText(t)}`} />
                ) : (
                  <div className="qr qr-placeholder" role="img" aria-label={`${t.eventTitle}, ${seatText(t)}: no code`} />
                )}
                <div>
                  <strong>{t.eventTitle}</strong>
                  <p className="muted small">
                    <time dateTime={t.startsAt}>{formatDate(t.startsAt, t.venueTimeZone)}</time> · {seatText(t)}
                  </p>
                  <p className="muted small">
                    Ticket <code>{t.serial}</code> ·{' '}
                    {t.status === 'valid' ? 'Show this code at the door' : t.status === 'used' ? 'Checked in' : 'Void'}
                  </p>
                </div>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
