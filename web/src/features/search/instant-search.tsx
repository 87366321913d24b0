import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { query } from '../../api/client.js';
import { searchQuery } from '../../api/queries.js';
import { formatDate } from '../../components/format.js';
import { useDebouncedValue } from '../../components/use-debounced-value.js';

/** A search box that shows the first matches while typing; Enter opens the full results. */
export function InstantSearch({ initial = '' }: { initial?: string }) {
  const [q, setQ] = useState(initial);
  const term = useDebouncedValue(q.trim(), 150);
  const enabled = q.trim().length >= 2 && term.length >= 2;
  // The last matches stay up while the next ones load; a failed look-up shows none.
  const { data, isError } = useQuery({ ...searchQuery({ q: term, limit: 5 }), enabled, placeholderData: keepPreviousData });
  const results = enabled && !isError ? (data?.items ?? null) : null;
  const navigate = useNavigate();
  const id = useId();

  function submit(e: FormEvent) {
    e.preventDefault();
    navigate(`/search${query({ q: q.trim() })}`);
  }

  return (
    <form role="search" className="instant-search" onSubmit={submit}>
      <label htmlFor={`${id}-q`} className="visually-hidden">
        Search events, artists, venues or cities
      </label>
      <input
        id={`${id}-q`}
        type="search"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        placeholder="Search events, artists, venues, cities"
        autoComplete="off"
        aria-describedby={`${id}-status`}
      />
      <button className="button primary" type="submit">
        Search
      </button>
      <p id={`${id}-status`} className="visually-hidden" aria-live="polite">
        {results ? `${results.length} quick results` : ''}
      </p>
      {results && results.length > 0 && (
        <ul className="instant-results" aria-label="Quick results">
          {results.map((r) => (
            <li key={r.id}>
              <Link to={`/events/${r.id}`}>
                <strong>{r.title}</strong>
                <span className="muted">
                  <time dateTime={r.startsAt}>{formatDate(r.startsAt, r.venue.timezone)}</time> · {r.venue.city}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}
