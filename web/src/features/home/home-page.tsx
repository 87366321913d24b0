import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { searchQuery } from '../../api/queries.js';
import { categories } from '../../api/types.js';
import { EventGrid } from '../../components/event-card.js';
import { ErrorMessage, Loading } from '../../components/feedback.js';
import { capitalise } from '../../components/format.js';
import { PageTitle } from '../../components/page-title.js';
import { InstantSearch } from '../search/instant-search.js';

function Shelf({ title, sort }: { title: string; sort: 'date' | 'popularity' }) {
  const { data, error, isPending, refetch } = useQuery(searchQuery({ sort, limit: 8 }));
  return (
    <section className="shelf" aria-labelledby={`shelf-${sort}`}>
      <div className="shelf-head">
        <h2 id={`shelf-${sort}`}>{title}</h2>
        <Link to={`/search?sort=${sort}`}>See all</Link>
      </div>
      {isPending && <Loading />}
      {error && <ErrorMessage error={error} onRetry={() => void refetch()} />}
      {data && (data.items.length ? <EventGrid events={data.items} /> : <p className="muted">No events yet.</p>)}
    </section>
  );
}

export function HomePage() {
  return (
    <>
      <section className="hero">
        <PageTitle className="" documentTitle="Live events and tickets">
          Live events, the best seats, no surprises
        </PageTitle>
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
      <Shelf title="Coming up" sort="date" />
      <Shelf title="Popular now" sort="popularity" />
    </>
  );
}
