import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { auditPagesQuery, type AuditFilters } from '../../api/queries.js';
import type { AuditEntry } from '../../api/types.js';
import { EmptyState, ErrorMessage, Loading } from '../../components/feedback.js';
import { formatDate } from '../../components/format.js';
import { PageTitle } from '../../components/layout.js';
import { RequireLogin } from '../../components/require-login.js';

/** Audit entries are not tied to a venue: they are shown in the reader's own zone, named. */
const readerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

const subjectTypes = ['user', 'order', 'event', 'venue'] as const;

const blankToUndefined = (v: FormDataEntryValue | null): string | undefined => {
  const s = typeof v === 'string' ? v.trim() : '';
  return s === '' ? undefined : s;
};

function details(entry: AuditEntry): string {
  const d = entry.details;
  if (!d || typeof d !== 'object' || Object.keys(d).length === 0) return '';
  return Object.entries(d as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(', ');
}

function AuditFilterForm({ filters, onApply }: { filters: AuditFilters; onApply(next: AuditFilters): void }) {
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    onApply({
      subjectType: blankToUndefined(form.get('subjectType')),
      subjectId: blankToUndefined(form.get('subjectId')),
      actorId: blankToUndefined(form.get('actorId')),
      action: blankToUndefined(form.get('action')),
    });
  };
  return (
    <form className="filters" aria-label="Filter the audit log" onSubmit={submit}>
      <div className="field">
        <label htmlFor="audit-subject-type">Subject type</label>
        <select id="audit-subject-type" name="subjectType" defaultValue={filters.subjectType ?? ''}>
          <option value="">Any</option>
          {subjectTypes.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="audit-subject-id">Subject id</label>
        <input id="audit-subject-id" name="subjectId" defaultValue={filters.subjectId ?? ''} maxLength={100} autoComplete="off" />
      </div>
      <div className="field">
        <label htmlFor="audit-actor-id">Actor (account id)</label>
        <input id="audit-actor-id" name="actorId" defaultValue={filters.actorId ?? ''} maxLength={36} autoComplete="off" />
      </div>
      <div className="field">
        <label htmlFor="audit-action">Action</label>
        <input
          id="audit-action"
          name="action"
          defaultValue={filters.action ?? ''}
          maxLength={60}
          placeholder="e.g. user.viewed"
          autoComplete="off"
        />
      </div>
      <div className="actions">
        <button type="submit" className="button primary">
          Apply filters
        </button>
      </div>
    </form>
  );
}

function AuditLog() {
  const [filters, setFilters] = useState<AuditFilters>({});
  const list = useInfiniteQuery({ ...auditPagesQuery(filters), placeholderData: keepPreviousData });
  const entries = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <PageTitle>Audit log</PageTitle>
      <p className="muted">
        Who read or changed what: looks at accounts and orders, door lists, refunds, cancellations, event removals and erasures. Entries
        hold ids only, never names or addresses. Times in {readerZone}.
      </p>
      <AuditFilterForm filters={filters} onApply={setFilters} />
      {list.isPending && <Loading />}
      {list.error && <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && entries.length === 0 && <EmptyState title="No entries match" />}
      {entries.length > 0 && (
        // Wider than a phone: the region scrolls sideways, so keyboard users must be able to focus it.
        <div className="table-wrap" role="region" aria-label="Audit entries" tabIndex={0}>
          <table className="table">
            <caption className="visually-hidden">Audit entries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Action</th>
                <th scope="col">Subject</th>
                <th scope="col">Actor</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <th scope="row">
                    <time dateTime={e.at}>{formatDate(e.at, readerZone)}</time>
                  </th>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td>
                    {e.subjectType} <code className="small">{e.subjectId}</code>
                  </td>
                  <td>{e.actorId ? <code className="small">{e.actorId}</code> : <span className="muted">System</span>}</td>
                  <td className="small">{details(e)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.isFetchingNextPage && <Loading label="Loading more entries…" />}
      {list.hasNextPage && !list.isFetchingNextPage && (
        <button type="button" className="button secondary load-more" onClick={() => void list.fetchNextPage()}>
          Load more entries
        </button>
      )}
    </>
  );
}

export default function AuditPage() {
  return (
    <RequireLogin roles={['admin']}>
      <AuditLog />
    </RequireLogin>
  );
}
