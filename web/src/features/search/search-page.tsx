import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { searchPagesQuery, type SearchFilters } from '../../api/queries.js';
import { categories, type Category } from '../../api/types.js';
import { EventGrid } from '../../components/event-card.js';
import { EmptyState, ErrorMessage, Loading } from '../../components/feedback.js';
import { CurrencyOptions } from '../../components/currency-select.js';
import { capitalise } from '../../components/format.js';
import { toMinorUnits } from '../../../../src/domain/money.js';
import { PageTitle } from '../../components/layout.js';
import { useMediaQuery } from '../../components/use-media-query.js';

/** Below this width the filters fold away behind a button, so the results start on the first screen. */
const phone = '(max-width: 700px)';

const activeFilters = (params: URLSearchParams) =>
  ['city', 'category', 'from', 'to', 'currency', 'minPrice', 'maxPrice', 'available', 'sort'].filter((k) => params.get(k)).length;

/** The URL is the state: filters survive reloads and can be shared. */
function filtersOf(params: URLSearchParams): SearchFilters {
  const get = (key: string) => params.get(key) || undefined;
  // Price bounds only mean something in one currency: they are sent with it, in its minor units.
  const currency = get('currency');
  const minor = (v: string | undefined) => (v === undefined || !currency ? undefined : (toMinorUnits(v, currency) ?? undefined));
  return {
    q: get('q'),
    city: get('city'),
    category: get('category') as Category | undefined,
    // Calendar days as each venue's clock reads them, never converted through the browser's zone.
    fromDate: get('from'),
    toDate: get('to'),
    currency,
    minPrice: minor(get('minPrice')),
    maxPrice: minor(get('maxPrice')),
    available: get('available') === undefined ? undefined : get('available') === 'true',
    sort: get('sort') as SearchFilters['sort'],
    limit: 12,
  };
}

export default function SearchPage() {
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const [currency, setCurrency] = useState(params.get('currency') ?? '');
  const key = params.toString();
  const narrow = useMediaQuery(phone);
  const [filtersOpen, setFiltersOpen] = useState(false);
  const filtersId = useId();
  const showFilters = !narrow || filtersOpen;
  const active = activeFilters(params);
  // New filters keep the last results on screen until theirs arrive.
  const results = useInfiniteQuery({ ...searchPagesQuery(filtersOf(params)), placeholderData: keepPreviousData });
  const items = results.data?.pages.flatMap((page) => page.items) ?? [];
  const error = results.error;
  const loading = results.isPending || results.isPlaceholderData || results.isFetchingNextPage;
  const more = results.hasNextPage;

  // Instant results: the query box updates the URL as the user types.
  useEffect(() => {
    if ((params.get('q') ?? '') === q) return;
    const timer = setTimeout(() => update({ q }), 250);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only typing should trigger this
  }, [q]);

  function update(changes: Record<string, string>) {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  }

  function applyFilters(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const changes: Record<string, string> = {};
    for (const k of ['city', 'category', 'from', 'to', 'currency', 'minPrice', 'maxPrice', 'sort'] as const)
      changes[k] = String(form.get(k) ?? '');
    changes.available = form.get('available') ? 'true' : '';
    update(changes);
    setFiltersOpen(false);
  }

  return (
    <>
      <PageTitle>Find events</PageTitle>
      <div className="search-layout">
        <div className="filters-column">
          {/* Outside the form, which is rebuilt on every change of the URL: typing keeps the focus. */}
          <div className="filters-bar">
            <div className="field">
              <label htmlFor="search-q">Search</label>
              <input id="search-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Artist, event, venue…" />
            </div>
            {narrow && (
              <button
                type="button"
                className="button secondary"
                aria-expanded={filtersOpen}
                aria-controls={filtersId}
                onClick={() => setFiltersOpen((o) => !o)}
              >
                {filtersOpen ? 'Hide filters' : active ? `Filters (${active})` : 'Filters'}
              </button>
            )}
          </div>
          <form className="filters card" onSubmit={applyFilters} key={key} aria-label="Filters" id={filtersId} hidden={!showFilters}>
            <div className="field">
              <label htmlFor="f-city">City</label>
              <input id="f-city" name="city" defaultValue={params.get('city') ?? ''} />
            </div>
            <div className="field">
              <label htmlFor="f-category">Category</label>
              <select id="f-category" name="category" defaultValue={params.get('category') ?? ''}>
                <option value="">Any</option>
                {categories.map((c) => (
                  <option key={c} value={c}>
                    {capitalise(c)}
                  </option>
                ))}
              </select>
            </div>
            <fieldset className="field-pair" aria-describedby="f-dates-rule">
              <legend className="visually-hidden">Dates</legend>
              <div className="field">
                <label htmlFor="f-from">From</label>
                <input id="f-from" name="from" type="date" defaultValue={params.get('from') ?? ''} />
              </div>
              <div className="field">
                <label htmlFor="f-to">To</label>
                <input id="f-to" name="to" type="date" defaultValue={params.get('to') ?? ''} />
              </div>
              <p className="hint" id="f-dates-rule">
                Days as each venue&apos;s local clock reads them.
              </p>
            </fieldset>
            <div className="field">
              <label htmlFor="f-currency">Currency</label>
              <select
                id="f-currency"
                name="currency"
                value={currency}
                onChange={(e) => setCurrency(e.target.value)}
                aria-describedby="f-price-rule"
              >
                <CurrencyOptions anyLabel="Any currency" />
              </select>
              <p className="hint" id="f-price-rule">
                Prices are compared in each event&apos;s own currency, never converted: choose one to filter by price.
              </p>
            </div>
            <div className="field-pair">
              <div className="field">
                <label htmlFor="f-min">Min price{currency ? ` (${currency})` : ''}</label>
                <input
                  id="f-min"
                  name="minPrice"
                  type="number"
                  min={0}
                  step="any"
                  disabled={!currency}
                  defaultValue={params.get('minPrice') ?? ''}
                />
              </div>
              <div className="field">
                <label htmlFor="f-max">Max price{currency ? ` (${currency})` : ''}</label>
                <input
                  id="f-max"
                  name="maxPrice"
                  type="number"
                  min={0}
                  step="any"
                  disabled={!currency}
                  defaultValue={params.get('maxPrice') ?? ''}
                />
              </div>
            </div>
            <div className="field checkbox">
              <input id="f-available" name="available" type="checkbox" defaultChecked={params.get('available') === 'true'} />
              <label htmlFor="f-available">Only with tickets left</label>
            </div>
            <div className="field">
              <label htmlFor="f-sort">Sort by</label>
              <select id="f-sort" name="sort" defaultValue={params.get('sort') ?? ''}>
                <option value="">Best match</option>
                <option value="date">Date</option>
                <option value="popularity">Popularity</option>
              </select>
            </div>
            <div className="filter-actions">
              <button className="button primary" type="submit">
                Apply filters
              </button>
              <button
                type="button"
                className="button secondary"
                onClick={() => {
                  setQ('');
                  setParams(new URLSearchParams(), { replace: true });
                }}
              >
                Clear
              </button>
            </div>
          </form>
        </div>
        <section aria-label="Results" aria-busy={loading}>
          <p className="visually-hidden" aria-live="polite">
            {loading ? '' : `${items.length}${more ? '+' : ''} events found`}
          </p>
          {error && <ErrorMessage error={error} />}
          {!error && !loading && items.length === 0 && (
            <EmptyState title="No events match">
              <p>Try fewer filters or another spelling.</p>
            </EmptyState>
          )}
          {items.length > 0 && <EventGrid events={items} />}
          {loading && <Loading />}
          {more && !loading && (
            <button type="button" className="button secondary load-more" onClick={() => void results.fetchNextPage()}>
              Show more events
            </button>
          )}
        </section>
      </div>
    </>
  );
}
