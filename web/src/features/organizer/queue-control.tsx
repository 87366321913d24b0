import { useQuery } from '@tanstack/react-query';
import { ApiError } from '../../api/client.js';
import { useSetQueuePolicy } from '../../api/mutations.js';
import { adminQueueQuery } from '../../api/queries.js';
import type { QueueOverview } from '../../api/types.js';
import { ErrorMessage, Loading } from '../../components/feedback.js';

const modeText: Record<QueueOverview['mode'], string> = { on: 'On', auto: 'Auto (on by demand)', off: 'Off' };

/** Refreshed while the dashboard is open: the line moves about once a second during an on-sale. */
const useQueueOverview = (eventId: string) => useQuery({ ...adminQueueQuery(eventId), refetchInterval: 5000 });

function SwitchButton({ eventId, title, overview }: { eventId: string; title: string; overview: QueueOverview }) {
  const setPolicy = useSetQueuePolicy(eventId);
  const on = overview.policy.enabled;
  return (
    <>
      <button
        type="button"
        className={`button ${on ? 'secondary' : 'primary'} small`}
        disabled={setPolicy.isPending}
        aria-label={`${on ? 'Switch off' : 'Switch on'} the waiting room of ${title}`}
        onClick={() => setPolicy.mutate({ enabled: !on })}
      >
        {on ? 'Switch off' : 'Switch on'}
      </button>
      {setPolicy.error && (
        <ErrorMessage error={setPolicy.error instanceof ApiError ? setPolicy.error.message : 'Could not change the waiting room.'} />
      )}
    </>
  );
}

/** The table cell: the waiting room's mode, the line's length, and the switch. */
export function QueueCell({ eventId, title }: { eventId: string; title: string }) {
  const { data, error } = useQueueOverview(eventId);
  if (error) return <span className="muted small">unavailable</span>;
  if (!data) return <span className="muted small">…</span>;
  const q = data.queue;
  return (
    <div className="queue-cell">
      <span className={`badge badge-queue-${q.mode}`}>{modeText[q.mode]}</span>
      {q.mode !== 'off' && <span className="small"> {q.waiting.toLocaleString('en-GB')} waiting</span>}
      <div>
        <SwitchButton eventId={eventId} title={title} overview={q} />
      </div>
    </div>
  );
}

/** The selected event's waiting room in figures, for watching an on-sale. */
export function QueuePanel({ eventId, title }: { eventId: string; title: string }) {
  const { data, error } = useQueueOverview(eventId);
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <Loading />;
  const q = data.queue;
  const figures: [string, string][] = [
    ['State', modeText[q.mode]],
    ['In line now', q.waiting.toLocaleString('en-GB')],
    ['Admission rate', `${q.status.admittedPerMinute.toLocaleString('en-GB')} per minute`],
    ['Admitted', q.status.servingUpTo.toLocaleString('en-GB')],
    ['Seats sold', q.seatsSold.toLocaleString('en-GB')],
  ];
  return (
    <section className="card" aria-labelledby="queue-title">
      <h2 id="queue-title">Waiting room: {title}</h2>
      <dl className="figures" aria-live="off">
        {figures.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <p className="hint">
        {q.autoThresholdHoldsPerSecond > 0
          ? `Switches on by itself above ${q.autoThresholdHoldsPerSecond} holds per second. Switch it on before a big on-sale so early arrivals get a fair random draw.`
          : 'Automatic switching is off on this server: switch it on before a big on-sale.'}{' '}
        {q.status.closed ? 'Sold out: the line is closed.' : ''}
      </p>
      <SwitchButton eventId={eventId} title={title} overview={q} />
    </section>
  );
}
