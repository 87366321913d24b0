import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useEraseAccount } from '../../api/mutations.js';
import { erasurePreviewQuery } from '../../api/queries.js';
import type { ErasurePreview } from '../../api/types.js';
import { useSession } from '../../auth/session.js';
import { ErrorMessage, Loading } from '../../components/feedback.js';
import { FieldError, fieldMessages } from '../../components/field-error.js';
import { formatDate, formatMoney } from '../../components/format.js';

function ErasureStatement({ preview }: { preview: ErasurePreview }) {
  const tickets = preview.upcomingTickets.reduce((n, t) => n + t.ticketCount, 0);
  return (
    <>
      {tickets === 0 ? (
        <p>You have no tickets for upcoming events.</p>
      ) : (
        <>
          <p>
            <strong>Your {tickets === 1 ? 'ticket' : `${tickets} tickets`} for upcoming events will be voided and refunded:</strong>
          </p>
          <ul className="erasure-list">
            {preview.upcomingTickets.map((t) => (
              <li key={t.orderId}>
                {t.eventTitle}, {formatDate(t.startsAt, t.venueTimeZone)}: {t.ticketCount === 1 ? '1 ticket' : `${t.ticketCount} tickets`},
                refund {formatMoney(t.refund)}
              </li>
            ))}
          </ul>
        </>
      )}
      <p>{preview.policy}</p>
    </>
  );
}

export function PrivacySection() {
  const { user, logout } = useSession();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const [mismatch, setMismatch] = useState(false);
  const preview = useQuery({ ...erasurePreviewQuery(), enabled: confirming });
  const erase = useEraseAccount();
  const serverFields = fieldMessages(erase.error);
  const fields = mismatch ? new Map([['email', 'must be your account’s address, as shown above']]) : serverFields;

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const typed = String(new FormData(e.currentTarget).get('email')).trim().toLowerCase();
    // Checked here too, so a slip of the keyboard never reaches the server's irreversible step.
    if (typed !== user?.email) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    erase.mutate(typed, {
      onSuccess: async () => {
        await logout(() => navigate('/', { replace: true }));
      },
    });
  }

  return (
    <section className="card account-section" aria-labelledby="privacy-heading">
      <h2 id="privacy-heading">Your data</h2>
      <p>Download everything Boxoffice holds about you, as a JSON file.</p>
      {/* A plain download: the session cookie goes along, and the reply names the file. */}
      <a className="button secondary" href="/api/v1/me/export" download>
        Download my data
      </a>

      <h3>Delete your account</h3>
      {!confirming ? (
        <button type="button" className="button danger" onClick={() => setConfirming(true)}>
          Delete my account…
        </button>
      ) : (
        <form className="form erasure-confirm" onSubmit={submit} noValidate aria-labelledby="erase-heading">
          <h4 id="erase-heading">Before you delete your account</h4>
          {preview.isPending && <Loading label="Checking your upcoming tickets…" />}
          {preview.error && <ErrorMessage error={preview.error} onRetry={() => void preview.refetch()} />}
          {preview.isSuccess && <ErasureStatement preview={preview.data} />}
          <p>This cannot be undone.</p>
          <div className="field">
            <label htmlFor="erase-email">Type your e-mail address to confirm</label>
            <input
              id="erase-email"
              name="email"
              type="email"
              autoComplete="off"
              required
              aria-invalid={fields.has('email')}
              aria-describedby="erase-email-error"
            />
            <FieldError messages={fields} field="email" id="erase-email-error" />
          </div>
          {erase.error && serverFields.size === 0 && <ErrorMessage error={erase.error} />}
          <div className="actions">
            <button type="button" className="button secondary" onClick={() => setConfirming(false)} disabled={erase.isPending}>
              Keep my account
            </button>
            <button type="submit" className="button danger" disabled={erase.isPending || !preview.isSuccess}>
              {erase.isPending ? 'Deleting…' : 'Delete my account for good'}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
