import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { scannersQuery, useAssignScanner, useChangeTicket, useFindDoorTicket, useUnassignScanner } from '../../api/checkin.js';
import { adminEventQuery } from '../../api/queries.js';
import type { DoorTicket } from '../../api/types.js';
import { ErrorMessage, Loading, Notice } from '../../components/feedback.js';
import { FieldError, fieldMessages } from '../../components/field-error.js';
import { formatDate } from '../../components/format.js';
import { PageTitle } from '../../components/layout.js';
import { RequireLogin } from '../../components/require-login.js';
import { CheckinPanel } from './checkin-panel.js';

function Scanners({ eventId }: { eventId: string }) {
  const { data, error } = useQuery(scannersQuery(eventId));
  const assign = useAssignScanner(eventId);
  const unassign = useUnassignScanner(eventId);
  const [email, setEmail] = useState('');
  const problems = fieldMessages(assign.error);
  return (
    <section className="card" aria-labelledby="door-staff">
      <h2 id="door-staff">Door staff</h2>
      {error && <ErrorMessage error={error} />}
      {data && data.items.length === 0 && <p className="muted">Nobody assigned yet: you and admins can scan.</p>}
      {data && data.items.length > 0 && (
        <ul className="door-staff">
          {data.items.map((s) => (
            <li key={s.id}>
              {s.name ?? 'Unnamed'} ({s.email ?? 'erased account'}){' '}
              <button
                type="button"
                className="button secondary small"
                disabled={unassign.isPending}
                onClick={() => unassign.mutate(s.id)}
                aria-label={`Remove ${s.email ?? s.id} from the door staff`}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          assign.mutate(email.trim(), { onSuccess: () => setEmail('') });
        }}
      >
        <div className="field">
          <label htmlFor="scanner-email">Email of a scanner account</label>
          <input
            id="scanner-email"
            type="email"
            required
            value={email}
            maxLength={320}
            aria-invalid={problems.has('email') || undefined}
            aria-describedby={problems.has('email') ? 'scanner-email-error' : undefined}
            onChange={(e) => setEmail(e.target.value)}
          />
          <FieldError id="scanner-email-error" messages={problems} field="email" />
        </div>
        {assign.error && !problems.has('email') && <ErrorMessage error={assign.error} />}
        <button type="submit" className="button primary" disabled={assign.isPending}>
          Assign to this event
        </button>
      </form>
    </section>
  );
}

function TicketTools({ eventId, timezone }: { eventId: string; timezone: string }) {
  const find = useFindDoorTicket(eventId);
  const change = useChangeTicket(eventId);
  const [serial, setSerial] = useState('');
  const [ticket, setTicket] = useState<DoorTicket | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const act = (kind: 'void' | 'reissue') => {
    if (!ticket) return;
    setDone(null);
    change.mutate(
      { ticketId: ticket.id, change: kind },
      {
        onSuccess: (r) => {
          setTicket(r.ticket);
          setDone(
            kind === 'void'
              ? 'The ticket is void: its codes are refused at the door.'
              : 'Reissued: codes shown before are refused, the holder’s app shows the new one.',
          );
        },
      },
    );
  };
  return (
    <section className="card" aria-labelledby="ticket-tools">
      <h2 id="ticket-tools">Void or reissue a ticket</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setDone(null);
          find.mutate(serial, { onSuccess: (r) => setTicket(r.ticket), onError: () => setTicket(null) });
        }}
      >
        <div className="field">
          <label htmlFor="ticket-serial">Ticket serial (printed under the QR code)</label>
          <input id="ticket-serial" required minLength={4} maxLength={40} value={serial} onChange={(e) => setSerial(e.target.value)} />
        </div>
        <button type="submit" className="button secondary" disabled={find.isPending}>
          Find ticket
        </button>
      </form>
      {find.error && <ErrorMessage error={find.error} />}
      {ticket && (
        <div className="door-ticket" aria-live="polite">
          <p>
            <strong>
              {ticket.seat.section}
              {ticket.seat.row ? `, row ${ticket.seat.row}, seat ${ticket.seat.number}` : ', standing'}
            </strong>{' '}
            · <code>{ticket.serial}</code> · status <strong>{ticket.status}</strong> · code version {ticket.version}
            {ticket.usedAt && (
              <>
                {' '}
                · checked in at {ticket.gate}, <time dateTime={ticket.usedAt}>{formatDate(ticket.usedAt, timezone)}</time>
              </>
            )}
          </p>
          <div className="actions">
            <button
              type="button"
              className="button danger small"
              disabled={change.isPending || ticket.status === 'void'}
              onClick={() => act('void')}
            >
              Void ticket
            </button>
            <button
              type="button"
              className="button secondary small"
              disabled={change.isPending || ticket.status === 'used'}
              onClick={() => act('reissue')}
            >
              Reissue ticket
            </button>
          </div>
        </div>
      )}
      {change.error && <ErrorMessage error={change.error} />}
      {done && <Notice tone="success">{done}</Notice>}
    </section>
  );
}

function DoorTools({ eventId }: { eventId: string }) {
  const { data, error } = useQuery(adminEventQuery(eventId));
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <Loading />;
  const e = data.event;
  return (
    <>
      <PageTitle>{`Door: ${e.title}`}</PageTitle>
      <p className="muted">
        <time dateTime={e.startsAt}>{formatDate(e.startsAt, e.venue.timezone)}</time> · {e.venue.name}, {e.venue.city} ·{' '}
        <Link to="/organizer">Back to the dashboard</Link>
      </p>
      <CheckinPanel eventId={eventId} title={e.title} tools={false} />
      <p>
        <Link className="button primary" to={`/scan/${eventId}`}>
          Open the door scanner
        </Link>
      </p>
      <Scanners eventId={eventId} />
      <TicketTools eventId={eventId} timezone={e.venue.timezone} />
    </>
  );
}

export default function DoorToolsPage() {
  const { id } = useParams();
  return <RequireLogin roles={['organizer', 'admin']}>{id && <DoorTools eventId={id} />}</RequireLogin>;
}
