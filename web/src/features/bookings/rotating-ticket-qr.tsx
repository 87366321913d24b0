import { useQuery } from '@tanstack/react-query';
import { ticketCodeQuery } from '../../api/checkin.js';
import { TicketQr } from './ticket-qr.js';

/**
 * The ticket's signed code as a QR that changes every 15 s (like SafeTix): a
 * screenshot stops scanning within about a minute and a half. `data-code`
 * carries the text for tests and for reading it out at a box office.
 */
export function RotatingTicketQr({ ticketId, label }: { ticketId: string; label: string }) {
  const code = useQuery(ticketCodeQuery(ticketId));
  if (code.isError) {
    return <div className="qr qr-placeholder" role="img" aria-label={`${label}: the code could not be loaded, it retries by itself`} />;
  }
  if (!code.data) return <div className="qr qr-placeholder" role="img" aria-label={label} />;
  return (
    <div className="rotating-qr" data-code={code.data.code} data-expires-at={code.data.expiresAt}>
      <TicketQr value={code.data.code} label={label} />
    </div>
  );
}
