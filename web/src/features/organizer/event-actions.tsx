import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useCancelEvent, useDuplicateEvent, useRemoveEvent, useRescheduleEvent } from '../../api/mutations.js';
import type { AdminEvent } from '../../api/types.js';
import { ErrorMessage, Notice } from '../../components/feedback.js';
import { FieldError, fieldMessages } from '../../components/field-error.js';
import { flash } from '../../components/flash-notice.js';
import { formatDate } from '../../components/format.js';
import { fromVenueInput, toVenueInput } from '../../components/venue-time-input.js';
import { ConfirmEventChange, failureText, RemoveDraftDialog, removedDraftNotice } from './confirm-event-change.js';

/** Reschedule, cancel (with a reason), duplicate, or remove a draft: what changes an event after it is made. */
export function EventActions({ event }: { event: AdminEvent }) {
  return (
    <section className="card form" aria-labelledby="changes-title">
      <h2 id="changes-title">Event changes</h2>
      {event.status === 'cancelled' && (
        <Notice tone="warning">This event is cancelled: {event.cancelReason}. Ticket holders are refunded and were told why.</Notice>
      )}
      {event.status === 'published' && <Reschedule event={event} />}
      {event.status === 'published' && <CancelEvent event={event} />}
      {event.status === 'draft' && <RemoveDraft event={event} />}
      <Duplicate event={event} />
    </section>
  );
}

function Reschedule({ event }: { event: AdminEvent }) {
  const navigate = useNavigate();
  const reschedule = useRescheduleEvent(event.id);
  const fields = fieldMessages(reschedule.error);
  const tz = event.venue.timezone;
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const startsAt = fromVenueInput(form.get('startsAt'), tz);
    if (!startsAt) return;
    reschedule.mutate(
      { startsAt, refundWindowDays: Number(form.get('refundWindowDays')) },
      {
        onSuccess: ({ event: moved }) =>
          navigate(
            '/organizer',
            flash(`“${moved.title}” moved to ${formatDate(moved.startsAt, tz)}. Ticket holders are being told by e-mail.`),
          ),
      },
    );
  }
  return (
    <form onSubmit={submit} aria-labelledby="reschedule-title">
      <h3 id="reschedule-title">Reschedule</h3>
      <p className="muted small">
        Now {formatDate(event.startsAt, tz)}. Every ticket holder is e-mailed the old and new time and may cancel for a full refund within
        the window below, whatever the cancellation cut-off.
      </p>
      <div className="field-pair">
        <div className="field">
          <label htmlFor="r-starts">New start</label>
          <input
            id="r-starts"
            name="startsAt"
            type="datetime-local"
            required
            defaultValue={toVenueInput(event.startsAt, tz)}
            aria-describedby="r-zone r-starts-error"
            aria-invalid={fields.has('startsAt') || undefined}
          />
          <FieldError messages={fields} field="startsAt" id="r-starts-error" />
          <p className="hint" id="r-zone">
            In the venue&apos;s time zone, {tz}.
          </p>
        </div>
        <div className="field">
          <label htmlFor="r-window">Refund window (days)</label>
          <input id="r-window" name="refundWindowDays" type="number" min={0} max={90} defaultValue={14} required />
        </div>
      </div>
      {reschedule.error && fields.size === 0 && <ErrorMessage error={failureText(reschedule.error)} />}
      <button className="button secondary" type="submit" disabled={reschedule.isPending}>
        {reschedule.isPending ? 'Working…' : 'Reschedule'}
      </button>
    </form>
  );
}

function CancelEvent({ event }: { event: AdminEvent }) {
  const navigate = useNavigate();
  const cancel = useCancelEvent(event.id);
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const fields = fieldMessages(cancel.error);
  return (
    <form
      aria-labelledby="cancel-title"
      onSubmit={(e) => {
        e.preventDefault();
        setConfirming(true);
      }}
    >
      <h3 id="cancel-title">Cancel the event</h3>
      <div className="field">
        <label htmlFor="c-reason">Reason (shown on the event page and e-mailed to ticket holders)</label>
        <textarea
          id="c-reason"
          rows={2}
          maxLength={500}
          required
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          aria-describedby="c-reason-error"
          aria-invalid={fields.has('reason') || undefined}
        />
        <FieldError messages={fields} field="reason" id="c-reason-error" />
      </div>
      {cancel.error && fields.size === 0 && <ErrorMessage error={failureText(cancel.error)} />}
      <button className="button danger" type="submit" disabled={cancel.isPending || reason.trim() === ''}>
        Cancel event
      </button>
      <ConfirmEventChange
        open={confirming}
        onClose={() => setConfirming(false)}
        title="Cancel this event?"
        confirmLabel="Cancel event and refund everyone"
        mutation={cancel}
        variables={{ reason }}
        onDone={() => navigate('/organizer', flash(`“${event.title}” is cancelled. Every ticket holder is refunded and told why.`))}
      >
        <p>Sales stop at once. Every ticket is voided and refunded in full, and each holder gets an e-mail with your reason.</p>
        <p>The event page stays up with a cancelled notice. This cannot be undone.</p>
      </ConfirmEventChange>
    </form>
  );
}

function RemoveDraft({ event }: { event: AdminEvent }) {
  const navigate = useNavigate();
  const remove = useRemoveEvent();
  const [confirming, setConfirming] = useState(false);
  return (
    <div>
      <h3>Remove the draft</h3>
      {remove.error && <ErrorMessage error={failureText(remove.error)} />}
      <button type="button" className="button danger" onClick={() => setConfirming(true)}>
        Remove draft
      </button>
      <RemoveDraftDialog
        event={event}
        open={confirming}
        onClose={() => setConfirming(false)}
        mutation={remove}
        onDone={() => navigate('/organizer', flash(removedDraftNotice(event)))}
      />
    </div>
  );
}

function Duplicate({ event }: { event: AdminEvent }) {
  const navigate = useNavigate();
  const duplicate = useDuplicateEvent(event.id);
  const fields = fieldMessages(duplicate.error);
  const tz = event.venue.timezone;
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const startsAt = fromVenueInput(form.get('startsAt'), tz);
    if (!startsAt) return;
    const title = String(form.get('title')).trim();
    duplicate.mutate(
      { startsAt, ...(title ? { title } : {}) },
      {
        onSuccess: ({ event: copy }) =>
          navigate(`/organizer/events/${copy.id}`, flash(`“${copy.title}” is copied as a draft on ${formatDate(copy.startsAt, tz)}.`)),
      },
    );
  }
  return (
    <form onSubmit={submit} aria-labelledby="duplicate-title">
      <h3 id="duplicate-title">Duplicate</h3>
      <p className="muted small">A new draft with the same venue, tiers and prices, on the date you choose.</p>
      <div className="field-pair">
        <div className="field">
          <label htmlFor="d-starts">Date of the copy</label>
          <input
            id="d-starts"
            name="startsAt"
            type="datetime-local"
            required
            aria-describedby="d-zone d-starts-error"
            aria-invalid={fields.has('startsAt') || undefined}
          />
          <FieldError messages={fields} field="startsAt" id="d-starts-error" />
          <p className="hint" id="d-zone">
            In the venue&apos;s time zone, {tz}.
          </p>
        </div>
        <div className="field">
          <label htmlFor="d-title">Title of the copy (empty: the same)</label>
          <input id="d-title" name="title" maxLength={200} />
        </div>
      </div>
      {duplicate.error && fields.size === 0 && <ErrorMessage error={failureText(duplicate.error)} />}
      <button className="button secondary" type="submit" disabled={duplicate.isPending}>
        Duplicate as draft
      </button>
    </form>
  );
}
