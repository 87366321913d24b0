import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { adminVenuePagesQuery } from '../../api/queries.js';
import { EmptyState, ErrorMessage, Loading } from '../../components/feedback.js';
import { FlashNotice } from '../../components/flash-notice.js';
import { PageTitle } from '../../components/layout.js';
import { RequireLogin } from '../../components/require-login.js';
import { TableScroll } from '../../components/table-scroll.js';

/** The organizer's own venues (every venue for admins), newest first, twenty at a time. */
function Venues() {
  const list = useInfiniteQuery(adminVenuePagesQuery());
  const venues = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <div className="title-row">
        <PageTitle>Venues</PageTitle>
        <div className="actions">
          <Link className="button secondary" to="/organizer">
            Dashboard
          </Link>
          <Link className="button primary" to="/organizer/venues/new">
            New venue
          </Link>
        </div>
      </div>
      <FlashNotice />
      {list.isPending && <Loading />}
      {list.error && <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && venues.length === 0 && (
        <EmptyState title="No venues yet">
          <p>
            <Link to="/organizer/venues/new">Build your first venue</Link>.
          </p>
        </EmptyState>
      )}
      {venues.length > 0 && (
        <TableScroll label="Your venues, scrollable">
          <table className="table">
            <caption className="visually-hidden">Your venues</caption>
            <thead>
              <tr>
                <th scope="col">Venue</th>
                <th scope="col">Time zone</th>
                <th scope="col">Currency</th>
                <th scope="col">Capacity</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {venues.map((v) => (
                <tr key={v.id}>
                  <th scope="row">
                    {v.name}
                    <div className="muted small">
                      {v.address ? `${v.address}, ` : ''}
                      {v.city}
                    </div>
                  </th>
                  <td>{v.timezone}</td>
                  <td>{v.currency}</td>
                  <td>{v.capacity.toLocaleString('en-GB')}</td>
                  <td>
                    <Link className="button secondary small" to={`/organizer/venues/${v.id}`} aria-label={`Edit ${v.name}`}>
                      Edit
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {list.isFetchingNextPage && <Loading label="Loading more venues…" />}
      {list.hasNextPage && !list.isFetchingNextPage && (
        <button type="button" className="button secondary load-more" onClick={() => void list.fetchNextPage()}>
          Load more venues
        </button>
      )}
    </>
  );
}

export default function VenuesPage() {
  return (
    <RequireLogin roles={['organizer', 'admin']}>
      <Venues />
    </RequireLogin>
  );
}
