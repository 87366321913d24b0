import { Link } from 'react-router';
import { categories, type EventSummary, type Page } from '../../api/types.js';
import { EventGrid } from '../../components/event-card.js';
import { ErrorMessage, Loading } from '../../components/feedback.js';
import { capitalise } from '../../components/format.js';
import { useApi } from '../../components/use-api.js';
import { InstantSearch } from '../search/instant-search.js';

function Shelf({ title, path, more }: { title: string; path: string; more: string }) {
  const { data, error, loading, reload } = useApi<Page<EventSummary>>(path);
  return (
    <section className="shelf" aria-labelledby={`shelf-${more}`}>
      <div className="shelf-head">
        <h2 id={`shelf-${more}`}>{title}</h2>
        <Link to={`/search?sort=${more}`}>See all</Link>
      </div>
      {loading && <Loading />}
      {error && <ErrorMessage error={error} onRetry={reload} />}
      {data && (data.items.length ? <EventGrid events={data.items} /> : <p className="muted">No events yet.</p>)}
    </section>
  );
}

export function HomePage() {
  return (
    <>
      <section className="hero">
        <h1>Live events, the best seats, no surprises</h1>
        <p>Concerts, theatre, sports and more. Every price includes all fees.</p>
        <InstantSearch />
        <ul className="chips" aria-label="Browse by category">
          {categories.map((c) => (
            <li key={c}>
              <Link className="chip" to={`/search?category=${c}`}>
                {capitalise(c)}
              </Link>
            </li>
          ))}
        </ul>
      </section>
      <Shelf title="Coming up" path="/events?sort=date&limit=8" more="date" />
      <Shelf title="Popular now" path="/events?sort=popularity&limit=8" more="popularity" />
    </>
  );
}
