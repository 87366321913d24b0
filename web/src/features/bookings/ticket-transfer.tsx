import { useId, useState, type FormEvent } from 'react';
import { useOfferTransfer, useSettleTransfer } from '../../api/transfers.js';
import type { Transfer } from '../../api/types.js';
import { ErrorMessage } from '../../components/feedback.js';
import { FieldError, fieldMessages } from '../../components/field-error.js';
import { formatDate, formatMoney } from '../../components/format.js';

/**
 * Under a ticket the holder may hand on: "Transfer" opens a one-field form;
 * an open offer shows who it went to (masked) and can be taken back.
 */
export function TicketTransfer({ ticketId, where, offer }: { ticketId: string; where: string; offer: Transfer | undefined }) {
  const [open, setOpen] = useState(false);
  const offerTransfer = useOfferTransfer();
  const settle = useSettleTransfer();
  const id = useId();
  const fields = fieldMessages(offerTransfer.error);

  if (offer) {
    return (
      <div className="ticket-transfer">
        <p className="small">
          Offered to <strong>{offer.to}</strong> on {formatDate(offer.createdAt, offer.ticket.venueTimeZone)}: it stays yours until they
          accept.
        </p>
        <button
          type="button"
          className="button secondary small"
          disabled={settle.isPending}
          onClick={() => settle.mutate({ transferId: offer.id, action: 'cancel' })}
        >
          {settle.isPending ? 'Taking back…' : 'Take back the offer'}
        </button>
        {settle.error && <ErrorMessage error={settle.error} />}
      </div>
    );
  }
  if (!open) {
    return (
      <button
        type="button"
        className="button secondary small"
        aria-label={`Transfer the ticket for ${where}`}
        onClick={() => setOpen(true)}
      >
        Transfer
      </button>
    );
  }
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const email = String(new FormData(e.currentTarget).get('email') ?? '');
    offerTransfer.mutate({ ticketId, email }, { onSuccess: () => setOpen(false) });
  }
  return (
    <form className="ticket-transfer" onSubmit={submit} noValidate aria-label={`Transfer the ticket for ${where}`}>
      <div className="field">
        <label htmlFor={`${id}-email`}>Their e-mail address</label>
        <input
          id={`${id}-email`}
          name="email"
          type="email"
          autoComplete="off"
          required
          aria-invalid={fields.has('email')}
          aria-describedby={`${id}-help ${id}-error`}
        />
        <p className="muted small" id={`${id}-help`}>
          At face value, free of charge. They accept in their account; your code then stops working.
        </p>
        <FieldError messages={fields} field="email" id={`${id}-error`} />
      </div>
      {offerTransfer.error && !fields.size && <ErrorMessage error={offerTransfer.error} />}
      <div className="row-actions">
        <button type="submit" className="button primary small" disabled={offerTransfer.isPending}>
          {offerTransfer.isPending ? 'Sending…' : 'Send ticket'}
        </button>
        <button type="button" className="button secondary small" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The face value line shared by offers in both directions. */
export const faceValueText = (t: Transfer) => `face value ${formatMoney(t.faceValue)}, no charge`;
