import { useEffect, useId, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, query } from '../../api/client.js';
import type { EventSummary, Page } from '../../api/types.js';
import { formatDate } from '../../components/format.js';

/** A search box that shows the first matches while typing; Enter opens the full results. */
export function InstantSearch({ initial = '' }: { initial?: string }) {
  const [q, setQ] = useState(initial);
  const [results, setResults] = useState<EventSummary[] | null>(null);
  const navigate = useNavigate();
  const id = useId();

  useEffect(() => {
    const term = q.trim();
    if (term.length < 2) {
      setResults(null);
      return;
    }
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      api<Page<EventSummary>>(`/events${query({ q: term, limit: 5 })}`, { signal: ctl.signal }).then(
        (page) => setResults(page.items),
        () => setResults(null),
      );
    }, 150);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [q]);

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
                  {formatDate(r.startsAt)} · {r.venue.city}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}
