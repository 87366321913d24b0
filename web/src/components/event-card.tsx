import { Link } from 'react-router';
import type { EventSummary } from '../api/types.js';
import { capitalise, formatDate, formatDay, formatMoney, saleStatusLabel } from './format.js';

const categoryHue: Record<string, number> = {
  concert: 350,
  theatre: 280,
  sports: 140,
  comedy: 45,
  festival: 20,
  family: 190,
  classical: 230,
  opera: 310,
  dance: 330,
  conference: 210,
};

/** The placeholder artwork: a gradient per category with the date, no image download. */
function Artwork({ event }: { event: EventSummary }) {
  const hue = categoryHue[event.category] ?? 200;
  const { day, month } = formatDay(event.startsAt, event.venue.timezone);
  return (
    <div
      className="card-art"
      aria-hidden="true"
      style={{ background: `linear-gradient(135deg, hsl(${hue} 55% 30%), hsl(${(hue + 40) % 360} 60% 45%))` }}
    >
      <span className="card-date">
        <strong>{day}</strong>
        {month}
      </span>
      <span className="card-category">{capitalise(event.category)}</span>
    </div>
  );
}

export function EventCard({ event }: { event: EventSummary }) {
  return (
    <article className="event-card">
      <Artwork event={event} />
      <div className="card-body">
        <h3 className="card-title">
          <Link to={`/events/${event.id}`}>{event.title}</Link>
        </h3>
        <p className="card-meta">
          <time dateTime={event.startsAt}>{formatDate(event.startsAt, event.venue.timezone)}</time>
        </p>
        <p className="card-meta">
          {event.venue.name}, {event.venue.city}
        </p>
        <p className="card-footer">
          {event.fromPrice ? <span className="price">From {formatMoney(event.fromPrice)}</span> : <span />}
          <StatusBadge status={event.saleStatus} />
        </p>
      </div>
    </article>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${status}`}>{saleStatusLabel[status] ?? status}</span>;
}

export function EventGrid({ events }: { events: EventSummary[] }) {
  return (
    <ul className="event-grid">
      {events.map((e) => (
        <li key={e.id}>
          <EventCard event={e} />
        </li>
      ))}
    </ul>
  );
}
