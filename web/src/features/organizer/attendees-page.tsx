import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { adminEventQuery, attendeesCsvUrl, attendeesQuery, eventOrdersQuery } from '../../api/queries.js';
import type { AttendeeList, EventOrderList } from '../../api/types.js';
import { EmptyState, ErrorMessage, Loading } from '../../components/feedback.js';
import { formatDate, formatMoney } from '../../components/format.js';
import { PageTitle } from '../../components/layout.js';
import { RequireLogin } from '../../components/require-login.js';
import { useDebouncedValue } from '../../components/use-debounced-value.js';
import { TableScroll } from '../../components/table-scroll.js';

const pageSize = 50;
type Tab = 'attendees' | 'orders';

const orderStatus: Record<EventOrderList['items'][number]['status'], string> = {
  pending_payment: 'Payment processing',
  confirmed: 'Confirmed',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

function Pager({ total, offset, shown, onPage }: { total: number; offset: number; shown: number; onPage(offset: number): void }) {
  return (
    <nav className="pager" aria-label="Pages">
      <p className="muted" role="status">
        {total === 0 ? 'No matches' : `${offset + 1}–${offset + shown} of ${total.toLocaleString('en-GB')}`}
      </p>
      <button
        type="button"
        className="button secondary small"
        disabled={offset === 0}
        onClick={() => onPage(Math.max(0, offset - pageSize))}
      >
        Previous
      </button>
      <button type="button" className="button secondary small" disabled={offset + shown >= total} onClick={() => onPage(offset + pageSize)}>
        Next
      </button>
    </nav>
  );
}

const who = (name: string | null, email: string | null) => (
  <>
    {name ?? <span className="muted">Account erased</span>}
    {email && <div className="muted small">{email}</div>}
  </>
);

type Attendee = AttendeeList['items'][number];
type EventOrder = EventOrderList['items'][number];

interface Column<T> {
  header: string;
  cell(row: T): ReactNode;
}

/** One door list as a table: the first column names the row for screen readers (a row header). */
function ListTable<T>({ caption, columns, rows, rowKey }: { caption: string; columns: Column<T>[]; rows: T[]; rowKey(row: T): string }) {
  return (
    <table className="table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) => (
            <th scope="col" key={c.header}>
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)}>
            {columns.map((c, i) =>
              i === 0 ? (
                <th scope="row" key={c.header}>
                  {c.cell(row)}
                </th>
              ) : (
                <td key={c.header}>{c.cell(row)}</td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const attendeeColumns: Column<Attendee>[] = [
  { header: 'Seat', cell: (a) => `${a.section}${a.row ? `, row ${a.row}, seat ${a.number}` : ', standing'}` },
  { header: 'Name', cell: (a) => who(a.name, a.email) },
  {
    header: 'Ticket',
    cell: (a) => (
      <>
        <code>{a.serial}</code>
        <div className="muted small">{a.status === 'used' ? 'Checked in' : 'Not checked in'}</div>
      </>
    ),
  },
  { header: 'Order', cell: (a) => <code className="small">{a.orderId}</code> },
];

const orderColumns = (timeZone: string): Column<EventOrder>[] => [
  { header: 'Order', cell: (o) => <code className="small">{o.id}</code> },
  { header: 'Buyer', cell: (o) => who(o.name, o.email) },
  { header: 'Tickets', cell: (o) => o.seats },
  { header: 'Total', cell: (o) => formatMoney(o.total) },
  { header: 'Status', cell: (o) => orderStatus[o.status] },
  { header: 'Ordered', cell: (o) => <time dateTime={o.createdAt}>{formatDate(o.createdAt, timeZone)}</time> },
];

function DoorLists({ eventId }: { eventId: string }) {
  const { data: event, error: eventError } = useQuery(adminEventQuery(eventId));
  const [tab, setTab] = useState<Tab>('attendees');
  const [search, setSearch] = useState('');
  const [offset, setOffset] = useState(0);
  const q = useDebouncedValue(search.trim(), 300);
  const params = { q: q || undefined, limit: pageSize, offset };
  const attendees = useQuery({ ...attendeesQuery(eventId, params), enabled: tab === 'attendees', placeholderData: keepPreviousData });
  const orders = useQuery({ ...eventOrdersQuery(eventId, params), enabled: tab === 'orders', placeholderData: keepPreviousData });
  const current = tab === 'attendees' ? attendees : orders;
  if (eventError) return <ErrorMessage error={eventError} />;
  if (!event) return <Loading />;
  const e = event.event;
  const choose = (next: Tab) => {
    setTab(next);
    setOffset(0);
  };
  return (
    <>
      <p>
        <Link to="/organizer">← Dashboard</Link>
      </p>
      <PageTitle>{`${tab === 'attendees' ? 'Attendees' : 'Orders'}: ${e.title}`}</PageTitle>
      <p className="muted">
        <time dateTime={e.startsAt}>{formatDate(e.startsAt, e.venue.timezone)}</time> · {e.venue.name}, {e.venue.city}
      </p>
      <div className="title-row">
        <div className="actions" role="group" aria-label="List">
          <button type="button" className="button secondary small" aria-pressed={tab === 'attendees'} onClick={() => choose('attendees')}>
            Attendees
          </button>
          <button type="button" className="button secondary small" aria-pressed={tab === 'orders'} onClick={() => choose('orders')}>
            Orders
          </button>
        </div>
        <a className="button primary small" href={attendeesCsvUrl(eventId, q)} download>
          Export CSV
        </a>
      </div>
      <div className="field">
        <label htmlFor="door-search">Search by name, e-mail, order number or ticket code</label>
        <input
          id="door-search"
          type="search"
          value={search}
          maxLength={200}
          autoComplete="off"
          onChange={(ev) => {
            setSearch(ev.target.value);
            setOffset(0);
          }}
        />
      </div>
      <p className="muted small">Names and e-mail addresses are personal data: every view and export is recorded in the audit log.</p>
      {current.error ? (
        <ErrorMessage error={current.error} onRetry={() => void current.refetch()} />
      ) : !current.data ? (
        <Loading />
      ) : current.data.total === 0 ? (
        <EmptyState title={q ? 'No matches' : tab === 'attendees' ? 'No attendees yet' : 'No orders yet'} />
      ) : (
        <>
          <TableScroll label={tab === 'attendees' ? 'Attendees, scrollable' : 'Orders, scrollable'}>
            {tab === 'attendees' && attendees.data ? (
              <ListTable caption="Attendees" columns={attendeeColumns} rows={attendees.data.items} rowKey={(a) => a.ticketId} />
            ) : orders.data ? (
              <ListTable caption="Orders" columns={orderColumns(e.venue.timezone)} rows={orders.data.items} rowKey={(o) => o.id} />
            ) : null}
          </TableScroll>
          <Pager total={current.data.total} offset={current.data.offset} shown={current.data.items.length} onPage={setOffset} />
        </>
      )}
    </>
  );
}

export default function AttendeesPage() {
  const { id = '' } = useParams();
  return (
    <RequireLogin roles={['organizer', 'admin']}>
      <DoorLists eventId={id} />
    </RequireLogin>
  );
}
