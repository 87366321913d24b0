import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { checkinStatsQuery } from '../../api/checkin.js';
import { ErrorMessage, Loading } from '../../components/feedback.js';

const refusedLabels: Record<string, string> = {
  already_used: 'already used',
  void: 'void',
  wrong_event: 'wrong event',
  expired: 'expired',
  invalid: 'invalid',
};

/** Check-in as it happens: in, still to come, per gate; refreshed every 5 s while shown. */
export function CheckinPanel({ eventId, title, tools = true }: { eventId: string; title: string; tools?: boolean }) {
  const { data, error } = useQuery(checkinStatsQuery(eventId));
  return (
    <section className="card" aria-labelledby={`checkin-${eventId}`}>
      <h2 id={`checkin-${eventId}`}>Check-in: {title}</h2>
      {error && <ErrorMessage error={error} />}
      {!data && !error && <Loading />}
      {data && (
        <>
          <p aria-live="polite" className="checkin-figures">
            <strong>{data.checkedIn.toLocaleString('en-GB')}</strong> of {data.tickets.toLocaleString('en-GB')} tickets checked in ·{' '}
            {data.remaining.toLocaleString('en-GB')} to come
            {data.voided > 0 && <> · {data.voided} void</>}
          </p>
          {data.gates.length > 0 ? (
            <table className="table">
              <caption className="visually-hidden">Check-in per gate</caption>
              <thead>
                <tr>
                  <th scope="col">Gate</th>
                  <th scope="col">Admitted</th>
                  <th scope="col">Refused</th>
                  <th scope="col">Last scan</th>
                </tr>
              </thead>
              <tbody>
                {data.gates.map((g) => (
                  <tr key={g.gate}>
                    <th scope="row">{g.gate}</th>
                    <td>{g.admitted}</td>
                    <td>{g.refused}</td>
                    <td>{g.lastScanAt ? new Date(g.lastScanAt).toLocaleTimeString() : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">No scans yet.</p>
          )}
          {Object.values(data.refusedByResult).some((n) => n > 0) && (
            <p className="muted small">
              Refused:{' '}
              {Object.entries(data.refusedByResult)
                .filter(([, n]) => n > 0)
                .map(([k, n]) => `${n} ${refusedLabels[k] ?? k}`)
                .join(', ')}
            </p>
          )}
        </>
      )}
      {tools && (
        <p className="actions">
          <Link className="button secondary small" to={`/organizer/events/${eventId}/door`}>
            Door tools
          </Link>
          <Link className="button secondary small" to={`/scan/${eventId}`}>
            Open scanner
          </Link>
        </p>
      )}
    </section>
  );
}
