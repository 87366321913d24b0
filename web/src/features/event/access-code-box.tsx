import { useState, type FormEvent } from 'react';
import { checkAccessCode } from '../../api/access-codes.js';
import { ApiError } from '../../api/client.js';
import type { AccessCodeCheck } from '../../api/types.js';
import { ErrorMessage, Notice } from '../../components/feedback.js';
import { formatDate, formatMoney } from '../../components/format.js';

const storageKey = (eventId: string) => `boxoffice.access-code.${eventId}`;

/** The code this tab accepted for the event (kept across a sign-in), or null. */
export function savedAccessCode(eventId: string): AccessCodeCheck | null {
  const raw = sessionStorage.getItem(storageKey(eventId));
  return raw ? (JSON.parse(raw) as AccessCodeCheck) : null;
}

const reasons: Record<NonNullable<AccessCodeCheck['reason']>, string> = {
  CODE_INVALID: 'This code is not valid for this event.',
  CODE_EXPIRED: 'This code is not valid at this time.',
  CODE_EXHAUSTED: 'This code has no uses left.',
};

/**
 * "Have a code?": checks a presale/access code without using it, then shows what it unlocks and
 * discounts. The hold uses it (and checks it again) when seats are held.
 */
export function AccessCodeBox({
  eventId,
  timeZone,
  required,
  accepted,
  onAccepted,
}: {
  eventId: string;
  timeZone: string;
  /** During the presale: holds need a code. */
  required: boolean;
  accepted: AccessCodeCheck | null;
  onAccepted(check: AccessCodeCheck | null): void;
}) {
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const check = await checkAccessCode(eventId, code);
      if (!check.valid) {
        setError(check.reason ? reasons[check.reason] : 'This code cannot be used.');
        return;
      }
      sessionStorage.setItem(storageKey(eventId), JSON.stringify(check));
      onAccepted(check);
      setCode('');
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? 'Sign in to use a code.' : err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  if (accepted) {
    return (
      <section className="card access-code" aria-labelledby="code-title">
        <h2 id="code-title">Access code</h2>
        <Notice tone="success">
          Code <strong>{accepted.code}</strong> accepted.
          {accepted.discount && <> {accepted.discount.perTicket}.</>}
          {accepted.validUntil && <> Valid until {formatDate(accepted.validUntil, timeZone)}.</>}
        </Notice>
        {accepted.unlocksTiers.length > 0 && (
          <>
            <p>It unlocks:</p>
            <ul>
              {accepted.unlocksTiers.map((t) => (
                <li key={t.id}>
                  {t.name}: {formatMoney(t.price)}
                </li>
              ))}
            </ul>
          </>
        )}
        <p className="hint">The code is used when you hold seats; the discount shows in the price breakdown at checkout.</p>
        <button
          type="button"
          className="button secondary small"
          onClick={() => {
            sessionStorage.removeItem(storageKey(eventId));
            onAccepted(null);
          }}
        >
          Remove code
        </button>
      </section>
    );
  }

  return (
    <form className="card access-code" onSubmit={(e) => void submit(e)} aria-labelledby="code-title">
      <h2 id="code-title">{required ? 'Enter your presale code' : 'Have a code?'}</h2>
      <div className="field">
        <label htmlFor="access-code">Access code</label>
        <input
          id="access-code"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          required
          maxLength={40}
          autoComplete="off"
          autoCapitalize="characters"
          aria-invalid={error ? true : undefined}
        />
      </div>
      {error && <ErrorMessage error={error} />}
      <button className="button secondary" type="submit" disabled={busy || code.trim() === ''}>
        {busy ? 'Checking…' : 'Apply code'}
      </button>
    </form>
  );
}
