import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { toMinorUnits } from '../../../../src/domain/money.js';
import {
  accessCodesQuery,
  useCreateAccessCode,
  useDeleteAccessCode,
  useImportAccessCodes,
  useSetAccessCodeEnabled,
  useSetPresale,
} from '../../api/access-codes.js';
import { ApiError } from '../../api/client.js';
import { adminEventQuery } from '../../api/queries.js';
import type { AccessCode, AccessCodeBody, AdminEventDetailReply } from '../../api/types.js';
import { EmptyState, ErrorMessage, Loading, Notice } from '../../components/feedback.js';
import { FieldError, fieldMessages } from '../../components/field-error.js';
import { formatDate, formatMoney } from '../../components/format.js';
import { PageTitle } from '../../components/layout.js';
import { RequireLogin } from '../../components/require-login.js';
import { TableScroll } from '../../components/table-scroll.js';
import { fromVenueInput, toVenueInput } from '../../components/venue-time-input.js';

type ManagedEvent = AdminEventDetailReply['event'];

/** Row-level problems of a bulk upload: `rows/<line>/<field>` → "Line 3: maxUses must be …". */
function rowProblems(error: unknown): string[] {
  const fields =
    error instanceof ApiError ? (error.details as { fields?: { field: string; message: string }[] } | undefined)?.fields : undefined;
  return (fields ?? []).map((f) => {
    const [, row, field] = f.field.split('/');
    return row && field ? `Line ${row}: ${field} ${f.message}` : `${f.field} ${f.message}`;
  });
}

function PresaleForm({ event }: { event: ManagedEvent }) {
  const tz = event.venue.timezone;
  const setPresale = useSetPresale(event.id);
  const [saved, setSaved] = useState(false);
  const fields = fieldMessages(setPresale.error);
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setSaved(false);
    setPresale.mutate(
      {
        presaleStartsAt: fromVenueInput(form.get('presaleStartsAt'), tz) ?? null,
        hiddenTierIds: form.getAll('hiddenTierIds').map(String),
      },
      { onSuccess: () => setSaved(true) },
    );
  }
  return (
    <form className="card" onSubmit={submit} aria-labelledby="presale-title">
      <h2 id="presale-title">Presale and hidden tiers</h2>
      <p className="muted">
        {event.saleStartsAt ? (
          <>
            Public sale opens <time dateTime={event.saleStartsAt}>{formatDate(event.saleStartsAt, tz)}</time>. From the presale start until
            then, fans need a valid code to hold tickets.
          </>
        ) : (
          'Set a sale start on the event first: the presale runs from its start until the public sale opens.'
        )}
      </p>
      <div className="field">
        <label htmlFor="presale-start">Presale starts</label>
        <input
          id="presale-start"
          name="presaleStartsAt"
          type="datetime-local"
          defaultValue={toVenueInput(event.presaleStartsAt, tz)}
          aria-describedby="presale-zone presale-start-error"
          aria-invalid={fields.has('presaleStartsAt') || undefined}
        />
        <FieldError messages={fields} field="presaleStartsAt" id="presale-start-error" />
        <p className="hint" id="presale-zone">
          In the venue&apos;s time zone, {tz}. Leave empty for no presale.
        </p>
      </div>
      <fieldset className="field">
        <legend>Hidden tiers (sold only with a code that unlocks them)</legend>
        {event.priceTiers.map((t) => (
          <label key={t.id} className="checkbox">
            <input type="checkbox" name="hiddenTierIds" value={t.id} defaultChecked={t.hidden} /> {t.name} ({formatMoney(t.price)})
          </label>
        ))}
        <FieldError messages={fields} field="hiddenTierIds" id="hidden-error" />
      </fieldset>
      {setPresale.error && fields.size === 0 && <ErrorMessage error={setPresale.error} />}
      {saved && <Notice tone="success">Presale settings saved.</Notice>}
      <button className="button primary" type="submit" disabled={setPresale.isPending}>
        {setPresale.isPending ? 'Saving…' : 'Save presale settings'}
      </button>
    </form>
  );
}

function CreateCodeForm({ event }: { event: ManagedEvent }) {
  const tz = event.venue.timezone;
  const create = useCreateAccessCode(event.id);
  const [created, setCreated] = useState<string | null>(null);
  const fields = fieldMessages(create.error);
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    const kind = String(form.get('discountKind'));
    const raw = String(form.get('discountValue') ?? '').trim();
    const value = kind === 'fixed' ? (toMinorUnits(raw, event.currency) ?? Number.NaN) : Number(raw);
    const maxUses = String(form.get('maxUses') ?? '').trim();
    const body: AccessCodeBody = {
      code: String(form.get('code')),
      maxUses: maxUses === '' ? null : Number(maxUses),
      validFrom: fromVenueInput(form.get('validFrom'), tz) ?? null,
      validUntil: fromVenueInput(form.get('validUntil'), tz) ?? null,
      unlocksTierIds: form.getAll('unlocksTierIds').map(String),
      discount: kind === 'none' || raw === '' ? null : { kind: kind as 'percent' | 'fixed', value },
    };
    setCreated(null);
    create.mutate(body, {
      onSuccess: ({ code }) => {
        setCreated(code.code);
        formEl.reset();
      },
    });
  }
  return (
    <form className="card" onSubmit={submit} aria-labelledby="create-code-title">
      <h2 id="create-code-title">Create a code</h2>
      <div className="field-pair">
        <div className="field">
          <label htmlFor="code-code">Code</label>
          <input
            id="code-code"
            name="code"
            required
            minLength={3}
            maxLength={40}
            pattern="[A-Za-z0-9_\-]+"
            aria-describedby="code-code-error"
          />
          <FieldError messages={fields} field="rows" prefix id="code-code-error" />
        </div>
        <div className="field">
          <label htmlFor="code-max">Uses (empty: unlimited)</label>
          <input id="code-max" name="maxUses" type="number" min={1} max={1000000} />
        </div>
        <div className="field">
          <label htmlFor="code-from">Valid from</label>
          <input id="code-from" name="validFrom" type="datetime-local" aria-describedby="code-zone" />
        </div>
        <div className="field">
          <label htmlFor="code-until">Valid until</label>
          <input id="code-until" name="validUntil" type="datetime-local" aria-describedby="code-zone" />
        </div>
        <div className="field">
          <label htmlFor="code-kind">Discount</label>
          <select id="code-kind" name="discountKind" defaultValue="none">
            <option value="none">No discount</option>
            <option value="percent">Percent off each ticket</option>
            <option value="fixed">Amount off each ticket ({event.currency})</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="code-value">Discount value (percent, or amount in {event.currency})</label>
          <input id="code-value" name="discountValue" inputMode="decimal" />
        </div>
      </div>
      <p className="hint" id="code-zone">
        Times in the venue&apos;s time zone, {tz}.
      </p>
      {event.priceTiers.some((t) => t.hidden) && (
        <fieldset className="field">
          <legend>Unlocks hidden tiers</legend>
          {event.priceTiers
            .filter((t) => t.hidden)
            .map((t) => (
              <label key={t.id} className="checkbox">
                <input type="checkbox" name="unlocksTierIds" value={t.id} /> {t.name}
              </label>
            ))}
        </fieldset>
      )}
      {create.error && <ErrorMessage error={create.error} />}
      {created && <Notice tone="success">Code {created} created.</Notice>}
      <button className="button primary" type="submit" disabled={create.isPending}>
        {create.isPending ? 'Creating…' : 'Create code'}
      </button>
    </form>
  );
}

function BulkImport({ event }: { event: ManagedEvent }) {
  const upload = useImportAccessCodes(event.id);
  const [csv, setCsv] = useState('');
  const [done, setDone] = useState<number | null>(null);
  const problems = rowProblems(upload.error);
  return (
    <form
      className="card"
      aria-labelledby="bulk-title"
      onSubmit={(e) => {
        e.preventDefault();
        setDone(null);
        upload.mutate(csv, {
          onSuccess: ({ items }) => {
            setDone(items.length);
            setCsv('');
          },
        });
      }}
    >
      <h2 id="bulk-title">Bulk create from CSV</h2>
      <p className="hint" id="bulk-format">
        One code per line: <code>code,maxUses,validFrom,validUntil,discountKind,discountValue,unlocksTiers</code>. Only the code is needed;
        times are ISO 8601 with an offset, discountKind is <code>percent</code> or <code>fixed</code> (minor units), unlocksTiers are tier
        names separated by <code>;</code>. All rows are checked first: any bad row creates nothing.
      </p>
      <div className="field">
        <label htmlFor="bulk-file">CSV file</label>
        <input
          id="bulk-file"
          type="file"
          accept=".csv,text/csv,text/plain"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            if (file) void file.text().then(setCsv);
          }}
        />
      </div>
      <div className="field">
        <label htmlFor="bulk-csv">Or paste the CSV</label>
        <textarea id="bulk-csv" rows={6} value={csv} onChange={(e) => setCsv(e.target.value)} aria-describedby="bulk-format" />
      </div>
      {upload.error && (
        <div className="alert alert-error" role="alert">
          <p>{problems.length ? 'Nothing was created. Fix these lines and upload again:' : upload.error.message}</p>
          {problems.length > 0 && (
            <ul>
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {done !== null && <Notice tone="success">{done} codes created.</Notice>}
      <button className="button secondary" type="submit" disabled={upload.isPending || csv.trim() === ''}>
        {upload.isPending ? 'Uploading…' : 'Create codes from CSV'}
      </button>
    </form>
  );
}

function discountText(c: AccessCode, currency: string): string {
  if (!c.discount) return '—';
  return c.discount.kind === 'percent' ? `${c.discount.value}% off` : `${formatMoney({ amount: c.discount.value, currency })} off`;
}

function CodeList({ event }: { event: ManagedEvent }) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const { data, error, isPending } = useQuery({ ...accessCodesQuery(event.id, cursor), placeholderData: keepPreviousData });
  const setEnabled = useSetAccessCodeEnabled(event.id);
  const remove = useDeleteAccessCode(event.id);
  const tz = event.venue.timezone;
  const tierName = new Map(event.priceTiers.map((t) => [t.id, t.name]));
  if (error) return <ErrorMessage error={error} />;
  if (isPending || !data) return <Loading />;
  return (
    <section aria-labelledby="codes-title">
      <h2 id="codes-title">Codes</h2>
      {(setEnabled.error ?? remove.error) && <ErrorMessage error={(setEnabled.error ?? remove.error)!} />}
      {data.items.length === 0 ? (
        <EmptyState title="No codes yet">
          <p>Create one above, or upload many from a CSV file.</p>
        </EmptyState>
      ) : (
        <TableScroll label="Access codes">
          <table className="table">
            <caption className="visually-hidden">Access codes with their uses</caption>
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col">Uses</th>
                <th scope="col">Valid</th>
                <th scope="col">Discount</th>
                <th scope="col">Unlocks</th>
                <th scope="col">Status</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <code>{c.code}</code>
                  </th>
                  <td>
                    {c.uses} / {c.maxUses ?? '∞'}
                  </td>
                  <td className="small">
                    {c.validFrom || c.validUntil ? (
                      <>
                        {c.validFrom ? formatDate(c.validFrom, tz) : 'now'} – {c.validUntil ? formatDate(c.validUntil, tz) : 'no end'}
                      </>
                    ) : (
                      'Always'
                    )}
                  </td>
                  <td>{discountText(c, event.currency)}</td>
                  <td>{c.unlocksTierIds.map((id) => tierName.get(id) ?? id).join(', ') || '—'}</td>
                  <td>{c.enabled ? 'Enabled' : 'Disabled'}</td>
                  <td>
                    <div className="actions">
                      <button
                        type="button"
                        className="button secondary small"
                        aria-label={`${c.enabled ? 'Disable' : 'Enable'} ${c.code}`}
                        disabled={setEnabled.isPending}
                        onClick={() => setEnabled.mutate({ codeId: c.id, enabled: !c.enabled })}
                      >
                        {c.enabled ? 'Disable' : 'Enable'}
                      </button>
                      <button
                        type="button"
                        className="button secondary small"
                        aria-label={`Delete ${c.code}`}
                        disabled={remove.isPending}
                        onClick={() => remove.mutate(c.id)}
                      >
                        Delete
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <p className="hint">A used code cannot be deleted: deleting it disables it instead, and its record stays.</p>
      <nav className="pager" aria-label="Pages">
        <button
          type="button"
          className="button secondary small"
          disabled={cursors.length === 1}
          onClick={() => setCursors((c) => c.slice(0, -1))}
        >
          Previous
        </button>
        <button
          type="button"
          className="button secondary small"
          disabled={!data.nextCursor}
          onClick={() => data.nextCursor && setCursors((c) => [...c, data.nextCursor])}
        >
          Next
        </button>
      </nav>
    </section>
  );
}

function AccessCodes({ eventId }: { eventId: string }) {
  const { data, error } = useQuery(adminEventQuery(eventId));
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <Loading />;
  const event = data.event;
  return (
    <div className="access-codes-page">
      <p>
        <Link to="/organizer">← Dashboard</Link> · <Link to={`/organizer/events/${eventId}`}>Edit event</Link>
      </p>
      <PageTitle>{`Access codes: ${event.title}`}</PageTitle>
      <p className="muted">
        <time dateTime={event.startsAt}>{formatDate(event.startsAt, event.venue.timezone)}</time> · {event.venue.name}, {event.venue.city}
      </p>
      {/* Not keyed by the saved values: a remount after the save's refetch would drop the confirmation. */}
      <PresaleForm event={event} />
      <CreateCodeForm event={event} />
      <BulkImport event={event} />
      <CodeList event={event} />
    </div>
  );
}

export default function AccessCodesPage() {
  const { id = '' } = useParams();
  return (
    <RequireLogin roles={['organizer', 'admin']}>
      <AccessCodes eventId={id} />
    </RequireLogin>
  );
}
