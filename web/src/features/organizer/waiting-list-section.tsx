import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import type { AdminEvent, ManagedWaitingEntry } from '../../api/types.js';
import { managedWaitingListQuery, useClearWaitingList, useMoveWaitingEntry, useSetOfferWindow } from '../../api/waiting-list.js';
import { ConfirmDialog, EmptyState, ErrorMessage, Loading } from '../../components/feedback.js';
import { FieldError, fieldMessages } from '../../components/field-error.js';
import { formatDate } from '../../components/format.js';
import { TableScroll } from '../../components/table-scroll.js';

const pageSize = 50;

const wants = (e: ManagedWaitingEntry) => `${e.quantity} × ${e.tier?.name ?? 'any tier'}`;

function OfferWindowForm({ eventId, minutes }: { eventId: string; minutes: number }) {
  const save = useSetOfferWindow(eventId);
  const id = useId();
  const fields = fieldMessages(save.error);
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    save.mutate({ offerMinutes: Number(new FormData(e.currentTarget).get('offerMinutes')) });
  }
  return (
    <form className="inline-form" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={`${id}-minutes`}>Offer holds seats for (minutes)</label>
        <input
          id={`${id}-minutes`}
          name="offerMinutes"
          type="number"
          min={1}
          max={1440}
          defaultValue={minutes}
          key={minutes}
          aria-invalid={fields.has('offerMinutes')}
          aria-describedby={`${id}-error`}
        />
        <FieldError messages={fields} field="offerMinutes" id={`${id}-error`} />
      </div>
      <button type="submit" className="button secondary small" disabled={save.isPending}>
        Save
      </button>
      {save.error && !fields.size && <ErrorMessage error={save.error} />}
    </form>
  );
}

/**
 * The organizer's view of the sold-out waiting list: offers out now, then the
 * fans in the order seats will be offered, with move up/down and clear.
 * No names: ordering the list needs none, and personal data stays with the fan.
 */
export function WaitingListSection({ event }: { event: AdminEvent }) {
  const [offset, setOffset] = useState(0);
  const list = useQuery({ ...managedWaitingListQuery(event.id, { limit: pageSize, offset }), refetchInterval: 10_000 });
  const move = useMoveWaitingEntry(event.id);
  const clear = useClearWaitingList(event.id);
  const [confirmClear, setConfirmClear] = useState(false);
  const tz = event.venue.timezone;
  const data = list.data;
  return (
    <section className="card" aria-labelledby="waiting-list-title">
      <h2 id="waiting-list-title">Waiting list</h2>
      {list.error && <ErrorMessage error={list.error} />}
      {!data && !list.error && <Loading />}
      {data && (
        <>
          <OfferWindowForm eventId={event.id} minutes={data.offerMinutes} />
          {data.items.length === 0 ? (
            <EmptyState title="Nobody is waiting">
              <p>When the event sells out, fans can join a waiting list here; seats that come back are held for them in turn.</p>
            </EmptyState>
          ) : (
            <>
              <p>{data.waiting.toLocaleString('en-GB')} waiting.</p>
              <TableScroll label="Waiting list">
                <table className="table">
                  <caption className="visually-hidden">Waiting list of {event.title}, in offer order</caption>
                  <thead>
                    <tr>
                      <th scope="col">Place</th>
                      <th scope="col">Wants</th>
                      <th scope="col">Status</th>
                      <th scope="col">Joined</th>
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((e) => (
                      <tr key={e.id}>
                        <th scope="row">{e.place ?? '—'}</th>
                        <td>{wants(e)}</td>
                        <td>
                          {e.status === 'offered' && e.offerExpiresAt ? `Offered until ${formatDate(e.offerExpiresAt, tz)}` : e.status}
                        </td>
                        <td>{formatDate(e.joinedAt, tz)}</td>
                        <td className="row-actions">
                          {e.place !== null && (
                            <>
                              <button
                                type="button"
                                className="button secondary small"
                                disabled={move.isPending || e.place === 1}
                                aria-label={`Move place ${e.place} up`}
                                onClick={() => move.mutate({ entryId: e.id, place: e.place! - 1 })}
                              >
                                Up
                              </button>
                              <button
                                type="button"
                                className="button secondary small"
                                disabled={move.isPending || e.place === data.waiting}
                                aria-label={`Move place ${e.place} down`}
                                onClick={() => move.mutate({ entryId: e.id, place: e.place! + 1 })}
                              >
                                Down
                              </button>
                              <button
                                type="button"
                                className="button secondary small"
                                disabled={clear.isPending}
                                aria-label={`Remove place ${e.place} from the list`}
                                onClick={() => clear.mutate({ entryId: e.id })}
                              >
                                Remove
                              </button>
                            </>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
              <div className="row-actions">
                {offset > 0 && (
                  <button type="button" className="button secondary small" onClick={() => setOffset(Math.max(0, offset - pageSize))}>
                    Previous
                  </button>
                )}
                {offset + pageSize < data.total && (
                  <button type="button" className="button secondary small" onClick={() => setOffset(offset + pageSize)}>
                    Next
                  </button>
                )}
                {data.waiting > 0 && (
                  <button type="button" className="button danger small" onClick={() => setConfirmClear(true)}>
                    Clear the waiting list
                  </button>
                )}
              </div>
            </>
          )}
          {(move.error ?? clear.error) && <ErrorMessage error={(move.error ?? clear.error)!} />}
        </>
      )}
      <ConfirmDialog
        open={confirmClear}
        title="Clear the waiting list?"
        confirmLabel="Clear the list"
        busy={clear.isPending}
        onConfirm={() => clear.mutate({}, { onSettled: () => setConfirmClear(false) })}
        onCancel={() => setConfirmClear(false)}
      >
        <p>Everyone still waiting is taken off the list. Seats already offered stay with their fans until the offer ends.</p>
      </ConfirmDialog>
    </section>
  );
}
